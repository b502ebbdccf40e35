import { Injectable, NotFoundException, OnModuleInit } from '@nestjs/common';
import { DataSource, In, IsNull } from 'typeorm';
import { isPartnerRelation } from '../../core/access/relation';
import { ActivityService } from '../../core/activity/activity.service';
import { AuthUser } from '../../core/auth/auth-user';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { BadInputException } from '../../core/http/errors';
import { decodeCursor, Page, pageLimit, toPage } from '../../core/http/pagination';
import { Room } from '../../core/workspace/room.entity';
import { FileAccess, FileRoomContext } from '../files/file-access';
import { SharedFile } from '../files/shared-file.entity';
import { MetricQuery, PlanMetrics, PlanMetricsSource } from '../plans/plan-metrics';
import {
  LearningItemCompletion,
  LearningTrack,
  LearningTrackCompletion,
  LearningTrackItem,
} from './learning-track.entity';
import { CreateTrackDto, mapTrack, TrackDto, TrackQueryDto, UpdateTrackDto } from './learning-tracks.dto';

/** Learning tracks of the resources room, and the `course_completions` figure plan goals read. */
@Injectable()
export class LearningTracksService implements PlanMetricsSource, OnModuleInit {
  readonly metrics = ['course_completions'] as const;

  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly files: FileAccess,
    private readonly activity: ActivityService,
    private readonly planMetrics: PlanMetrics,
  ) {}

  onModuleInit(): void {
    this.planMetrics.register(this);
  }

  /** Partner users of the company who completed the track (or any track) within [from, to]. */
  async measure(query: MetricQuery): Promise<number> {
    // Inside the caller's transaction when there is one: embedded Postgres has a single connection.
    const [row] = await (query.manager ?? this.dataSource.manager).query<{ n: string }[]>(
      `SELECT COUNT(DISTINCT c.user_id)::text AS n FROM learning_track_completions c
         JOIN learning_tracks t ON t.id = c.track_id
        WHERE t.workspace_id = $1 AND c.company_id = $2 AND c.partner
          AND ($3::uuid IS NULL OR c.track_id = $3)
          AND c.completed_at >= $4::date AND c.completed_at < $5::date + 1`,
      [query.workspaceId, query.companyId, query.trackId ?? null, query.from, query.to],
    );
    return Number(row.n);
  }

  async list(auth: AuthUser, query: TrackQueryDto): Promise<Page<TrackDto>> {
    const companyId = query.companyId ?? auth.companyId;
    const limit = pageLimit(query);
    const qb = this.dataSource.manager
      .createQueryBuilder(LearningTrack, 't')
      .where('t.workspaceId = :ws', { ws: auth.workspaceId });
    let partner = false;
    if (companyId) {
      const context = await this.files.room(auth, await this.resourcesRoomId(auth, companyId), 'read');
      partner = isPartnerRelation(context.relation);
      qb.andWhere('t.companyId = :companyId', { companyId });
    } else if (auth.companyId !== null) {
      throw new NotFoundException('Company not found');
    }
    if (partner) qb.andWhere('t.published');
    const cursor = decodeCursor(query.cursor, 2);
    if (cursor) qb.andWhere('(t.createdAt, t.id) < (:at, :id)', { at: cursor[0], id: cursor[1] });
    const tracks = await qb
      .orderBy('t.createdAt', 'DESC')
      .addOrderBy('t.id', 'DESC')
      .take(limit + 1)
      .getMany();
    const views = await this.views(auth, tracks);
    const byId = new Map(views.map((v) => [v.id, v]));
    return toPage(
      tracks,
      limit,
      (t) => [t.createdAt.toISOString(), t.id],
      (t) => byId.get(t.id)!,
    );
  }

  async get(auth: AuthUser, id: string): Promise<TrackDto> {
    const { track } = await this.require(auth, id, 'read');
    return (await this.views(auth, [track]))[0];
  }

  async create(auth: AuthUser, dto: CreateTrackDto): Promise<TrackDto> {
    const roomId = await this.resourcesRoomId(auth, dto.companyId);
    const { room } = await this.files.room(auth, roomId, 'tracks');
    const fileIds = dto.items.filter((i) => i.kind === 'file').map((i) => i.fileId!.toLowerCase());
    const files = fileIds.length
      ? await this.dataSource.manager.find(SharedFile, {
          where: { id: In(fileIds), roomId: room.id, deletedAt: IsNull() },
        })
      : [];
    const names = new Map(files.map((f) => [f.id, f.name]));
    const missing = dto.items.findIndex((i) => i.kind === 'file' && !names.has(i.fileId!.toLowerCase()));
    if (missing >= 0) {
      throw new BadInputException('Unknown file', [
        { field: `items.${missing}.fileId`, problem: 'must be a file of this company’s resources room' },
      ]);
    }
    return this.uow.run(async (tx) => {
      const track = await tx.manager.save(
        tx.manager.create(LearningTrack, {
          workspaceId: auth.workspaceId,
          companyId: dto.companyId,
          roomId: room.id,
          title: dto.title,
          description: dto.description ?? '',
          published: dto.published ?? false,
          createdById: auth.id,
        }),
      );
      const items = await tx.manager.save(
        dto.items.map((item, position) =>
          tx.manager.create(LearningTrackItem, {
            trackId: track.id,
            position,
            kind: item.kind,
            fileId: item.kind === 'file' ? item.fileId!.toLowerCase() : null,
            url: item.kind === 'link' ? item.url! : null,
            title: item.title ?? names.get(item.fileId?.toLowerCase() ?? '') ?? '',
          }),
        ),
      );
      await this.activity.record(tx, {
        workspaceId: auth.workspaceId,
        companyId: track.companyId,
        roomId: track.roomId,
        actorId: auth.id,
        type: 'learning_track.created',
        entity: 'learning_track',
        entityId: track.id,
        summary: `${auth.name} created the learning track ${track.title}`,
        audience: track.published ? 'all' : 'vendor',
      });
      return mapTrack(track, items, new Set(), null);
    });
  }

  async update(auth: AuthUser, id: string, dto: UpdateTrackDto): Promise<TrackDto> {
    const { track } = await this.require(auth, id, 'tracks');
    await this.uow.run(async (tx) => {
      if (dto.title !== undefined) track.title = dto.title;
      if (dto.description !== undefined) track.description = dto.description;
      const publishing = dto.published === true && !track.published;
      if (dto.published !== undefined) track.published = dto.published;
      await tx.manager.save(track);
      await this.activity.record(tx, {
        workspaceId: auth.workspaceId,
        companyId: track.companyId,
        roomId: track.roomId,
        actorId: auth.id,
        type: publishing ? 'learning_track.published' : 'learning_track.updated',
        entity: 'learning_track',
        entityId: track.id,
        summary: `${auth.name} ${publishing ? 'published' : 'updated'} the learning track ${track.title}`,
        audience: track.published ? 'all' : 'vendor',
      });
    });
    return this.get(auth, id);
  }

  /** Marks one item done for the caller; finishing the last one completes the track (once). */
  async complete(auth: AuthUser, id: string, itemId: string): Promise<TrackDto> {
    const { track, context } = await this.require(auth, id, 'read');
    const item = await this.dataSource.manager.findOne(LearningTrackItem, {
      where: { id: itemId, trackId: id },
    });
    if (!item) throw new NotFoundException('Item not found');
    await this.uow.run(async (tx) => {
      await tx.manager
        .createQueryBuilder()
        .insert()
        .into(LearningItemCompletion)
        .values({ trackId: id, itemId, userId: auth.id })
        .orIgnore()
        .execute();
      const [{ left }] = await tx.manager.query<{ left: string }[]>(
        `SELECT COUNT(*)::text AS left FROM learning_track_items i
          WHERE i.track_id = $1 AND NOT EXISTS (
            SELECT 1 FROM learning_item_completions c WHERE c.item_id = i.id AND c.user_id = $2)`,
        [id, auth.id],
      );
      if (Number(left) > 0) return;
      const inserted = await tx.manager
        .createQueryBuilder()
        .insert()
        .into(LearningTrackCompletion)
        .values({
          trackId: id,
          companyId: track.companyId,
          userId: auth.id,
          partner: isPartnerRelation(context.relation),
        })
        .orIgnore()
        .returning(['id'])
        .execute();
      if (inserted.raw.length === 0) return;
      await this.activity.record(tx, {
        workspaceId: auth.workspaceId,
        companyId: track.companyId,
        roomId: track.roomId,
        actorId: auth.id,
        type: 'learning_track.completed',
        entity: 'learning_track',
        entityId: track.id,
        summary: `${auth.name} completed the learning track ${track.title}`,
      });
    });
    return this.get(auth, id);
  }

  private async require(auth: AuthUser, id: string, action: 'read' | 'tracks') {
    const track = await this.dataSource.manager.findOne(LearningTrack, {
      where: { id, workspaceId: auth.workspaceId },
    });
    if (!track) throw new NotFoundException('Learning track not found');
    let context: FileRoomContext;
    try {
      context = await this.files.room(auth, track.roomId, 'read');
    } catch {
      throw new NotFoundException('Learning track not found');
    }
    if (!track.published && isPartnerRelation(context.relation)) {
      throw new NotFoundException('Learning track not found');
    }
    if (action === 'tracks') await this.files.room(auth, track.roomId, 'tracks');
    return { track, context };
  }

  private async resourcesRoomId(auth: AuthUser, companyId: string): Promise<string> {
    const room = await this.dataSource.manager.findOne(Room, {
      select: { id: true },
      where: { companyId, workspaceId: auth.workspaceId, kind: 'resources' },
    });
    if (!room) throw new NotFoundException('Company not found');
    return room.id;
  }

  private async views(auth: AuthUser, tracks: LearningTrack[]): Promise<TrackDto[]> {
    if (tracks.length === 0) return [];
    const ids = tracks.map((t) => t.id);
    const [items, done, completions] = await Promise.all([
      this.dataSource.manager.find(LearningTrackItem, { where: { trackId: In(ids) } }),
      this.dataSource.manager.find(LearningItemCompletion, { where: { trackId: In(ids), userId: auth.id } }),
      this.dataSource.manager.find(LearningTrackCompletion, { where: { trackId: In(ids), userId: auth.id } }),
    ]);
    const doneIds = new Set(done.map((d) => d.itemId));
    return tracks.map((track) =>
      mapTrack(
        track,
        items.filter((i) => i.trackId === track.id),
        doneIds,
        completions.find((c) => c.trackId === track.id)?.completedAt ?? null,
      ),
    );
  }
}
