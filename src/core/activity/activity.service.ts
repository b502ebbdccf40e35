import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessService } from '../access/access.service';
import { Permission } from '../access/permission';
import { roomEntryPolicy } from '../access/policies/room.policy';
import { Relation } from '../access/relation';
import { ROOM_KINDS } from '../access/roles';
import { AuthUser } from '../auth/auth-user';
import { Tx } from '../database/unit-of-work';
import { decodeCursor, Page, pageLimit, toPage } from '../http/pagination';
import { EventBus } from '../realtime/event-bus.service';
import { partnerAudience } from './activity-audience';
import { ActivityDto, ActivityQueryDto, mapActivity } from './activity.dto';
import { Activity, ActivityAudience } from './activity.entity';

export interface ActivityEntry {
  workspaceId: string;
  companyId?: string | null;
  roomId?: string | null;
  actorId?: string | null;
  type: string;
  entity: string;
  entityId?: string | null;
  summary?: string;
  data?: Record<string, unknown>;
  audience?: ActivityAudience;
  /** Required with audience `owner`; null there means no partner member is its owner. */
  ownerId?: string | null;
}

@Injectable()
export class ActivityService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly bus: EventBus,
  ) {}

  /**
   * Appends to the log inside the caller's transaction and publishes once it commits. Call it last in
   * the transaction: the per-workspace lock it takes makes `seq` follow commit order, so a reader
   * catching up with `after=` never skips an entry that commits late.
   */
  async record(tx: Tx, entry: ActivityEntry): Promise<Activity> {
    await tx.manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`activity:${entry.workspaceId}`]);
    const row = await tx.manager.save(
      tx.manager.create(Activity, {
        workspaceId: entry.workspaceId,
        companyId: entry.companyId ?? null,
        roomId: entry.roomId ?? null,
        actorId: entry.actorId ?? null,
        type: entry.type,
        entity: entry.entity,
        entityId: entry.entityId ?? null,
        summary: (entry.summary ?? '').slice(0, 500),
        data: entry.data ?? {},
        audience: entry.audience ?? 'all',
        ownerId: entry.ownerId ?? null,
      }),
    );
    const saved = await tx.manager.findOneOrFail(Activity, { where: { id: row.id } });
    tx.afterCommit(() =>
      this.bus.activity({
        id: saved.id,
        seq: String(saved.seq),
        workspaceId: saved.workspaceId,
        companyId: saved.companyId,
        roomId: saved.roomId,
        type: saved.type,
        entity: saved.entity,
        entityId: saved.entityId,
        summary: saved.summary,
        actorId: saved.actorId,
        at: saved.at.toISOString(),
        audience: saved.audience,
        ownerId: saved.ownerId,
      }),
    );
    return saved;
  }

  async list(auth: AuthUser, query: ActivityQueryDto): Promise<Page<ActivityDto>> {
    if (query.companyId) await this.access.requireCompany(auth, Permission.ActivityRead, query.companyId);
    if (query.roomId) await this.access.requireRoom(auth, query.roomId);
    const limit = pageLimit(query);
    const ascending = query.after !== undefined;
    const qb = this.dataSource
      .getRepository(Activity)
      .createQueryBuilder('a')
      .where('a.workspaceId = :ws', { ws: auth.workspaceId });
    if (query.companyId) qb.andWhere('a.companyId = :companyId', { companyId: query.companyId });
    if (query.roomId) qb.andWhere('a.roomId = :roomId', { roomId: query.roomId });
    if (!this.access.isVendor(auth)) {
      const relation = auth.role as Relation;
      const kinds = ROOM_KINDS.filter((kind) => roomEntryPolicy[kind].includes(relation));
      qb.andWhere('a.companyId = :own', { own: auth.companyId })
        .andWhere(...partnerAudience('a', relation, auth.id))
        .andWhere(
          `(a.roomId IS NULL OR a.roomId IN (SELECT r.id FROM rooms r WHERE r.company_id = :own AND r.enabled AND r.kind = ANY(:kinds)))`,
          { kinds },
        );
    }
    const cursor = decodeCursor(query.cursor, 1);
    if (ascending) {
      const from = cursor ? String(cursor[0]) : query.after;
      qb.andWhere('a.seq > :from', { from }).orderBy('a.seq', 'ASC');
    } else {
      if (cursor) qb.andWhere('a.seq < :before', { before: String(cursor[0]) });
      qb.orderBy('a.seq', 'DESC');
    }
    const rows = await qb.take(limit + 1).getMany();
    return toPage(rows, limit, (row) => [String(row.seq)], mapActivity);
  }
}
