import { ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { AccessService } from '../../core/access/access.service';
import {
  announcementAudienceWriters,
  announcementWriters,
} from '../../core/access/policies/announcement.policy';
import { ActivityService } from '../../core/activity/activity.service';
import { AuthUser } from '../../core/auth/auth-user';
import { Tx, UnitOfWork } from '../../core/database/unit-of-work';
import { BadInputException } from '../../core/http/errors';
import { decodeCursor, Page, pageLimit, toPage } from '../../core/http/pagination';
import { NotificationsService } from '../../core/notifications/notifications.service';
import { Attachments } from '../../core/storage/attachments';
import { Company } from '../../core/workspace/company.entity';
import { PartnerGroup } from '../../core/workspace/partner-group.entity';
import { Announcement, AnnouncementRead } from './announcement.entity';
import {
  AnnouncementDto,
  AnnouncementQueryDto,
  AudienceDto,
  CreateAnnouncementDto,
  mapAnnouncement,
  ReadReceiptDto,
  UpdateAnnouncementDto,
} from './announcements.dto';

export const ANNOUNCEMENTS_CLOCK = Symbol('ANNOUNCEMENTS_CLOCK');
export type Clock = () => Date;

/** SQL: announcement `a` targets company `:companyId` (directly, by a group, or everyone). */
const TARGETS_COMPANY = `(a.audience_all OR :companyId = ANY(a.company_ids) OR a.group_ids && ARRAY(
  SELECT cg.group_id FROM company_groups cg WHERE cg.company_id = :companyId)::uuid[])`;
const LIVE = `(a.publish_at <= :now AND (a.expire_at IS NULL OR a.expire_at > :now))`;

@Injectable()
export class AnnouncementsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly activity: ActivityService,
    private readonly notifications: NotificationsService,
    private readonly attachments: Attachments,
    @Inject(ANNOUNCEMENTS_CLOCK) private readonly clock: Clock,
  ) {}

  async list(auth: AuthUser, query: AnnouncementQueryDto): Promise<Page<AnnouncementDto>> {
    const vendor = this.access.isVendor(auth);
    const companyId = vendor ? query.companyId : auth.companyId;
    if (!vendor && (!companyId || (query.companyId && query.companyId !== companyId))) {
      return { items: [], nextCursor: null };
    }
    if (vendor && companyId && !(await this.access.companyRelations(auth, [companyId])).has(companyId)) {
      throw new NotFoundException('Company not found');
    }
    const limit = pageLimit(query);
    const qb = this.dataSource.manager
      .createQueryBuilder(Announcement, 'a')
      .where('a.workspaceId = :ws', { ws: auth.workspaceId })
      .orderBy('a.pinned', 'DESC')
      .addOrderBy('a.publishAt', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .take(limit + 1);
    if (companyId) qb.andWhere(TARGETS_COMPANY, { companyId });
    if (!vendor) qb.andWhere(LIVE, { now: this.clock() });
    const cursor = decodeCursor(query.cursor, 3);
    if (cursor) {
      qb.andWhere('(a.pinned::int, a.publishAt, a.id) < (:pinned, :at, :id)', {
        pinned: cursor[0],
        at: cursor[1],
        id: cursor[2],
      });
    }
    const rows = await qb.getMany();
    const page = toPage(
      rows,
      limit,
      (a) => [a.pinned ? 1 : 0, a.publishAt.toISOString(), a.id],
      (a) => a,
    );
    return { items: await this.views(auth, page.items), nextCursor: page.nextCursor };
  }

  /**
   * Live announcements reaching a company, pinned first, with the caller's read state (and the read count
   * for vendor staff) in the same statement; for the overview.
   */
  async forCompany(auth: AuthUser, companyId: string, limit: number): Promise<AnnouncementDto[]> {
    const vendor = this.access.isVendor(auth);
    const qb = this.dataSource.manager
      .createQueryBuilder(Announcement, 'a')
      .leftJoin(AnnouncementRead, 'mine', 'mine.announcementId = a.id AND mine.userId = :me', { me: auth.id })
      .addSelect('mine.readAt', 'my_read_at')
      .where('a.workspaceId = :ws', { ws: auth.workspaceId })
      .andWhere(TARGETS_COMPANY, { companyId })
      .andWhere(LIVE, { now: this.clock() })
      .orderBy('a.pinned', 'DESC')
      .addOrderBy('a.publishAt', 'DESC')
      .limit(limit);
    if (vendor) {
      qb.addSelect(
        (sub) => sub.select('COUNT(*)::int').from(AnnouncementRead, 'r').where('r.announcementId = a.id'),
        'read_count',
      );
    }
    const { entities, raw } = await qb.getRawAndEntities<{
      a_id: string;
      my_read_at: Date | null;
      read_count?: number;
    }>();
    const extra = new Map(raw.map((r) => [r.a_id, r]));
    return entities.map((a) => {
      const row = extra.get(a.id);
      return mapAnnouncement(
        a,
        row?.my_read_at ? new Date(row.my_read_at) : null,
        vendor ? (row?.read_count ?? 0) : undefined,
      );
    });
  }

  async get(auth: AuthUser, id: string): Promise<AnnouncementDto> {
    const row = await this.visible(auth, id);
    return (await this.views(auth, [row]))[0];
  }

  async create(auth: AuthUser, dto: CreateAnnouncementDto): Promise<AnnouncementDto> {
    if (!announcementWriters.includes(auth.role)) {
      throw new ForbiddenException('Your role may not post announcements');
    }
    const { all, groupIds, companyIds } = this.audienceOf(auth, dto.audience);
    const now = this.clock();
    const publishAt = dto.publishAt ? new Date(dto.publishAt) : now;
    const expireAt = dto.expireAt ? new Date(dto.expireAt) : null;
    if (expireAt && expireAt <= publishAt) {
      throw new BadInputException('An announcement expires after it is published', [
        { field: 'expireAt', problem: 'must be after publishAt' },
      ]);
    }
    const attachmentIds = [...new Set(dto.attachmentIds ?? [])];
    if (attachmentIds.length && !companyIds.length) {
      throw new BadInputException('Attachments come from a targeted company’s shared files', [
        { field: 'attachmentIds', problem: 'needs audience.companyIds' },
      ]);
    }
    await this.checkAudience(auth, groupIds, companyIds);
    const attachments = await this.attachments.resolve(auth, companyIds[0] ?? '', attachmentIds);
    return this.uow.run(async (tx) => {
      const row = await tx.manager.save(
        tx.manager.create(Announcement, {
          workspaceId: auth.workspaceId,
          title: dto.title,
          body: dto.body,
          audienceAll: all,
          groupIds,
          companyIds,
          pinned: dto.pinned ?? false,
          publishAt,
          expireAt,
          attachments,
          createdById: auth.id,
        }),
      );
      if (publishAt <= now) await this.publish(tx, row, now);
      await this.activity.record(tx, {
        workspaceId: auth.workspaceId,
        actorId: auth.id,
        type: 'announcement.created',
        entity: 'announcement',
        entityId: row.id,
        summary: `${auth.name} posted the announcement ${row.title}`,
        audience: 'vendor',
      });
      return mapAnnouncement(row, null, 0);
    });
  }

  /**
   * Edits an announcement before or after it is published. Moved to now or earlier, an unpublished one is
   * published (and notified) at once; a published one whose audience grows notifies only the users it
   * newly reaches.
   */
  async update(auth: AuthUser, id: string, dto: UpdateAnnouncementDto): Promise<AnnouncementDto> {
    const current = await this.requireWritable(auth, id);
    const audience = dto.audience ? this.audienceOf(auth, dto.audience) : null;
    const publishAt = dto.publishAt !== undefined ? new Date(dto.publishAt) : current.publishAt;
    const expireAt =
      dto.expireAt === undefined ? current.expireAt : dto.expireAt === null ? null : new Date(dto.expireAt);
    if (expireAt && expireAt <= publishAt) {
      throw new BadInputException('An announcement expires after it is published', [
        { field: dto.expireAt !== undefined ? 'expireAt' : 'publishAt', problem: 'must be after publishAt' },
      ]);
    }
    if (audience && current.attachments.length && !audience.companyIds.length) {
      throw new BadInputException('Attachments come from a targeted company’s shared files', [
        { field: 'audience.companyIds', problem: 'needed while the announcement has attachments' },
      ]);
    }
    if (audience) await this.checkAudience(auth, audience.groupIds, audience.companyIds);
    const fields = Object.keys(dto).filter((k) => dto[k as keyof UpdateAnnouncementDto] !== undefined);
    if (!fields.length) return this.get(auth, id);
    const saved = await this.uow.run(async (tx) => {
      const row = await tx.manager
        .createQueryBuilder(Announcement, 'a')
        .where('a.id = :id AND a.workspaceId = :ws', { id, ws: auth.workspaceId })
        .setLock('pessimistic_write')
        .getOne();
      if (!row) throw new NotFoundException('Announcement not found');
      const before = { ...row };
      if (dto.title !== undefined) row.title = dto.title;
      if (dto.body !== undefined) row.body = dto.body;
      if (dto.pinned !== undefined) row.pinned = dto.pinned;
      if (audience) {
        row.audienceAll = audience.all;
        row.groupIds = audience.groupIds;
        row.companyIds = audience.companyIds;
      }
      row.publishAt = publishAt;
      row.expireAt = expireAt;
      await tx.manager.save(row);
      const now = this.clock();
      const live = row.publishAt <= now && (!row.expireAt || row.expireAt > now);
      if (!row.notifiedAt && live) {
        await this.publish(tx, row, now);
      } else if (row.notifiedAt && audience) {
        const reached = new Set(await this.audienceUsers(tx, before));
        await this.notifyUsers(
          tx,
          row,
          (await this.audienceUsers(tx, row)).filter((userId) => !reached.has(userId)),
        );
      }
      await this.activity.record(tx, {
        workspaceId: auth.workspaceId,
        actorId: auth.id,
        type: 'announcement.updated',
        entity: 'announcement',
        entityId: row.id,
        summary: `${auth.name} edited the announcement ${row.title}`,
        data: { fields },
        audience: 'vendor',
      });
      return row;
    });
    return (await this.views(auth, [saved]))[0];
  }

  /** Takes an announcement back: partners no longer see it, its read receipts go with it. */
  async retract(auth: AuthUser, id: string): Promise<void> {
    await this.requireWritable(auth, id);
    await this.uow.run(async (tx) => {
      const row = await tx.manager
        .createQueryBuilder(Announcement, 'a')
        .where('a.id = :id AND a.workspaceId = :ws', { id, ws: auth.workspaceId })
        .setLock('pessimistic_write')
        .getOne();
      if (!row) throw new NotFoundException('Announcement not found');
      await tx.manager.delete(AnnouncementRead, { announcementId: id });
      await tx.manager.delete(Announcement, { id });
      await this.activity.record(tx, {
        workspaceId: auth.workspaceId,
        actorId: auth.id,
        type: 'announcement.retracted',
        entity: 'announcement',
        entityId: id,
        summary: `${auth.name} retracted the announcement ${row.title}`,
        audience: 'vendor',
      });
    });
  }

  async markRead(auth: AuthUser, id: string): Promise<AnnouncementDto> {
    const row = await this.visible(auth, id);
    await this.dataSource.manager
      .createQueryBuilder()
      .insert()
      .into(AnnouncementRead)
      .values({ announcementId: id, userId: auth.id, readAt: this.clock() })
      .orIgnore()
      .execute();
    return (await this.views(auth, [row]))[0];
  }

  async reads(auth: AuthUser, id: string): Promise<ReadReceiptDto[]> {
    if (!this.access.isVendor(auth)) throw new ForbiddenException('Read receipts are for vendor staff');
    await this.visible(auth, id);
    const rows = await this.dataSource.query<
      Array<{ user_id: string; name: string; company_id: string | null; read_at: Date }>
    >(
      `SELECT r.user_id, u.name, u.company_id, r.read_at FROM announcement_reads r
         JOIN users u ON u.id = r.user_id WHERE r.announcement_id = $1 ORDER BY r.read_at, u.name`,
      [id],
    );
    return rows.map((r) => ({
      userId: r.user_id,
      name: r.name,
      companyId: r.company_id,
      readAt: new Date(r.read_at).toISOString(),
    }));
  }

  /** Notifies the audience of announcements whose publish time has come; one instance acts per run. */
  async runPublish(now: Date = this.clock()): Promise<number> {
    return this.uow.run(async (tx) => {
      const [{ locked }] = await tx.manager.query<{ locked: boolean }[]>(
        'SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked',
        ['announcements-publish'],
      );
      if (!locked) return 0;
      const due = await tx.manager
        .createQueryBuilder(Announcement, 'a')
        .where('a.notifiedAt IS NULL AND a.publishAt <= :now', { now })
        .andWhere('(a.expireAt IS NULL OR a.expireAt > :now)', { now })
        .setLock('pessimistic_write')
        .getMany();
      for (const row of due) await this.publish(tx, row, now);
      return due.length;
    });
  }

  /** In-app notification for every active partner user the announcement reaches. */
  private async publish(tx: Tx, row: Announcement, now: Date): Promise<void> {
    await this.notifyUsers(tx, row, await this.audienceUsers(tx, row));
    await tx.manager.update(Announcement, { id: row.id }, { notifiedAt: now });
    row.notifiedAt = now;
  }

  /** The active partner users an audience reaches. */
  private async audienceUsers(
    tx: Tx,
    audience: Pick<Announcement, 'workspaceId' | 'audienceAll' | 'companyIds' | 'groupIds'>,
  ): Promise<string[]> {
    const users = await tx.manager.query<Array<{ id: string }>>(
      `SELECT u.id FROM users u JOIN companies c ON c.id = u.company_id AND c.deleted_at IS NULL
        WHERE u.workspace_id = $1 AND u.status = 'active'
          AND ($2 OR c.id = ANY($3::uuid[])
               OR c.id IN (SELECT company_id FROM company_groups WHERE group_id = ANY($4::uuid[])))`,
      [audience.workspaceId, audience.audienceAll, audience.companyIds, audience.groupIds],
    );
    return users.map((u) => u.id);
  }

  private async notifyUsers(tx: Tx, row: Announcement, userIds: string[]): Promise<void> {
    for (const userId of userIds) {
      await this.notifications.notify(tx, {
        workspaceId: row.workspaceId,
        userId,
        kind: 'announcement.published',
        title: row.title,
        body: row.body.slice(0, 300),
        link: `/announcements/${row.id}`,
        data: { announcementId: row.id },
      });
    }
  }

  /**
   * The announcement if the caller may change it: 404 where they may not see it, 403 unless they are the
   * admin or a channel manager whose own companies are its whole audience (whom they could announce to).
   */
  private async requireWritable(auth: AuthUser, id: string): Promise<Announcement> {
    const row = await this.visible(auth, id);
    if (!announcementWriters.includes(auth.role)) {
      throw new ForbiddenException('Your role may not change announcements');
    }
    if (!announcementAudienceWriters.includes(auth.role)) {
      const owned = row.companyIds.length
        ? await this.dataSource.manager.count(Company, {
            where: { id: In(row.companyIds), workspaceId: auth.workspaceId, ownerId: auth.id },
          })
        : 0;
      if (row.audienceAll || row.groupIds.length || owned !== row.companyIds.length || !owned) {
        throw new ForbiddenException('Channel managers change announcements to the companies they own');
      }
    }
    return row;
  }

  /** Who an announcement is for, refused when it names no one or a channel manager names more than companies. */
  private audienceOf(
    auth: AuthUser,
    dto: AudienceDto,
  ): { all: boolean; groupIds: string[]; companyIds: string[] } {
    const all = dto.all === true;
    const groupIds = [...new Set(dto.groupIds ?? [])];
    const companyIds = [...new Set(dto.companyIds ?? [])];
    if (!all && !groupIds.length && !companyIds.length) {
      throw new BadInputException('Say who the announcement is for', [
        { field: 'audience', problem: 'needs all, groupIds or companyIds' },
      ]);
    }
    if (!announcementAudienceWriters.includes(auth.role) && (all || groupIds.length)) {
      throw new ForbiddenException('Channel managers announce to the companies they own');
    }
    return { all, groupIds, companyIds };
  }

  /** The announcement if the caller may see it: vendors any, partners live ones aimed at them. */
  private async visible(auth: AuthUser, id: string): Promise<Announcement> {
    const qb = this.dataSource.manager
      .createQueryBuilder(Announcement, 'a')
      .where('a.id = :id AND a.workspaceId = :ws', { id, ws: auth.workspaceId });
    if (!this.access.isVendor(auth)) {
      if (!auth.companyId) throw new NotFoundException('Announcement not found');
      qb.andWhere(TARGETS_COMPANY, { companyId: auth.companyId }).andWhere(LIVE, { now: this.clock() });
    }
    const row = await qb.getOne();
    if (!row) throw new NotFoundException('Announcement not found');
    return row;
  }

  private async views(auth: AuthUser, rows: Announcement[]): Promise<AnnouncementDto[]> {
    if (!rows.length) return [];
    const ids = rows.map((r) => r.id);
    const vendor = this.access.isVendor(auth);
    const [mine, counts] = await Promise.all([
      this.dataSource.manager.find(AnnouncementRead, { where: { announcementId: In(ids), userId: auth.id } }),
      vendor
        ? this.dataSource.manager
            .createQueryBuilder(AnnouncementRead, 'r')
            .select('r.announcementId', 'id')
            .addSelect('COUNT(*)::int', 'count')
            .where('r.announcementId IN (:...ids)', { ids })
            .groupBy('r.announcementId')
            .getRawMany<{ id: string; count: number }>()
        : Promise.resolve([]),
    ]);
    const readAt = new Map(mine.map((r) => [r.announcementId, r.readAt]));
    const count = new Map(counts.map((c) => [c.id, c.count]));
    return rows.map((r) =>
      mapAnnouncement(r, readAt.get(r.id) ?? null, vendor ? (count.get(r.id) ?? 0) : undefined),
    );
  }

  private async checkAudience(auth: AuthUser, groupIds: string[], companyIds: string[]): Promise<void> {
    const manager: EntityManager = this.dataSource.manager;
    if (groupIds.length) {
      const found = await manager.count(PartnerGroup, {
        where: { id: In(groupIds), workspaceId: auth.workspaceId },
      });
      if (found !== groupIds.length) {
        throw new BadInputException('Unknown partner group', [
          { field: 'audience.groupIds', problem: 'must list partner groups of this workspace' },
        ]);
      }
    }
    if (companyIds.length) {
      const companies = await manager.find(Company, {
        select: { id: true, ownerId: true },
        where: { id: In(companyIds), workspaceId: auth.workspaceId, deletedAt: IsNull() },
      });
      if (companies.length !== companyIds.length) {
        throw new BadInputException('Unknown company', [
          { field: 'audience.companyIds', problem: 'must list partner companies of this workspace' },
        ]);
      }
      if (auth.role === 'channel_manager' && companies.some((c) => c.ownerId !== auth.id)) {
        throw new ForbiddenException('Channel managers announce to the companies they own');
      }
    }
  }
}
