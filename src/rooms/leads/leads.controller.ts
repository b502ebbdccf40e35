import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Auth } from '../../core/auth/auth.decorators';
import type { AuthUser } from '../../core/auth/auth-user';
import { UuidPipe } from '../../core/http/uuid.pipe';
import { DealDto } from '../deals/deals.dto';
import { csvLine } from '../plans/plans.csv';
import {
  CheckLeadDto,
  CheckResultDto,
  ExtensionDecisionDto,
  ExtensionRequestDto,
  LeadDto,
  LeadPageDto,
  LeadQueryDto,
  LeadTransitionDto,
  SubmitLeadDto,
  UpdateLeadDto,
} from './leads.dto';
import { LeadsService } from './leads.service';

const CSV_HEADER = [
  'Customer',
  'Domain',
  'Country',
  'Contact',
  'Contact email',
  'Products',
  'Estimated value',
  'Currency',
  'Status',
  'Conflict',
  'Company',
  'Registered by',
  'Expires',
  'Deal',
  'Created',
];

@ApiTags('leads')
@ApiBearerAuth()
@Controller('leads')
export class LeadsController {
  constructor(private readonly leads: LeadsService) {}

  @Get()
  @ApiOkResponse({ type: LeadPageDto })
  list(@Auth() auth: AuthUser, @Query() query: LeadQueryDto) {
    return this.leads.list(auth, query);
  }

  @Get('export.csv')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The same rows as GET /leads, as RFC 4180 CSV' })
  async exportCsv(
    @Auth() auth: AuthUser,
    @Query() query: LeadQueryDto,
    @Res() response: Response,
  ): Promise<void> {
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', 'attachment; filename="leads.csv"');
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.write('\uFEFF' + csvLine(CSV_HEADER));
    for await (const l of this.leads.allRows(auth, query)) {
      const line = csvLine([
        l.customerName,
        l.customerDomain,
        l.country,
        l.contactName,
        l.contactEmail,
        l.products.join('; '),
        l.estimatedValue.amount,
        l.estimatedValue.currency,
        l.status,
        l.conflict ? 'yes' : 'no',
        l.companyId,
        l.registeredById,
        l.expiresAt,
        l.dealId,
        l.createdAt,
      ]);
      if (!response.write(line)) await new Promise((resolve) => response.once('drain', resolve));
    }
    response.end();
  }

  @Post()
  @ApiCreatedResponse({
    type: LeadDto,
    description: '`conflict` flags a possible clash with another registration',
  })
  submit(@Auth() auth: AuthUser, @Body() dto: SubmitLeadDto) {
    return this.leads.submit(auth, dto);
  }

  @Post('check')
  @HttpCode(200)
  @ApiOkResponse({ type: CheckResultDto, description: 'Partners get only { conflict }' })
  check(@Auth() auth: AuthUser, @Body() dto: CheckLeadDto) {
    return this.leads.check(auth, dto);
  }

  @Get(':id')
  @ApiOkResponse({ type: LeadDto })
  get(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string) {
    return this.leads.get(auth, id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: LeadDto })
  update(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string, @Body() dto: UpdateLeadDto) {
    return this.leads.update(auth, id, dto);
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @ApiOkResponse({ type: LeadDto, description: '409 for a transition the workflow does not allow' })
  transition(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string, @Body() dto: LeadTransitionDto) {
    return this.leads.transition(auth, id, dto);
  }

  @Post(':id/extension')
  @HttpCode(200)
  @ApiOkResponse({ type: LeadDto, description: 'The partner asks to extend the protection period' })
  requestExtension(
    @Auth() auth: AuthUser,
    @Param('id', UuidPipe) id: string,
    @Body() dto: ExtensionRequestDto,
  ) {
    return this.leads.requestExtension(auth, id, dto);
  }

  @Post(':id/extension/decision')
  @HttpCode(200)
  @ApiOkResponse({ type: LeadDto, description: 'The vendor grants or refuses the pending extension' })
  decideExtension(
    @Auth() auth: AuthUser,
    @Param('id', UuidPipe) id: string,
    @Body() dto: ExtensionDecisionDto,
  ) {
    return this.leads.decideExtension(auth, id, dto);
  }

  @Post(':id/convert')
  @ApiCreatedResponse({ type: DealDto })
  convert(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string) {
    return this.leads.convert(auth, id);
  }
}
