import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Auth } from '../../core/auth/auth.decorators';
import type { AuthUser } from '../../core/auth/auth-user';
import { UuidPipe } from '../../core/http/uuid.pipe';
import { csvLine } from '../plans/plans.csv';
import { CommissionsService } from './commissions.service';
import {
  CommissionDto,
  CommissionPageDto,
  CommissionQueryDto,
  CommissionTransitionDto,
  CreateDealDto,
  CurrencyRateDto,
  DealDto,
  DealNoteDto,
  DealPageDto,
  DealQueryDto,
  NoteDto,
  PipelineDto,
  PipelineQueryDto,
  UpdateDealDto,
} from './deals.dto';
import { DealsService } from './deals.service';
import { PartnerMetricsService } from './partner-metrics.service';

const CSV_HEADER = [
  'Deal',
  'Customer',
  'Domain',
  'Stage',
  'Value',
  'Currency',
  'Probability',
  'Expected close',
  'Qualified',
  'Commission rate',
  'Company',
  'Registered by',
  'Source lead',
  'Created',
];

@ApiTags('deals')
@ApiBearerAuth()
@Controller()
export class DealsController {
  constructor(
    private readonly deals: DealsService,
    private readonly commissions: CommissionsService,
    private readonly metrics: PartnerMetricsService,
  ) {}

  @Get('deals')
  @ApiOkResponse({ type: DealPageDto })
  list(@Auth() auth: AuthUser, @Query() query: DealQueryDto) {
    return this.deals.list(auth, query);
  }

  @Get('deals/export.csv')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The same rows as GET /deals, as RFC 4180 CSV' })
  async exportCsv(
    @Auth() auth: AuthUser,
    @Query() query: DealQueryDto,
    @Res() response: Response,
  ): Promise<void> {
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', 'attachment; filename="deals.csv"');
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.write('\uFEFF' + csvLine(CSV_HEADER));
    for await (const d of this.deals.allRows(auth, query)) {
      const line = csvLine([
        d.name,
        d.customerName,
        d.customerDomain,
        d.stage,
        d.value.amount,
        d.value.currency,
        d.probability,
        d.expectedCloseDate,
        d.qualified ? 'yes' : 'no',
        d.commissionRate,
        d.companyId,
        d.registeredById,
        d.sourceLeadId,
        d.createdAt,
      ]);
      if (!response.write(line)) await new Promise((resolve) => response.once('drain', resolve));
    }
    response.end();
  }

  @Post('deals')
  @ApiCreatedResponse({ type: DealDto })
  create(@Auth() auth: AuthUser, @Body() dto: CreateDealDto) {
    return this.deals.create(auth, dto);
  }

  @Get('deals/:id')
  @ApiOkResponse({ type: DealDto, description: 'With stage history and notes' })
  get(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string) {
    return this.deals.get(auth, id);
  }

  @Patch('deals/:id')
  @ApiOkResponse({ type: DealDto, description: '409 for a stage move the workflow does not allow' })
  update(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string, @Body() dto: UpdateDealDto) {
    return this.deals.update(auth, id, dto);
  }

  @Post('deals/:id/notes')
  @ApiCreatedResponse({ type: DealNoteDto })
  addNote(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string, @Body() dto: NoteDto) {
    return this.deals.addNote(auth, id, dto);
  }

  @Get('pipeline')
  @ApiOkResponse({ type: PipelineDto, description: 'Count and value per stage, in the company currency' })
  pipeline(@Auth() auth: AuthUser, @Query() query: PipelineQueryDto) {
    return this.deals.pipeline(auth, query);
  }

  @Get('commissions')
  @ApiOkResponse({ type: CommissionPageDto })
  commissionLedger(@Auth() auth: AuthUser, @Query() query: CommissionQueryDto) {
    return this.commissions.list(auth, query);
  }

  @Post('commissions/:id/transitions')
  @HttpCode(200)
  @ApiOkResponse({ type: CommissionDto, description: 'pending → approved → paid, or declined with a reason' })
  decide(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string, @Body() dto: CommissionTransitionDto) {
    return this.commissions.transition(auth, id, dto);
  }

  @Get('currency-rates')
  @ApiOkResponse({ type: [CurrencyRateDto] })
  rates(@Auth() auth: AuthUser) {
    return this.metrics.listRates(auth);
  }

  @Put('currency-rates')
  @ApiOkResponse({
    type: CurrencyRateDto,
    description: 'Admin: set one currency’s rate to the workspace base',
  })
  setRate(@Auth() auth: AuthUser, @Body() dto: CurrencyRateDto) {
    return this.metrics.setRate(auth, dto);
  }
}
