import { ConflictException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager, In, IsNull, Not } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { AccessService } from '../../core/access/access.service';
import { PlanStatus, planTransitions } from '../../core/access/policies/plan.policy';
import { ActivityService } from '../../core/activity/activity.service';
import { AuthUser } from '../../core/auth/auth-user';
import { Tx, UnitOfWork } from '../../core/database/unit-of-work';
import { BadInputException } from '../../core/http/errors';
import { decodeCursor, encodeCursor, Page, pageLimit } from '../../core/http/pagination';
import { genericEmail } from '../../core/notifications/email-templates';
import { NotificationsService } from '../../core/notifications/notifications.service';
import { Company } from '../../core/workspace/company.entity';
import { User } from '../../core/workspace/user.entity';
import { Workspace } from '../../core/workspace/workspace.entity';
import { fiscalYearRange, today } from './fiscal-year';
import { Plan } from './plan.entity';
import { PlanAccess } from './plan-access';
import { PlanGoal } from './plan-goal.entity';
import { PlanProgressService } from './plan-progress.service';
import { PlanSection, SectionKind } from './plan-section.entity';
import { PlanTemplate, TemplateSection } from './plan-template.entity';
import { GoalItem } from './goal-item.entity';
import { CreatePlanDto, PlanQueryDto, PlanSort, ReconcileDto, UpdatePlanDto } from './plans.dto';
import { PlanDto, PlanRowDto } from './plans.view';
import { goalProgress } from './plan-progress';

export const DEFAULT_SECTIONS: Array<{ kind: SectionKind; title: string }> = [
  { kind: 'strategy', title: 'Strategy' },
  { kind: 'onboarding', title: 'Onboarding' },
  { kind: 'training', title: 'Training' },
  { kind: 'sales', title: 'Sales' },
  { kind: 'marketing', title: 'Marketing' },
];

const SORT_COLUMNS: Record<string, { expr: string; cursor: (p: RowSource) => string | number }> = {
  name: { expr: 'p.name', cursor: (p) => p.name },
  fiscalYear: { expr: 'p.fiscal_year', cursor: (p) => p.fiscalYear },
  overallCompletion: { expr: 'p.overall_completion', cursor: (p) => Number(p.overallCompletion) },
  createdAt: { expr: 'p.created_at', cursor: (p) => p.createdAt.toISOString() },
  updatedAt: { expr: 'p.updated_at', cursor: (p) => p.updatedAt.toISOString() },
  company: { expr: 'c.name', cursor: (p) => p.companyName },
};

export interface RowSource extends Plan {
  companyName: string;
  ownerId: string | null;
  authorName: string | null;
}

/** A clock the scheduler and the workflow read, replaceable in tests. */
export const PLANS_CLOCK = Symbol('PLANS_CLOCK');
export type Clock = () => Date;

@Injectable()
export class PlansService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly plans: PlanAccess,
    private readonly progress: PlanProgressService,
    private readonly activity: ActivityService,
    private readonly notifications: NotificationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PLANS_CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * A company's live plans for its overview gauges (active, scheduled, completed), newest fiscal year
   * first. The caller has applied the plan policy to the reader already (the overview of the company).
   */
  async gaugesOf(
    companyId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Array<Pick<Plan, 'id' | 'name' | 'status' | 'fiscalYear' | 'overallCompletion'>>> {
    return manager.find(Plan, {
      select: { id: true, name: true, status: true, fiscalYear: true, overallCompletion: true },
      where: { companyId, deletedAt: IsNull(), status: In(['active', 'scheduled', 'completed']) },
      order: { fiscalYear: 'DESC', name: 'ASC' },
    });
  }

  /** The manage table query: every filter, the sort and the visibility rules in one indexed statement. */
  rowsQuery(auth: AuthUser, query: PlanQueryDto) {
    const qb = this.dataSource
      .createQueryBuilder()
      .select('p.*')
      .addSelect('c.name', 'company_name')
      .addSelect('c.owner_id', 'owner_id')
      .addSelect('u.name', 'author_name')
      .from(Plan, 'p')
      .innerJoin(Company, 'c', 'c.id = p.company_id AND c.deleted_at IS NULL')
      .leftJoin(User, 'u', 'u.id = p.author_id')
      .where('p.workspace_id = :ws AND p.deleted_at IS NULL', { ws: auth.workspaceId });
    if (!this.access.isVendor(auth)) {
      // Partners: own company, plans room open to them, never a vendor-only outline.
      if (auth.role === 'partner_member') qb.andWhere('FALSE');
      qb.andWhere('p.company_id = :own', { own: auth.companyId })
        .andWhere(`p.status <> 'draft_outline'`)
        .andWhere(
          `EXISTS (SELECT 1 FROM rooms r WHERE r.company_id = p.company_id AND r.kind = 'plans' AND r.enabled)`,
        );
    }
    if (query.q) {
      qb.andWhere('(p.name ILIKE :q OR c.name ILIKE :q)', {
        q: `%${query.q.replace(/[\\%_]/g, (m) => '\\' + m)}%`,
      });
    }
    if (query.fiscalYear) qb.andWhere('p.fiscal_year = :fy', { fy: query.fiscalYear });
    if (query.status) qb.andWhere('p.status IN (:...statuses)', { statuses: query.status.split(',') });
    if (query.companyId) qb.andWhere('p.company_id = :companyId', { companyId: query.companyId });
    if (query.ownerId) qb.andWhere('c.owner_id = :ownerId', { ownerId: query.ownerId });
    return qb;
  }

  async list(auth: AuthUser, query: PlanQueryDto): Promise<Page<PlanRowDto>> {
    const limit = pageLimit(query);
    const { column, direction } = this.sortOf(query.sort);
    const qb = this.rowsQuery(auth, query);
    const cursor = decodeCursor(query.cursor, 2);
    if (cursor) {
      const op = direction === 'ASC' ? '>' : '<';
      qb.andWhere(`(${column.expr}, p.id) ${op} (:cv, :cid)`, { cv: cursor[0], cid: cursor[1] });
    }
    qb.orderBy(column.expr, direction)
      .addOrderBy('p.id', direction)
      .limit(limit + 1);
    const rows = (await qb.getRawMany<Record<string, unknown>>()).map((raw) => this.rowSource(raw));
    const more = rows.length > limit;
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((p) => this.mapRow(p)),
      nextCursor: more && last ? encodeCursor([column.cursor(last), last.id]) : null,
    };
  }

  /** Streams every row of the manage table in pages, for the CSV export. */
  async *allRows(auth: AuthUser, query: PlanQueryDto): AsyncGenerator<PlanRowDto> {
    const { column, direction } = this.sortOf(query.sort);
    let after: [string | number, string] | null = null;
    for (;;) {
      const qb = this.rowsQuery(auth, query);
      if (after) {
        const op = direction === 'ASC' ? '>' : '<';
        qb.andWhere(`(${column.expr}, p.id) ${op} (:cv, :cid)`, { cv: after[0], cid: after[1] });
      }
      qb.orderBy(column.expr, direction).addOrderBy('p.id', direction).limit(500);
      const rows = (await qb.getRawMany<Record<string, unknown>>()).map((raw) => this.rowSource(raw));
      for (const row of rows) yield this.mapRow(row);
      if (rows.length < 500) return;
      const last = rows[rows.length - 1];
      after = [column.cursor(last), last.id];
    }
  }

  async get(auth: AuthUser, id: string, byMonth = false): Promise<PlanDto> {
    const { plan, partner } = await this.plans.require(auth, id, 'read');
    return this.progress.view(this.dataSource.manager, plan, partner, byMonth);
  }

  async create(
    auth: AuthUser,
    dto: CreatePlanDto,
    overrides: Array<{ goal: string; target: string }> = [],
  ): Promise<PlanDto> {
    const relation = await this.plans.relationFor(auth, dto.companyId);
    if (!relation) throw new NotFoundException('Company not found');
    if (relation !== 'admin' && relation !== 'owner') {
      throw new ForbiddenException('Only the partner’s channel manager or an admin creates plans');
    }
    if (dto.allowDuplicate && relation !== 'admin') {
      throw new ForbiddenException('Only an admin may allow a second plan for the same year');
    }
    return this.uow.run(async (tx) => {
      const { manager } = tx;
      const company = await manager.findOneByOrFail(Company, { id: dto.companyId });
      const workspace = await manager.findOneByOrFail(Workspace, { id: auth.workspaceId });
      await this.checkUnique(manager, dto.companyId, dto.fiscalYear, null, dto.allowDuplicate === true);
      const range = fiscalYearRange(dto.fiscalYear, workspace.fiscalYearStartMonth);
      const plan = await manager.save(
        manager.create(Plan, {
          workspaceId: auth.workspaceId,
          companyId: dto.companyId,
          name: dto.name,
          description: dto.description ?? '',
          fiscalYear: dto.fiscalYear,
          startDate: range.start,
          endDate: range.end,
          currency: company.currency.trim(),
          status: 'draft_outline',
          authorId: auth.id,
          templateId: dto.templateId ?? null,
        }),
      );
      if (dto.templateId) {
        const template = await manager.findOne(PlanTemplate, {
          where: { id: dto.templateId, workspaceId: auth.workspaceId },
        });
        if (!template) {
          throw new BadInputException('Unknown template', [
            { field: 'templateId', problem: 'is not a template of this workspace' },
          ]);
        }
        await this.populate(manager, plan.id, template.sections, overrides);
        await this.progress.recompute(manager, plan);
      } else {
        await manager.save(
          DEFAULT_SECTIONS.map((s, position) =>
            manager.create(PlanSection, { planId: plan.id, ...s, position }),
          ),
        );
      }
      await this.record(tx, auth, plan, 'plan.created', `${auth.name} drafted the plan ${plan.name}`, {
        templateId: dto.templateId ?? null,
      });
      return this.progress.view(manager, plan, false);
    });
  }

  async update(auth: AuthUser, id: string, dto: UpdatePlanDto): Promise<PlanDto> {
    return this.uow.run(async (tx) => {
      const { plan, relation, partner } = await this.plans.require(auth, id, 'edit', tx.manager, true);
      if (dto.allowDuplicate && relation !== 'admin') {
        throw new ForbiddenException('Only an admin may allow a second plan for the same year');
      }
      if (dto.fiscalYear !== undefined && dto.fiscalYear !== plan.fiscalYear) {
        await this.checkUnique(
          tx.manager,
          plan.companyId,
          dto.fiscalYear,
          plan.id,
          dto.allowDuplicate === true,
        );
        const workspace = await tx.manager.findOneByOrFail(Workspace, { id: plan.workspaceId });
        const range = fiscalYearRange(dto.fiscalYear, workspace.fiscalYearStartMonth);
        plan.fiscalYear = dto.fiscalYear;
        plan.startDate = range.start;
        plan.endDate = range.end;
      }
      if (dto.name !== undefined) plan.name = dto.name;
      if (dto.description !== undefined) plan.description = dto.description;
      await tx.manager.save(plan);
      await this.progress.recompute(tx.manager, plan);
      await this.record(tx, auth, plan, 'plan.updated', `${auth.name} updated the plan ${plan.name}`);
      return this.progress.view(tx.manager, plan, partner);
    });
  }

  async remove(auth: AuthUser, id: string): Promise<void> {
    await this.uow.run(async (tx) => {
      const { plan } = await this.plans.require(auth, id, 'delete', tx.manager, true);
      plan.deletedAt = new Date();
      await tx.manager.save(plan);
      await this.record(tx, auth, plan, 'plan.deleted', `${auth.name} deleted the plan ${plan.name}`);
    });
  }

  /** Moves a plan along the workflow table; approval lands on scheduled or active by the start date. */
  async transition(auth: AuthUser, id: string, to: PlanStatus): Promise<PlanDto> {
    return this.uow.run(async (tx) => {
      const { plan, relation, partner } = await this.plans.require(auth, id, 'read', tx.manager, true);
      const from = plan.status;
      const allowed = planTransitions[from]?.[to];
      if (!allowed) {
        const hint =
          to === 'completed'
            ? ' (use reconcile)'
            : to === 'active' && from === 'scheduled'
              ? ' (it starts by itself on its start date)'
              : '';
        throw new ConflictException(`A ${from} plan cannot move to ${to}${hint}`);
      }
      if (!allowed.includes(relation))
        throw new ForbiddenException(`Your role may not move this plan to ${to}`);
      const now = this.clock();
      const target: PlanStatus =
        to === 'scheduled' || to === 'active' ? (today(now) < plan.startDate ? 'scheduled' : 'active') : to;
      plan.status = target;
      if (target === 'draft') plan.sharedAt = plan.sharedAt ?? now;
      if (target === 'scheduled' || target === 'active') {
        plan.approvedAt = now;
        plan.approvedById = auth.id;
      }
      await tx.manager.save(plan);
      if (from === 'draft_outline' && target === 'draft') await this.announceShared(tx, auth, plan);
      const type =
        target === 'draft' && from === 'draft_outline'
          ? 'plan.shared'
          : target === 'scheduled' || target === 'active'
            ? 'plan.approved'
            : target === 'archived'
              ? 'plan.archived'
              : 'plan.status_changed';
      await this.record(tx, auth, plan, type, `${auth.name} moved the plan ${plan.name} to ${target}`, {
        from,
        to: target,
      });
      return this.progress.view(tx.manager, plan, partner);
    });
  }

  /** Freezes every goal's final result, completes the plan, and optionally drafts next year's. */
  async reconcile(
    auth: AuthUser,
    id: string,
    dto: ReconcileDto,
  ): Promise<{ plan: PlanDto; nextPlanId: string | null }> {
    return this.uow.run(async (tx) => {
      const { plan, relation } = await this.plans.require(auth, id, 'reconcile', tx.manager, true);
      if (plan.status !== 'active')
        throw new ConflictException(`Only an active plan can be reconciled, not a ${plan.status} one`);
      const loaded = await this.progress.load(tx.manager, plan);
      for (const fact of loaded.facts) {
        await tx.manager.update(PlanGoal, { id: fact.id }, { finalProgress: goalProgress(fact).toFixed(1) });
      }
      plan.status = 'completed';
      plan.completedAt = this.clock();
      await tx.manager.save(plan);
      await this.progress.recompute(tx.manager, plan);
      let nextPlanId: string | null = null;
      if (dto.rollOver) nextPlanId = await this.rollOver(tx, auth, plan, relation === 'admin');
      await this.record(tx, auth, plan, 'plan.completed', `${auth.name} reconciled the plan ${plan.name}`, {
        nextPlanId,
      });
      return { plan: await this.progress.view(tx.manager, plan, false), nextPlanId };
    });
  }

  /** Activates scheduled plans whose start date has come and completes active ones past their end. */
  async runSchedule(now: Date = this.clock()): Promise<{ activated: number; completed: number }> {
    return this.uow.run(async (tx) => {
      const [{ locked }] = await tx.manager.query<{ locked: boolean }[]>(
        'SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked',
        ['plans-scheduler'],
      );
      if (!locked) return { activated: 0, completed: 0 };
      const day = today(now);
      const due = await tx.manager
        .createQueryBuilder(Plan, 'p')
        .where(
          `p.deletedAt IS NULL AND ((p.status = 'scheduled' AND p.startDate <= :day) OR (p.status = 'active' AND p.endDate < :day))`,
          { day },
        )
        .setLock('pessimistic_write')
        .getMany();
      let activated = 0;
      let completed = 0;
      for (const plan of due) {
        const from = plan.status;
        plan.status = from === 'scheduled' ? 'active' : 'completed';
        if (plan.status === 'completed') plan.completedAt = now;
        await tx.manager.save(plan);
        if (plan.status === 'active') activated += 1;
        else completed += 1;
        await this.activity.record(tx, {
          workspaceId: plan.workspaceId,
          companyId: plan.companyId,
          roomId: await this.plans.plansRoomId(tx.manager, plan.companyId),
          type: plan.status === 'active' ? 'plan.activated' : 'plan.completed',
          entity: 'plan',
          entityId: plan.id,
          summary: `The plan ${plan.name} is now ${plan.status}`,
          data: { from, to: plan.status },
        });
      }
      return { activated, completed };
    });
  }

  /** Recomputes stored progress of a company's live plans after a change in another room. */
  async recomputeCompany(companyId: string): Promise<void> {
    await this.uow.run(async (tx) => {
      const plans = await tx.manager.find(Plan, {
        where: {
          companyId,
          deletedAt: IsNull(),
          status: In(['draft_outline', 'draft', 'scheduled', 'active']),
        },
      });
      for (const plan of plans) await this.progress.recompute(tx.manager, plan);
    });
  }

  async record(
    tx: Tx,
    auth: AuthUser,
    plan: Plan,
    type: string,
    summary: string,
    data: Record<string, unknown> = {},
  ) {
    await this.activity.record(tx, {
      workspaceId: plan.workspaceId,
      companyId: plan.companyId,
      roomId: await this.plans.plansRoomId(tx.manager, plan.companyId),
      actorId: auth.id,
      type,
      entity: 'plan',
      entityId: plan.id,
      summary,
      data: { planId: plan.id, ...data },
      audience: plan.status === 'draft_outline' ? 'vendor' : 'all',
    });
  }

  /** Sections and goals of a template (or a plan being copied) into a plan, with per-goal target overrides. */
  async populate(
    manager: EntityManager,
    planId: string,
    sections: TemplateSection[],
    overrides: Array<{ goal: string; target: string }> = [],
  ): Promise<void> {
    for (const [position, section] of sections.entries()) {
      const saved = await manager.save(
        manager.create(PlanSection, { planId, kind: section.kind, title: section.title, position }),
      );
      for (const [goalPosition, goal] of section.goals.entries()) {
        const override = overrides.find((o) => o.goal === goal.title);
        const created = await manager.save(
          manager.create(PlanGoal, {
            planId,
            sectionId: saved.id,
            type: goal.type,
            title: goal.title,
            description: goal.description,
            weight: goal.weight,
            target: override?.target ?? goal.target,
            baseline: '0',
            settings: goal.settings,
            position: goalPosition,
          }),
        );
        if (goal.items.length) {
          await manager.save(
            goal.items.map((text, i) => manager.create(GoalItem, { goalId: created.id, text, position: i })),
          );
        }
      }
    }
  }

  /** The shape of a plan as template sections: sections, goals, targets and checklist items, no progress. */
  async shapeOf(manager: EntityManager, planId: string): Promise<TemplateSection[]> {
    const sections = await manager.find(PlanSection, {
      where: { planId },
      order: { position: 'ASC', createdAt: 'ASC' },
    });
    const goals = await manager.find(PlanGoal, {
      where: { planId },
      order: { position: 'ASC', createdAt: 'ASC' },
    });
    const items = goals.length
      ? await manager.find(GoalItem, {
          where: { goalId: In(goals.map((g) => g.id)) },
          order: { position: 'ASC' },
        })
      : [];
    return sections.map((section) => ({
      kind: section.kind,
      title: section.title,
      goals: goals
        .filter((g) => g.sectionId === section.id)
        .map((g) => ({
          type: g.type,
          title: g.title,
          description: g.description,
          weight: g.weight,
          target: g.target,
          settings: g.settings,
          items: items.filter((i) => i.goalId === g.id).map((i) => i.text),
        })),
    }));
  }

  private async announceShared(tx: Tx, auth: AuthUser, plan: Plan): Promise<void> {
    const recipients = await tx.manager.find(User, {
      where: {
        companyId: plan.companyId,
        status: 'active',
        role: In(['partner_executive', 'partner_manager']),
      },
    });
    const workspace = await tx.manager.findOneByOrFail(Workspace, { id: plan.workspaceId });
    const link = `${this.config.publicUrl}/plans/${plan.id}`;
    for (const user of recipients) {
      const subject = `${plan.name} shared by ${workspace.name}`;
      await this.notifications.notify(tx, {
        workspaceId: plan.workspaceId,
        userId: user.id,
        kind: 'plan.shared',
        title: subject,
        body: `${auth.name} shared the business plan ${plan.name} for your review.`,
        link,
        data: { planId: plan.id },
        email: {
          to: user.email,
          content: genericEmail(
            'plan.shared',
            subject,
            [
              `${auth.name} shared the business plan “${plan.name}” (fiscal year ${plan.fiscalYear}) with you for review.`,
              'Open it to co-edit the narrative and review the goals.',
            ],
            link,
          ),
        },
      });
    }
  }

  private async rollOver(tx: Tx, auth: AuthUser, plan: Plan, admin: boolean): Promise<string> {
    const { manager } = tx;
    const fiscalYear = plan.fiscalYear + 1;
    await this.checkUnique(manager, plan.companyId, fiscalYear, null, admin);
    const workspace = await manager.findOneByOrFail(Workspace, { id: plan.workspaceId });
    const range = fiscalYearRange(fiscalYear, workspace.fiscalYearStartMonth);
    const next = await manager.save(
      manager.create(Plan, {
        workspaceId: plan.workspaceId,
        companyId: plan.companyId,
        name: plan.name.replace(String(plan.fiscalYear), String(fiscalYear)),
        description: plan.description,
        fiscalYear,
        startDate: range.start,
        endDate: range.end,
        currency: plan.currency,
        status: 'draft_outline',
        authorId: auth.id,
        templateId: plan.templateId,
      }),
    );
    await this.populate(manager, next.id, await this.shapeOf(manager, plan.id));
    await this.record(
      tx,
      auth,
      next,
      'plan.created',
      `${auth.name} rolled ${plan.name} over to ${fiscalYear}`,
      {
        fromPlanId: plan.id,
      },
    );
    return next.id;
  }

  private async checkUnique(
    manager: EntityManager,
    companyId: string,
    fiscalYear: number,
    exceptId: string | null,
    override: boolean,
  ): Promise<void> {
    if (override) return;
    const clash = await manager.exists(Plan, {
      where: {
        companyId,
        fiscalYear,
        deletedAt: IsNull(),
        status: Not('archived'),
        ...(exceptId ? { id: Not(exceptId) } : {}),
      },
    });
    if (clash) {
      throw new ConflictException(
        `This partner already has a plan for fiscal year ${fiscalYear}; archive it or ask an admin to allow a second one`,
      );
    }
  }

  private sortOf(sort: PlanSort | undefined) {
    const key = (sort ?? 'name').replace(/^-/, '');
    const column = SORT_COLUMNS[key];
    if (!column)
      throw new BadInputException('Unknown sort', [{ field: 'sort', problem: 'is not a sortable column' }]);
    return { column, direction: (sort ?? 'name').startsWith('-') ? ('DESC' as const) : ('ASC' as const) };
  }

  private rowSource(raw: Record<string, unknown>): RowSource {
    return {
      id: raw.id as string,
      workspaceId: raw.workspace_id as string,
      companyId: raw.company_id as string,
      name: raw.name as string,
      description: raw.description as string,
      fiscalYear: Number(raw.fiscal_year),
      startDate: String(raw.start_date),
      endDate: String(raw.end_date),
      currency: String(raw.currency).trim(),
      status: raw.status as PlanStatus,
      authorId: (raw.author_id as string | null) ?? null,
      templateId: (raw.template_id as string | null) ?? null,
      overallCompletion: String(raw.overall_completion),
      sectionCompletion: (raw.section_completion as Record<string, number>) ?? {},
      revenueTarget: (raw.revenue_target as string | null) ?? null,
      revenueActual: (raw.revenue_actual as string | null) ?? null,
      sharedAt: null,
      progressEmailMonth: null,
      staleNudgedAt: null,
      approvedAt: null,
      approvedById: null,
      completedAt: null,
      deletedAt: null,
      createdAt: new Date(raw.created_at as string),
      updatedAt: new Date(raw.updated_at as string),
      companyName: raw.company_name as string,
      ownerId: (raw.owner_id as string | null) ?? null,
      authorName: (raw.author_name as string | null) ?? null,
    };
  }

  private mapRow(p: RowSource): PlanRowDto {
    return {
      id: p.id,
      companyId: p.companyId,
      companyName: p.companyName,
      name: p.name,
      fiscalYear: p.fiscalYear,
      status: p.status,
      overallCompletion: Number(p.overallCompletion),
      sectionCompletion: p.sectionCompletion,
      authorId: p.authorId,
      authorName: p.authorName,
      ownerId: p.ownerId,
      revenueTarget: p.revenueTarget,
      revenueActual: p.revenueActual,
      currency: p.currency,
      createdAt: p.createdAt.toISOString(),
      updatedAt: p.updatedAt.toISOString(),
    };
  }
}
