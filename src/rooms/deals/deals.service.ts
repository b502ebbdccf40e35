import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { AccessService } from '../../core/access/access.service';
import {
  DEAL_STAGES,
  dealPolicy,
  DealStage,
  dealStageMove,
  OPEN_DEAL_STAGES,
} from '../../core/access/policies/lead.policy';
import { Relation } from '../../core/access/relation';
import { PARTNER_ROLES } from '../../core/access/roles';
import { ActivityService } from '../../core/activity/activity.service';
import { AuthUser } from '../../core/auth/auth-user';
import { KeysetAfter, keysetPage, resolveSort, SortColumn } from '../../core/database/keyset-page';
import { Tx, UnitOfWork } from '../../core/database/unit-of-work';
import { BadInputException } from '../../core/http/errors';
import { decodeCursor, encodeCursor, Page, pageLimit } from '../../core/http/pagination';
import { NotificationsService } from '../../core/notifications/notifications.service';
import { Company } from '../../core/workspace/company.entity';
import { User } from '../../core/workspace/user.entity';
import { Workspace } from '../../core/workspace/workspace.entity';
import { PlansService } from '../plans/plans.service';
import { CommissionsService } from './commissions.service';
import { Deal } from './deal.entity';
import { DealAccess, roomRelation, scopeToCaller } from './deal-access';
import { DealNotesService } from './deal-notes.service';
import { DealStageChange } from './deal-stage-change.entity';
import {
  CreateDealDto,
  DealDto,
  DealQueryDto,
  DealSort,
  mapDeal,
  mapNote,
  DealNoteDto,
  NoteDto,
  PipelineDto,
  PipelineQueryDto,
  UpdateDealDto,
} from './deals.dto';
import { money } from './money';
import { PartnerMetricsService } from './partner-metrics.service';
import { readEach } from '../../core/database/read-together';

const SORTS: Record<string, SortColumn<Deal>> = {
  createdAt: { expr: 'd.created_at', cursor: (d) => d.createdAt.toISOString() },
  value: { expr: 'd.value', cursor: (d) => d.value },
  name: { expr: 'd.name', cursor: (d) => d.name },
};

/** What a new deal is made of, whether registered directly or converted from a lead. */
export interface NewDeal {
  companyId: string;
  name: string;
  customerName: string;
  customerDomain: string;
  products: string[];
  value: string;
  currency: string;
  stage: DealStage;
  probability?: number;
  expectedCloseDate?: string | null;
  commissionRate?: string | null;
  registeredById: string | null;
  sourceLeadId: string | null;
}

/** Runs inside the transaction that wins a deal, after its activity entry. */
export type DealWonHook = (tx: Tx, auth: AuthUser, relation: Relation, deal: Deal) => Promise<void>;

@Injectable()
export class DealsService {
  private readonly wonHooks: DealWonHook[] = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly deals: DealAccess,
    private readonly activity: ActivityService,
    private readonly notifications: NotificationsService,
    private readonly commissions: CommissionsService,
    private readonly metrics: PartnerMetricsService,
    private readonly plans: PlansService,
    private readonly notes: DealNotesService,
  ) {}

  /** Lets the leads room follow a won deal (its source lead is won too) without reaching into deals. */
  whenWon(hook: DealWonHook): void {
    this.wonHooks.push(hook);
  }

  rowsQuery(auth: AuthUser, query: DealQueryDto) {
    const qb = this.dataSource
      .createQueryBuilder()
      .select('d.id', 'id')
      .from(Deal, 'd')
      .innerJoin(Company, 'c', 'c.id = d.company_id AND c.deleted_at IS NULL')
      .where('d.workspace_id = :ws', { ws: auth.workspaceId });
    scopeToCaller(qb, 'd', auth, this.access, 'deals');
    if (query.stage) qb.andWhere('d.stage IN (:...stages)', { stages: query.stage.split(',') });
    if (query.companyId) qb.andWhere('d.company_id = :companyId', { companyId: query.companyId });
    if (query.registeredById) qb.andWhere('d.registered_by_id = :rb', { rb: query.registeredById });
    if (query.from) qb.andWhere(`d.created_at >= (:from)::date`, { from: query.from });
    if (query.to) qb.andWhere(`d.created_at < (:to)::date + 1`, { to: query.to });
    if (query.minValue) qb.andWhere('d.value >= :minValue', { minValue: query.minValue });
    if (query.maxValue) qb.andWhere('d.value <= :maxValue', { maxValue: query.maxValue });
    if (query.q) {
      qb.andWhere('(d.name ILIKE :q OR d.customer_name ILIKE :q OR d.customer_domain ILIKE :q)', {
        q: `%${query.q.replace(/[\\%_]/g, (m) => '\\' + m)}%`,
      });
    }
    return qb;
  }

  async list(auth: AuthUser, query: DealQueryDto): Promise<Page<DealDto>> {
    const limit = pageLimit(query);
    const rows = await this.page(
      auth,
      query,
      decodeCursor(query.cursor, 2) as [string, string] | null,
      limit + 1,
    );
    const more = rows.length > limit;
    const page = rows.slice(0, limit);
    const { column } = this.sortOf(query.sort);
    const last = page[page.length - 1];
    return {
      items: await this.mapMany(page),
      nextCursor: more && last ? encodeCursor([column.cursor(last), last.id]) : null,
    };
  }

  async *allRows(auth: AuthUser, query: DealQueryDto): AsyncGenerator<DealDto> {
    const { column } = this.sortOf(query.sort);
    let after: [string | number, string] | null = null;
    for (;;) {
      const rows = await this.page(auth, query, after, 500);
      for (const row of await this.mapMany(rows)) yield row;
      if (rows.length < 500) return;
      const last = rows[rows.length - 1];
      after = [column.cursor(last), last.id];
    }
  }

  async get(auth: AuthUser, id: string): Promise<DealDto> {
    const { deal } = await this.deals.require(auth, id, 'read');
    return this.view(this.dataSource.manager, deal);
  }

  async create(auth: AuthUser, dto: CreateDealDto): Promise<DealDto> {
    const vendor = this.access.isVendor(auth);
    if (vendor && !dto.companyId) {
      throw new BadInputException('Which partner is the deal for?', [
        { field: 'companyId', problem: 'is required for vendor staff' },
      ]);
    }
    const companyId = dto.companyId ?? auth.companyId!;
    const relation = await roomRelation(this.access, this.dataSource.manager, auth, companyId, 'deals');
    if (!relation) throw new NotFoundException('Company not found');
    if (!dealPolicy.create.includes(relation))
      throw new ForbiddenException('Your role may not register deals');
    if (!vendor && (dto.registeredById ?? auth.id) !== auth.id) {
      throw new ForbiddenException('Partners register deals in their own name');
    }
    if (dto.commissionRate != null && !dealPolicy.vendorEdit.includes(relation)) {
      throw new ForbiddenException('Only the vendor sets a commission rate');
    }
    const stage = dto.stage ?? 'prospecting';
    if (!OPEN_DEAL_STAGES.includes(stage)) {
      throw new BadInputException('A deal starts in an open stage', [
        { field: 'stage', problem: 'must be an open stage' },
      ]);
    }
    return this.uow.run(async (tx) => {
      const registeredById = vendor
        ? await this.partnerUser(tx.manager, companyId, dto.registeredById)
        : auth.id;
      const deal = await this.createIn(tx, auth, {
        companyId,
        name: dto.name,
        customerName: dto.customerName,
        customerDomain: dto.customerDomain ?? '',
        products: dto.products ?? [],
        value: dto.value.amount,
        currency: dto.value.currency,
        stage,
        probability: dto.probability,
        expectedCloseDate: dto.expectedCloseDate ?? null,
        commissionRate: dto.commissionRate ?? null,
        registeredById,
        sourceLeadId: null,
      });
      return this.view(tx.manager, deal);
    });
  }

  /** Inserts a deal inside the caller's transaction (also used by lead conversion) and records it. */
  async createIn(tx: Tx, auth: AuthUser, input: NewDeal): Promise<Deal> {
    const { manager } = tx;
    const deal = await manager.save(
      manager.create(Deal, {
        workspaceId: auth.workspaceId,
        companyId: input.companyId,
        name: input.name,
        customerName: input.customerName,
        customerDomain: input.customerDomain,
        products: input.products,
        value: input.value,
        currency: input.currency,
        stage: input.stage,
        probability: input.probability ?? 10,
        expectedCloseDate: input.expectedCloseDate ?? null,
        commissionRate: input.commissionRate ?? null,
        registeredById: input.registeredById,
        createdById: auth.id,
        sourceLeadId: input.sourceLeadId,
      }),
    );
    await manager.save(
      manager.create(DealStageChange, {
        dealId: deal.id,
        fromStage: null,
        toStage: deal.stage,
        byId: auth.id,
      }),
    );
    await this.record(tx, auth, deal, 'deal.created', `${auth.name} registered the deal ${deal.name}`, {
      sourceLeadId: input.sourceLeadId,
    });
    return deal;
  }

  async update(auth: AuthUser, id: string, dto: UpdateDealDto): Promise<DealDto> {
    return this.uow.run(async (tx) => {
      const { deal, relation } = await this.deals.require(auth, id, 'edit', tx.manager, true);
      if (
        (dto.qualified !== undefined || dto.commissionRate !== undefined) &&
        !dealPolicy.vendorEdit.includes(relation)
      ) {
        throw new ForbiddenException('Only the vendor qualifies a deal or sets its commission rate');
      }
      const from = deal.stage;
      if (!OPEN_DEAL_STAGES.includes(from)) throw new ConflictException(`A ${from} deal cannot be changed`);
      if (dto.stage !== undefined && dto.stage !== from) this.checkMove(relation, from, dto.stage);
      if (dto.name !== undefined) deal.name = dto.name;
      if (dto.customerName !== undefined) deal.customerName = dto.customerName;
      if (dto.customerDomain !== undefined) deal.customerDomain = dto.customerDomain;
      if (dto.products !== undefined) deal.products = dto.products;
      if (dto.value !== undefined) {
        deal.value = dto.value.amount;
        deal.currency = dto.value.currency;
      }
      if (dto.probability !== undefined) deal.probability = dto.probability;
      if (dto.expectedCloseDate !== undefined) deal.expectedCloseDate = dto.expectedCloseDate;
      if (dto.commissionRate !== undefined) deal.commissionRate = dto.commissionRate;
      if (dto.qualified !== undefined && dto.qualified !== deal.qualified) {
        deal.qualified = dto.qualified;
        deal.qualifiedAt = dto.qualified ? new Date() : null;
      }
      const to = dto.stage ?? from;
      if (to !== from) {
        deal.stage = to;
        if (!OPEN_DEAL_STAGES.includes(to)) deal.closedAt = new Date();
        if (to === 'closed_won') deal.probability = 100;
        if (to === 'closed_lost') deal.probability = 0;
        await tx.manager.save(
          tx.manager.create(DealStageChange, {
            dealId: deal.id,
            fromStage: from,
            toStage: to,
            byId: auth.id,
          }),
        );
      }
      await tx.manager.save(deal);
      if (to === 'closed_won') {
        const company = await tx.manager.findOneByOrFail(Company, { id: deal.companyId });
        await this.commissions.earn(tx, deal, company.commissionRate);
        await this.announceWon(tx, auth, deal);
        await this.record(tx, auth, deal, 'deal.won', `${auth.name} marked the deal ${deal.name} won`, {
          from,
          to,
        });
        for (const hook of this.wonHooks) await hook(tx, auth, relation, deal);
      } else if (to !== from) {
        await this.record(
          tx,
          auth,
          deal,
          'deal.stage_changed',
          `${auth.name} moved the deal ${deal.name} to ${to}`,
          {
            from,
            to,
          },
        );
      } else {
        await this.record(tx, auth, deal, 'deal.updated', `${auth.name} updated the deal ${deal.name}`);
      }
      return this.view(tx.manager, deal);
    });
  }

  /** A note is a message in the deal's thread (see DealNotesService); the activity entry commits with it. */
  async addNote(auth: AuthUser, id: string, dto: NoteDto): Promise<DealNoteDto> {
    const { deal } = await this.deals.require(auth, id, 'note');
    const note = await this.notes.add(auth, deal, dto.body, (tx, message) =>
      this.record(tx, auth, deal, 'deal.note_added', `${auth.name} added a note to the deal ${deal.name}`, {
        noteId: message.id,
      }),
    );
    return mapNote(note);
  }

  async pipeline(auth: AuthUser, query: PipelineQueryDto): Promise<PipelineDto> {
    const manager = this.dataSource.manager;
    const companyId = query.companyId ?? (this.access.isVendor(auth) ? null : auth.companyId);
    let currency: string;
    if (companyId) {
      const relation = await roomRelation(this.access, manager, auth, companyId, 'deals');
      if (!relation || !dealPolicy.read.includes(relation)) throw new NotFoundException('Company not found');
      currency = (await manager.findOneByOrFail(Company, { id: companyId })).currency.trim();
    } else {
      currency = (await manager.findOneByOrFail(Workspace, { id: auth.workspaceId })).defaultCurrency.trim();
    }
    const qb = this.dataSource
      .createQueryBuilder()
      .select('d.stage', 'stage')
      .addSelect('d.currency', 'currency')
      .addSelect('count(*)::int', 'count')
      .addSelect('sum(d.value)::text', 'amount')
      .from(Deal, 'd')
      .innerJoin(Company, 'c', 'c.id = d.company_id AND c.deleted_at IS NULL')
      .where('d.workspace_id = :ws', { ws: auth.workspaceId })
      .groupBy('d.stage')
      .addGroupBy('d.currency');
    scopeToCaller(qb, 'd', auth, this.access, 'deals');
    if (companyId) qb.andWhere('d.company_id = :companyId', { companyId });
    const rows = await qb.getRawMany<{ stage: DealStage; currency: string; count: number; amount: string }>();
    const stages = await readEach(manager, DEAL_STAGES, async (stage) => {
      const own = rows.filter((r) => r.stage === stage);
      const value = await this.metrics.convert(manager, auth.workspaceId, own, currency);
      return {
        stage,
        count: own.reduce((s, r) => s + r.count, 0),
        value: money(value.toFixed(2), currency),
      };
    });
    const open = stages
      .filter((s) => OPEN_DEAL_STAGES.includes(s.stage))
      .reduce((s, r) => s + Number(r.value.amount), 0);
    return { companyId, currency, stages, openValue: money(open.toFixed(2), currency) };
  }

  private checkMove(relation: Relation, from: DealStage, to: DealStage): void {
    const allowed = dealStageMove(from, to);
    if (!allowed) throw new ConflictException(`A ${from} deal cannot move to ${to}`);
    if (!allowed.includes(relation))
      throw new ForbiddenException(`Your role may not move this deal to ${to}`);
  }

  private async partnerUser(
    manager: EntityManager,
    companyId: string,
    userId?: string,
  ): Promise<string | null> {
    if (!userId) return null;
    const user = await manager.findOne(User, {
      where: { id: userId, companyId, status: 'active', role: In([...PARTNER_ROLES]) },
    });
    if (!user) {
      throw new BadInputException('Unknown partner user', [
        { field: 'registeredById', problem: 'is not an active user of this partner' },
      ]);
    }
    return user.id;
  }

  private async announceWon(tx: Tx, auth: AuthUser, deal: Deal): Promise<void> {
    const team = await tx.manager.find(User, {
      where: [
        { companyId: deal.companyId, status: 'active', role: In(['partner_executive', 'partner_manager']) },
        ...(deal.registeredById ? [{ id: deal.registeredById, status: 'active' as const }] : []),
      ],
    });
    for (const user of team) {
      await this.notifications.notify(tx, {
        workspaceId: deal.workspaceId,
        userId: user.id,
        kind: 'deal.won',
        title: `Deal won: ${deal.name}`,
        body: `${auth.name} marked ${deal.name} (${deal.customerName}) won at ${deal.value} ${deal.currency.trim()}.`,
        link: `/deals/${deal.id}`,
        data: { dealId: deal.id },
      });
    }
  }

  async record(
    tx: Tx,
    auth: AuthUser,
    deal: Deal,
    type: string,
    summary: string,
    data: Record<string, unknown> = {},
  ) {
    await this.activity.record(tx, {
      workspaceId: deal.workspaceId,
      companyId: deal.companyId,
      roomId: await this.deals.dealsRoomId(tx.manager, deal.companyId),
      actorId: auth.id,
      type,
      entity: 'deal',
      entityId: deal.id,
      summary,
      audience: 'owner',
      ownerId: deal.registeredById,
      data: { dealId: deal.id, stage: deal.stage, ...data },
    });
    tx.afterCommit(() => this.plans.recomputeCompany(deal.companyId));
  }

  async view(manager: EntityManager, deal: Deal): Promise<DealDto> {
    // One after another: inside a transaction they share one connection.
    const company = await manager.findOneByOrFail(Company, { id: deal.companyId });
    const history = await manager.find(DealStageChange, { where: { dealId: deal.id }, order: { at: 'ASC' } });
    const notes = await this.notes.list(manager, deal);
    return mapDeal(deal, company.commissionRate, history, notes);
  }

  private async mapMany(deals: Deal[]): Promise<DealDto[]> {
    const ids = [...new Set(deals.map((d) => d.companyId))];
    const companies = ids.length
      ? await this.dataSource.manager.find(Company, { where: { id: In(ids) } })
      : [];
    const rates = new Map(companies.map((c) => [c.id, c.commissionRate]));
    return deals.map((d) => mapDeal(d, rates.get(d.companyId) ?? null));
  }

  private page(auth: AuthUser, query: DealQueryDto, after: KeysetAfter, take: number): Promise<Deal[]> {
    const qb = this.rowsQuery(auth, query);
    return keysetPage(this.dataSource.manager, Deal, qb, 'd', this.sortOf(query.sort), after, take);
  }

  private sortOf(sort: DealSort | undefined) {
    return resolveSort(SORTS, sort, '-createdAt');
  }
}
