import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Auth } from '../../core/auth/auth.decorators';
import type { AuthUser } from '../../core/auth/auth-user';
import { UuidPipe } from '../../core/http/uuid.pipe';
import { ApplyResultDto, ApplyTemplateDto, CreateTemplateDto, TemplateDto } from './plan-templates.dto';
import { PlanTemplatesService } from './plan-templates.service';

@ApiTags('plans')
@ApiBearerAuth()
@Controller('plan-templates')
export class PlanTemplatesController {
  constructor(private readonly templates: PlanTemplatesService) {}

  @Get()
  @ApiOkResponse({ type: [TemplateDto] })
  list(@Auth() auth: AuthUser) {
    return this.templates.list(auth);
  }

  @Post()
  @ApiCreatedResponse({
    type: TemplateDto,
    description: 'Saves a plan’s sections, goals and targets as a strategy',
  })
  create(@Auth() auth: AuthUser, @Body() dto: CreateTemplateDto) {
    return this.templates.create(auth, dto);
  }

  @Post(':id/apply')
  @HttpCode(200)
  @ApiOkResponse({ type: ApplyResultDto })
  apply(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string, @Body() dto: ApplyTemplateDto) {
    return this.templates.apply(auth, id, dto);
  }
}
