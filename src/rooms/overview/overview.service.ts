import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../../core/access/access.service';
import { seesCompanyWide } from '../../core/access/policies/lead.policy';
import { planPolicy } from '../../core/access/policies/plan.policy';
import { roomEntryPolicy } from '../../core/access/policies/room.policy';
import { isPartnerRelation, Relation, relationTo } from '../../core/access/relation';
import { ROOM_KINDS, RoomKind } from '../../core/access/roles';
import { partnerAudience } from '../../core/activity/activity-audience';
import { mapActivity } from '../../core/activity/activity.dto';
import { Activity } from '../../core/activity/activity.entity';
import { AuthUser } from '../../core/auth/auth-user';
import { Room } from '../../core/workspace/room.entity';
import { AnnouncementsService } from '../announcements/announcements.service';
import { PartnerMetricsService } from '../deals/partner-metrics.service';
import { PlansService } from '../plans/plans.service';
import { ProjectTasksService } from '../projects/project-tasks.service';
import { OverviewActivityDto, OverviewDto, OverviewPlansDto, OverviewTasksDto } from './overview.dto';

export const OVERVIEW_CLOCK = Symbol('OVERVIEW_CLOCK');
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

/** A previous visit: when, and the company's last activity `seq` then (what came after is new). */
interface Visit {
  at: Date;
  seq: string;
}

type OverviewRoom = Pick<Room, 'id' | 'kind' | 'enabled'>;

/**
 * A partner's landing page in two rounds of indexed statements: first the company (from which the access
 * policy decides), its rooms and the caller's visit marker; then side by side the sales figures (one
 * statement in the partner metrics service), plan gauges and due tasks (the plans and projects rooms'
 * services), the activity since the previous visit (moving the marker in the same statement) and
 * announcements with the caller's read state.
 */
@Injectable()
export class OverviewService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly announcements: AnnouncementsService,
    private readonly metrics: PartnerMetricsService,
    private readonly plans: PlansService,
    private readonly tasks: ProjectTasksService,
    @Inject(OVERVIEW_CLOCK) private readonly clock: Clock,
  ) {}

  async get(auth: AuthUser, companyId: string): Promise<OverviewDto> {
    const manager = this.dataSource.manager;
    // One statement reads the company, its rooms and the caller's visit marker; the access policy decides
    // from the company row before anything else is used.
    const place = await this.place(manager, auth, companyId);
    const relation = place ? relationTo(auth, place.company) : null;
    if (!place || !relation) throw new NotFoundException('Company not found');
    const { rooms, previous } = place;
    const enters = (kind: string) => {
      const room = rooms.find((r) => r.kind === kind);
      return room ? this.access.canEnterRoom(relation, room) : !isPartnerRelation(relation);
    };
    if (!enters('overview')) throw new NotFoundException('Company not found');
    const now = this.clock();
    const starts = periodStarts(now);
    const currency = place.currency;
    const [figures, work, activity, announcements] = await Promise.all([
      this.metrics.companyFigures({
        workspaceId: auth.workspaceId,
        companyId,
        quarterStart: starts.quarter,
        yearStart: starts.year,
        now,
        currency,
        leads: enters('leads'),
        deals: enters('deals'),
        registeredById: seesCompanyWide(relation) ? null : auth.id,
        manager,
      }),
      this.plansAndTasks(manager, companyId, now, {
        plans: planPolicy.read.includes(relation) && enters('plans'),
        tasks: enters('projects'),
      }),
      this.activitySince(manager, auth, relation, companyId, rooms, previous, now),
      this.announcements.forCompany(auth, companyId, 5),
    ]);
    const money = (amount: number) => ({ amount: amount.toFixed(2), currency });
    return {
      companyId,
      at: now.toISOString(),
      leads: figures.leads,
      deals: { inProgress: figures.deals.inProgress, value: money(figures.deals.value) },
      commissions: {
        earned: money(figures.commissions.earned),
        pending: money(figures.commissions.pending),
      },
      plans: work.plans,
      tasks: work.tasks,
      activity,
      announcements,
    };
  }

  /**
   * Plan gauges (from the plans room's service) and open tasks due within a week or overdue (from the
   * projects room's), side by side; null for a part the caller may not see.
   */
  private async plansAndTasks(
    manager: EntityManager,
    companyId: string,
    now: Date,
    want: { plans: boolean; tasks: boolean },
  ): Promise<{ plans: OverviewPlansDto | null; tasks: OverviewTasksDto | null }> {
    const today = now.toISOString().slice(0, 10);
    const until = new Date(now.getTime() + DUE_WITHIN_DAYS * 86_400_000).toISOString().slice(0, 10);
    const [plans, tasks] = await Promise.all([
      want.plans ? this.plans.gaugesOf(companyId, manager) : null,
      want.tasks ? this.tasks.dueOf(companyId, until, TASK_LIMIT, manager) : null,
    ]);
    const count = (status: string) => plans?.filter((plan) => plan.status === status).length ?? 0;
    return {
      plans: plans
        ? {
            active: count('active'),
            scheduled: count('scheduled'),
            completed: count('completed'),
            items: plans.slice(0, 20).map((plan) => ({
              id: plan.id,
              name: plan.name,
              status: plan.status,
              fiscalYear: plan.fiscalYear,
              overallCompletion: Number(plan.overallCompletion),
            })),
          }
        : null,
      tasks: tasks
        ? {
            dueSoon: tasks.total,
            items: tasks.items.map((task) => ({ ...task, overdue: task.dueDate < today })),
          }
        : null,
    };
  }

  /**
   * The company (its owner for the access policy, its currency), its rooms and the caller's previous visit;
   * null when the workspace has no such company.
   */
  private async place(
    manager: EntityManager,
    auth: AuthUser,
    companyId: string,
  ): Promise<{
    company: { id: string; ownerId: string | null };
    currency: string;
    rooms: OverviewRoom[];
    previous: Visit | null;
  } | null> {
    const rows = await manager.query<
      Array<{
        owner_id: string | null;
        currency: string;
        id: string | null;
        kind: RoomKind | null;
        enabled: boolean | null;
        visited_at: Date | null;
        last_seq: string | null;
      }>
    >(
      `SELECT c.owner_id, c.currency, r.id, r.kind, r.enabled, v.visited_at, v.last_seq::text AS last_seq
         FROM companies c
         LEFT JOIN rooms r ON r.company_id = c.id
         LEFT JOIN overview_visits v ON v.company_id = c.id AND v.user_id = $3
        WHERE c.id = $1 AND c.workspace_id = $2 AND c.deleted_at IS NULL`,
      [companyId, auth.workspaceId, auth.id],
    );
    if (!rows.length) return null;
    const [first] = rows;
    return {
      company: { id: companyId, ownerId: first.owner_id },
      currency: first.currency.trim(),
      rooms: rows.flatMap((r) =>
        r.id && r.kind ? [{ id: r.id, kind: r.kind, enabled: r.enabled === true }] : [],
      ),
      previous:
        first.visited_at && first.last_seq !== null
          ? { at: new Date(first.visited_at), seq: first.last_seq }
          : null,
    };
  }

  /**
   * What happened in the company since the caller's previous visit that they may read, newest first, and
   * the marker moved on, in one statement: its CTEs see the log as of one snapshot, so the marker stops at
   * the last entry that snapshot held and anything committing meanwhile shows next time.
   */
  private async activitySince(
    manager: EntityManager,
    auth: AuthUser,
    relation: Relation,
    companyId: string,
    rooms: OverviewRoom[],
    previous: Visit | null,
    now: Date,
  ): Promise<OverviewActivityDto> {
    const qb = manager
      .createQueryBuilder(Activity, 'a')
      .addCommonTableExpression(
        'SELECT COALESCE(MAX(seq), 0) AS seq FROM activity WHERE company_id = :companyId',
        'overview_latest',
      )
      .addCommonTableExpression(
        `INSERT INTO overview_visits (user_id, company_id, visited_at, last_seq)
         SELECT :visitor, :companyId, :now, seq FROM overview_latest
         ON CONFLICT (user_id, company_id) DO UPDATE SET visited_at = EXCLUDED.visited_at,
           last_seq = GREATEST(overview_visits.last_seq, EXCLUDED.last_seq)`,
        'overview_moved',
      )
      .addSelect('COUNT(*) OVER ()::int', 'total')
      .where('a.companyId = :companyId AND a.seq > :from AND a.seq <= (SELECT seq FROM overview_latest)', {
        companyId,
        from: previous?.seq ?? '0',
        visitor: auth.id,
        now,
      });
    if (isPartnerRelation(relation)) {
      const kinds = new Set(ROOM_KINDS.filter((kind) => roomEntryPolicy[kind].includes(relation)));
      const visibleRooms = rooms.filter((r) => r.enabled && kinds.has(r.kind)).map((r) => r.id);
      qb.andWhere(...partnerAudience('a', relation, auth.id)).andWhere(
        visibleRooms.length ? '(a.roomId IS NULL OR a.roomId IN (:...visibleRooms))' : 'a.roomId IS NULL',
        { visibleRooms },
      );
    }
    const { entities, raw } = await qb.orderBy('a.seq', 'DESC').limit(ACTIVITY_LIMIT).getRawAndEntities();
    return {
      since: previous ? previous.at.toISOString() : null,
      count: (raw[0] as { total?: number } | undefined)?.total ?? 0,
      items: entities.map(mapActivity),
    };
  }
}
