import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Auth } from '../../core/auth/auth.decorators';
import type { AuthUser } from '../../core/auth/auth-user';
import { UuidPipe } from '../../core/http/uuid.pipe';
import { PlanGoalsService } from './plan-goals.service';
import {
  AddItemDto,
  CreateGoalDto,
  CreatePlanDto,
  CreateSectionDto,
  EntryDto,
  PLAN_COLUMNS,
  PlanQueryDto,
  PlanViewQueryDto,
  ReconcileDto,
  TransitionDto,
  UpdateGoalDto,
  UpdatePlanDto,
  UpdateSectionDto,
} from './plans.dto';
import { csvLine, PlanColumn, planCsvHeader, planCsvRow } from './plans.csv';
import { PlansService } from './plans.service';
import { PlanDto, PlanPageDto } from './plans.view';
import { DEFAULT_SECTIONS } from './plans.service';

@ApiTags('plans')
@ApiBearerAuth()
@Controller('plans')
export class PlansController {
  constructor(
    private readonly plans: PlansService,
    private readonly goals: PlanGoalsService,
  ) {}

  @Get()
  @ApiOkResponse({ type: PlanPageDto, description: 'The manage table: search, filters, sort, cursor pages' })
  list(@Auth() auth: AuthUser, @Query() query: PlanQueryDto) {
    return this.plans.list(auth, query);
  }

  @Get('export.csv')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The same rows as the manage table, streamed as RFC 4180 CSV' })
  async exportCsv(
    @Auth() auth: AuthUser,
    @Query() query: PlanQueryDto,
    @Res() response: Response,
  ): Promise<void> {
    const columns = (query.columns?.split(',') ?? [...PLAN_COLUMNS]) as PlanColumn[];
    const sectionTitles = DEFAULT_SECTIONS.map((s) => s.title);
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', 'attachment; filename="plans.csv"');
    response.setHeader('X-Content-Type-Options', 'nosniff');
    const rows = this.plans.allRows(auth, query);
    response.write('\uFEFF' + csvLine(planCsvHeader(columns, sectionTitles)));
    for await (const row of rows) {
      if (!response.write(csvLine(planCsvRow(row, columns, sectionTitles)))) {
        await new Promise((resolve) => response.once('drain', resolve));
      }
    }
    response.end();
  }

  @Post()
  @ApiCreatedResponse({ type: PlanDto })
  create(@Auth() auth: AuthUser, @Body() dto: CreatePlanDto) {
    return this.plans.create(auth, dto);
  }

  @Get(':id')
  @ApiOkResponse({ type: PlanDto })
  get(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string, @Query() query: PlanViewQueryDto) {
    return this.plans.get(auth, id, query.breakdown === 'month');
  }

  @Patch(':id')
  @ApiOkResponse({ type: PlanDto })
  update(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string, @Body() dto: UpdatePlanDto) {
    return this.plans.update(auth, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string): Promise<void> {
    await this.plans.remove(auth, id);
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @ApiOkResponse({ type: PlanDto, description: '409 for a transition the workflow does not allow' })
  transition(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string, @Body() dto: TransitionDto) {
    return this.plans.transition(auth, id, dto.to);
  }

  @Post(':id/reconcile')
  @HttpCode(200)
  reconcile(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string, @Body() dto: ReconcileDto) {
    return this.plans.reconcile(auth, id, dto);
  }

  @Post(':id/sections')
  @ApiCreatedResponse({ type: PlanDto })
  addSection(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string, @Body() dto: CreateSectionDto) {
    return this.goals.addSection(auth, id, dto);
  }

  @Patch(':id/sections/:sid')
  @ApiOkResponse({ type: PlanDto })
  updateSection(
    @Auth() auth: AuthUser,
    @Param('id', UuidPipe) id: string,
    @Param('sid', UuidPipe) sid: string,
    @Body() dto: UpdateSectionDto,
  ) {
    return this.goals.updateSection(auth, id, sid, dto);
  }

  @Delete(':id/sections/:sid')
  @ApiOkResponse({ type: PlanDto })
  removeSection(
    @Auth() auth: AuthUser,
    @Param('id', UuidPipe) id: string,
    @Param('sid', UuidPipe) sid: string,
  ) {
    return this.goals.removeSection(auth, id, sid);
  }

  @Post(':id/goals')
  @ApiCreatedResponse({ type: PlanDto })
  addGoal(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string, @Body() dto: CreateGoalDto) {
    return this.goals.addGoal(auth, id, dto);
  }

  @Patch(':id/goals/:gid')
  @ApiOkResponse({ type: PlanDto })
  updateGoal(
    @Auth() auth: AuthUser,
    @Param('id', UuidPipe) id: string,
    @Param('gid', UuidPipe) gid: string,
    @Body() dto: UpdateGoalDto,
  ) {
    return this.goals.updateGoal(auth, id, gid, dto);
  }

  @Delete(':id/goals/:gid')
  @ApiOkResponse({ type: PlanDto })
  removeGoal(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string, @Param('gid', UuidPipe) gid: string) {
    return this.goals.removeGoal(auth, id, gid);
  }

  @Post(':id/goals/:gid/items')
  @ApiCreatedResponse({ type: PlanDto })
  addItem(
    @Auth() auth: AuthUser,
    @Param('id', UuidPipe) id: string,
    @Param('gid', UuidPipe) gid: string,
    @Body() dto: AddItemDto,
  ) {
    return this.goals.addItem(auth, id, gid, dto);
  }

  @Post(':id/goals/:gid/items/:iid/complete')
  @HttpCode(200)
  @ApiOkResponse({ type: PlanDto })
  complete(
    @Auth() auth: AuthUser,
    @Param('id', UuidPipe) id: string,
    @Param('gid', UuidPipe) gid: string,
    @Param('iid', UuidPipe) iid: string,
  ) {
    return this.goals.setItem(auth, id, gid, iid, true);
  }

  @Post(':id/goals/:gid/items/:iid/uncomplete')
  @HttpCode(200)
  @ApiOkResponse({ type: PlanDto })
  uncomplete(
    @Auth() auth: AuthUser,
    @Param('id', UuidPipe) id: string,
    @Param('gid', UuidPipe) gid: string,
    @Param('iid', UuidPipe) iid: string,
  ) {
    return this.goals.setItem(auth, id, gid, iid, false);
  }

  @Post(':id/goals/:gid/entries')
  @ApiCreatedResponse({ type: PlanDto })
  addEntry(
    @Auth() auth: AuthUser,
    @Param('id', UuidPipe) id: string,
    @Param('gid', UuidPipe) gid: string,
    @Body() dto: EntryDto,
  ) {
    return this.goals.addEntry(auth, id, gid, dto);
  }
}
