import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../../core/access/access.service';
import { planPolicy } from '../../core/access/policies/plan.policy';
import { roomEntryPolicy } from '../../core/access/policies/room.policy';
import { isPartnerRelation, Relation } from '../../core/access/relation';
import { ROOM_KINDS } from '../../core/access/roles';
import { partnerAudience } from '../../core/activity/activity-audience';
import { mapActivity } from '../../core/activity/activity.dto';
import { Activity } from '../../core/activity/activity.entity';
import { AuthUser } from '../../core/auth/auth-user';
import { Company } from '../../core/workspace/company.entity';
import { Room } from '../../core/workspace/room.entity';
import { AnnouncementsService } from '../announcements/announcements.service';
import { OverviewVisit } from './overview-visit.entity';
import {
  LeadCountsDto,
  OverviewActivityDto,
  OverviewDto,
  OverviewPlansDto,
  OverviewSourcesDto,
  OverviewTasksDto,
} from './overview.dto';

export const OVERVIEW_CLOCK = Symbol('OVERVIEW_CLOCK');
/** Whether to read the leads and deals rooms' tables (when present); see OverviewModule. */
export const OVERVIEW_READS_SALES = Symbol('OVERVIEW_READS_SALES');
export type Clock = () => Date;

const ACTIVITY_LIMIT = 50;
const TASK_LIMIT = 10;
const DUE_WITHIN_DAYS = 7;

/** Start of the calendar quarter and year of `now`, UTC. */
export function periodStarts(now: Date): { quarter: Date; year: Date } {
  const year = now.getUTCFullYear();
  const quarterMonth = Math.floor(now.getUTCMonth() / 3) * 3;
  return { quarter: new Date(Date.UTC(year, quarterMonth, 1)), year: new Date(Date.UTC(year, 0, 1)) };
}

/** A partner's landing page: every figure from indexed queries run side by side, in one request. */
@Injectable()
export class OverviewService {
  private sources: Promise<OverviewSourcesDto> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly announcements: AnnouncementsService,
    @Inject(OVERVIEW_CLOCK) private readonly clock: Clock,
    @Inject(OVERVIEW_READS_SALES) private readonly readsSales: boolean,
  ) {}

  async get(auth: AuthUser, companyId: string): Promise<OverviewDto> {
    const manager = this.dataSource.manager;
    const relation = (await this.access.companyRelations(auth, [companyId])).get(companyId);
    if (!relation) throw new NotFoundException('Company not found');
    const [company, rooms] = await Promise.all([
      manager.findOneOrFail(Company, { where: { id: companyId } }),
      manager.find(Room, { where: { companyId } }),
    ]);
    const enters = (kind: string) => {
      const room = rooms.find((r) => r.kind === kind);
      return room ? this.access.canEnterRoom(relation, room) : !isPartnerRelation(relation);
    };
    if (!enters('overview')) throw new NotFoundException('Company not found');
    const now = this.clock();
    const sources = await this.tables();
    const [leads, deals, commissions, plans, tasks, activity, announcements] = await Promise.all([
      sources.leads && enters('leads') ? this.leads(companyId, now) : this.noLeads(),
      sources.deals && enters('deals') ? this.deals(companyId) : { count: 0, value: '0.00' },
      sources.commissions && enters('deals')
        ? this.commissions(companyId)
        : { earned: '0.00', pending: '0.00' },
      planPolicy.read.includes(relation) && enters('plans') ? this.plans(companyId) : null,
      enters('projects') ? this.tasks(companyId, now) : null,
      this.activitySince(manager, auth, relation, companyId, rooms, now),
      this.announcements.forCompany(auth, companyId, 5),
    ]);
    const money = (amount: string) => ({ amount, currency: company.currency });
    return {
      companyId,
      at: now.toISOString(),
      leads,
      deals: { inProgress: deals.count, value: money(deals.value) },
      commissions: { earned: money(commissions.earned), pending: money(commissions.pending) },
      plans,
      tasks,
      activity,
      announcements,
      sources,
    };
  }

  /** Which other rooms' tables exist; checked once, since they only appear through migrations. */
  private tables(): Promise<OverviewSourcesDto> {
    if (!this.readsSales) return Promise.resolve({ leads: false, deals: false, commissions: false });
    this.sources ??= this.dataSource
      .query<Array<{ leads: boolean; deals: boolean; commissions: boolean }>>(
        `SELECT to_regclass('leads') IS NOT NULL AS leads, to_regclass('deals') IS NOT NULL AS deals,
                to_regclass('commissions') IS NOT NULL AS commissions`,
      )
      .then(([row]) => row);
    return this.sources;
  }

  private noLeads(): { quarter: LeadCountsDto; year: LeadCountsDto } {
    return { quarter: { total: 0, byStatus: {} }, year: { total: 0, byStatus: {} } };
  }

  private async leads(
    companyId: string,
    now: Date,
  ): Promise<{ quarter: LeadCountsDto; year: LeadCountsDto }> {
    const starts = periodStarts(now);
    const rows = await this.dataSource.query<Array<{ status: string; quarter: number; year: number }>>(
      `SELECT status, COUNT(*) FILTER (WHERE created_at >= $2)::int AS quarter, COUNT(*)::int AS year
         FROM leads WHERE company_id = $1 AND created_at >= $3 AND created_at <= $4 GROUP BY status`,
      [companyId, starts.quarter, starts.year, now],
    );
    const result = this.noLeads();
    for (const row of rows) {
      if (row.quarter) result.quarter.byStatus[row.status] = row.quarter;
      result.year.byStatus[row.status] = row.year;
      result.quarter.total += row.quarter;
      result.year.total += row.year;
    }
    return result;
  }

  private async deals(companyId: string): Promise<{ count: number; value: string }> {
    const [row] = await this.dataSource.query<Array<{ count: number; value: string }>>(
      `SELECT COUNT(*)::int AS count, COALESCE(SUM(value), 0)::numeric(18,2)::text AS value
         FROM deals WHERE company_id = $1 AND stage NOT IN ('closed_won', 'closed_lost')`,
      [companyId],
    );
    return row;
  }

  private async commissions(companyId: string): Promise<{ earned: string; pending: string }> {
    const [row] = await this.dataSource.query<Array<{ earned: string; pending: string }>>(
      `SELECT COALESCE(SUM(amount) FILTER (WHERE status IN ('approved', 'paid')), 0)::numeric(18,2)::text AS earned,
              COALESCE(SUM(amount) FILTER (WHERE status = 'pending'), 0)::numeric(18,2)::text AS pending
         FROM commissions WHERE company_id = $1`,
      [companyId],
    );
    return row;
  }

  private async plans(companyId: string): Promise<OverviewPlansDto> {
    const rows = await this.dataSource.query<
      Array<{ id: string; name: string; status: string; fiscal_year: number; overall_completion: string }>
    >(
      `SELECT id, name, status, fiscal_year, overall_completion FROM plans
        WHERE company_id = $1 AND deleted_at IS NULL AND status IN ('active', 'scheduled', 'completed')
        ORDER BY fiscal_year DESC, name`,
      [companyId],
    );
    const count = (status: string) => rows.filter((r) => r.status === status).length;
    return {
      active: count('active'),
      scheduled: count('scheduled'),
      completed: count('completed'),
      items: rows.slice(0, 20).map((r) => ({
        id: r.id,
        name: r.name,
        status: r.status,
        fiscalYear: r.fiscal_year,
        overallCompletion: Number(r.overall_completion),
      })),
    };
  }

  private async tasks(companyId: string, now: Date): Promise<OverviewTasksDto> {
    const today = now.toISOString().slice(0, 10);
    const until = new Date(now.getTime() + DUE_WITHIN_DAYS * 86_400_000).toISOString().slice(0, 10);
    const rows = await this.dataSource.query<
      Array<{
        id: string;
        project_id: string;
        project_name: string;
        title: string;
        due_date: string;
        status: string;
        assignee_id: string | null;
        total: number;
      }>
    >(
      `SELECT t.id, t.project_id, p.name AS project_name, t.title, to_char(t.due_date, 'YYYY-MM-DD') AS due_date,
              t.status, t.assignee_id, COUNT(*) OVER ()::int AS total
         FROM project_tasks t JOIN projects p ON p.id = t.project_id
        WHERE p.company_id = $1 AND t.status <> 'done' AND t.due_date <= $2
        ORDER BY t.due_date, t.position LIMIT ${TASK_LIMIT}`,
      [companyId, until],
    );
    return {
      dueSoon: rows[0]?.total ?? 0,
      items: rows.map((r) => ({
        id: r.id,
        projectId: r.project_id,
        projectName: r.project_name,
        title: r.title,
        dueDate: r.due_date,
        status: r.status,
        assigneeId: r.assignee_id,
        overdue: r.due_date < today,
      })),
    };
  }

  /**
   * What happened in the company since the caller's previous visit, then moves the marker to now. The
   * marker stores the last `seq` seen, so entries that commit during the visit show up next time.
   */
  private async activitySince(
    manager: EntityManager,
    auth: AuthUser,
    relation: Relation,
    companyId: string,
    rooms: Room[],
    now: Date,
  ): Promise<OverviewActivityDto> {
    const [previous, [{ max }]] = await Promise.all([
      manager.findOne(OverviewVisit, { where: { userId: auth.id, companyId } }),
      manager.query<Array<{ max: string | null }>>(
        'SELECT MAX(seq)::text AS max FROM activity WHERE company_id = $1',
        [companyId],
      ),
    ]);
    const from = previous?.lastSeq ?? '0';
    const upTo = max ?? '0';
    const qb = manager
      .createQueryBuilder(Activity, 'a')
      .where('a.companyId = :companyId AND a.seq > :from AND a.seq <= :upTo', { companyId, from, upTo });
    if (isPartnerRelation(relation)) {
      const kinds = new Set(ROOM_KINDS.filter((kind) => roomEntryPolicy[kind].includes(relation)));
      const visibleRooms = rooms.filter((r) => r.enabled && kinds.has(r.kind)).map((r) => r.id);
      qb.andWhere(...partnerAudience('a', relation, auth.id)).andWhere(
        visibleRooms.length ? '(a.roomId IS NULL OR a.roomId IN (:...visibleRooms))' : 'a.roomId IS NULL',
        { visibleRooms },
      );
    }
    const [items, count] = await Promise.all([
      qb.clone().orderBy('a.seq', 'DESC').take(ACTIVITY_LIMIT).getMany(),
      qb.clone().getCount(),
    ]);
    await manager.query(
      `INSERT INTO overview_visits (user_id, company_id, visited_at, last_seq) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id, company_id)
       DO UPDATE SET visited_at = EXCLUDED.visited_at, last_seq = GREATEST(overview_visits.last_seq, EXCLUDED.last_seq)`,
      [auth.id, companyId, now, upTo],
    );
    return {
      since: previous ? previous.visitedAt.toISOString() : null,
      count,
      items: items.map(mapActivity),
    };
  }
}
