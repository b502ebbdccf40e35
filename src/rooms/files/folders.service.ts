import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { ActivityService } from '../../core/activity/activity.service';
import { AuthUser } from '../../core/auth/auth-user';
import { Tx, UnitOfWork } from '../../core/database/unit-of-work';
import { BadInputException, ConflictError } from '../../core/http/errors';
import {
  decodeCursor,
  encodeCursor,
  Page,
  pageLimit,
  PageQueryDto,
  toPage,
} from '../../core/http/pagination';
import { FileAccess } from './file-access';
import { FileVersion } from './file-version.entity';
import {
  CreateFolderDto,
  FolderDto,
  FolderEntryDto,
  FolderListQueryDto,
  mapFile,
  mapFolder,
  UpdateFolderDto,
} from './files.dto';
import { Folder } from './folder.entity';
import { SharedFile } from './shared-file.entity';

@Injectable()
export class FoldersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly files: FileAccess,
    private readonly activity: ActivityService,
  ) {}

  async list(auth: AuthUser, query: FolderListQueryDto): Promise<Page<FolderDto>> {
    await this.files.room(auth, query.roomId, 'read');
    const limit = pageLimit(query);
    const cursor = decodeCursor(query.cursor, 1);
    const qb = this.dataSource.manager
      .createQueryBuilder(Folder, 'f')
      .where('f.roomId = :roomId AND f.deletedAt IS NULL', { roomId: query.roomId });
    if (cursor) qb.andWhere('f.id > :after', { after: cursor[0] });
    const rows = await qb
      .orderBy('f.id', 'ASC')
      .take(limit + 1)
      .getMany();
    return toPage(rows, limit, (f) => [f.id], mapFolder);
  }

  async get(auth: AuthUser, id: string): Promise<FolderDto & { path: FolderDto[] }> {
    const { folder } = await this.files.folder(auth, id, 'read');
    const path: FolderDto[] = [];
    for (let parentId = folder.parentId; parentId;) {
      const parent = await this.dataSource.manager.findOneByOrFail(Folder, { id: parentId });
      path.unshift(mapFolder(parent));
      parentId = parent.parentId;
    }
    return { ...mapFolder(folder), path };
  }

  /** Sub-folders first, then files, each by name. */
  async children(auth: AuthUser, id: string, query: PageQueryDto): Promise<Page<FolderEntryDto>> {
    const { folder } = await this.files.folder(auth, id, 'read');
    const limit = pageLimit(query);
    const cursor = decodeCursor(query.cursor, 3);
    const rows = await this.dataSource.manager.query<{ rank: number; id: string; name: string }[]>(
      `SELECT rank, id, name FROM (
         SELECT 0 AS rank, id, name FROM folders WHERE parent_id = $1 AND deleted_at IS NULL
         UNION ALL
         SELECT 1 AS rank, id, name FROM files WHERE folder_id = $1 AND deleted_at IS NULL) entries
       WHERE $2::int IS NULL OR (rank, name, id) > ($2::int, $3::text, $4::uuid)
       ORDER BY rank, name, id LIMIT $5`,
      [folder.id, cursor?.[0] ?? null, cursor?.[1] ?? null, cursor?.[2] ?? null, limit + 1],
    );
    const page = rows.slice(0, limit);
    const folderIds = page.filter((r) => r.rank === 0).map((r) => r.id);
    const fileIds = page.filter((r) => r.rank === 1).map((r) => r.id);
    const [folders, files] = await Promise.all([
      folderIds.length ? this.dataSource.manager.findBy(Folder, { id: In(folderIds) }) : [],
      fileIds.length ? this.dataSource.manager.findBy(SharedFile, { id: In(fileIds) }) : [],
    ]);
    const versionIds = files.map((f) => f.currentVersionId).filter((v): v is string => v !== null);
    const versions = versionIds.length
      ? await this.dataSource.manager.findBy(FileVersion, { id: In(versionIds) })
      : [];
    const folderById = new Map(folders.map((f) => [f.id, f]));
    const fileById = new Map(files.map((f) => [f.id, f]));
    const versionById = new Map(versions.map((v) => [v.id, v]));
    const last = page[page.length - 1];
    return {
      items: page.map((row): FolderEntryDto => {
        if (row.rank === 0) return { type: 'folder', folder: mapFolder(folderById.get(row.id)!) };
        const file = fileById.get(row.id)!;
        return { type: 'file', file: mapFile(file, versionById.get(file.currentVersionId ?? '') ?? null) };
      }),
      nextCursor: rows.length > limit && last ? encodeCursor([last.rank, last.name, last.id]) : null,
    };
  }

  async create(auth: AuthUser, dto: CreateFolderDto): Promise<FolderDto> {
    const { folder: parent } = await this.files.folder(auth, dto.parentId, 'write');
    return this.uow.run(async (tx) => {
      await this.assertFreeName(tx, parent.id, dto.name, null);
      const folder = await tx.manager.save(
        tx.manager.create(Folder, {
          workspaceId: parent.workspaceId,
          companyId: parent.companyId,
          roomId: parent.roomId,
          parentId: parent.id,
          name: dto.name,
          createdById: auth.id,
        }),
      );
      await this.record(tx, auth, folder, 'folder.created', `${auth.name} created the folder ${folder.name}`);
      return mapFolder(folder);
    });
  }

  async update(auth: AuthUser, id: string, dto: UpdateFolderDto): Promise<FolderDto> {
    const { folder } = await this.files.folder(auth, id, 'write');
    if (folder.parentId === null) throw new ConflictError('A room’s root folder cannot be renamed or moved');
    let parentId = folder.parentId;
    if (dto.parentId !== undefined && dto.parentId !== folder.parentId) {
      const { folder: target } = await this.files.folder(auth, dto.parentId, 'write');
      if (target.roomId !== folder.roomId) {
        throw new BadInputException('Folders move within their room', [
          { field: 'parentId', problem: 'is in another room' },
        ]);
      }
      if ((await this.subtree(folder.id)).includes(target.id)) {
        throw new BadInputException('A folder cannot move into itself', [
          { field: 'parentId', problem: 'is the folder or inside it' },
        ]);
      }
      parentId = target.id;
    }
    return this.uow.run(async (tx) => {
      const name = dto.name ?? folder.name;
      await this.assertFreeName(tx, parentId, name, folder.id);
      folder.name = name;
      folder.parentId = parentId;
      const saved = await tx.manager.save(folder);
      await this.record(tx, auth, saved, 'folder.updated', `${auth.name} updated the folder ${saved.name}`);
      return mapFolder(saved);
    });
  }

  /** Soft-deletes the folder; with `recursive` also everything inside, which the retention sweep purges later. */
  async remove(auth: AuthUser, id: string, recursive: boolean): Promise<void> {
    const { folder } = await this.files.folder(auth, id, 'write');
    if (folder.parentId === null) throw new ConflictError('A room’s root folder cannot be deleted');
    await this.uow.run(async (tx) => {
      const ids = await this.subtree(folder.id, tx.manager);
      const [{ count }] = await tx.manager.query<{ count: number }[]>(
        `SELECT (SELECT COUNT(*) FROM folders WHERE parent_id = $1 AND deleted_at IS NULL)
              + (SELECT COUNT(*) FROM files WHERE folder_id = $1 AND deleted_at IS NULL) AS count`,
        [folder.id],
      );
      if (Number(count) > 0 && !recursive) {
        throw new ConflictError('The folder is not empty; delete it with ?recursive=true', [
          { field: 'recursive', problem: 'required for a folder that is not empty' },
        ]);
      }
      const now = new Date();
      await tx.manager.update(Folder, { id: In(ids), deletedAt: IsNull() }, { deletedAt: now });
      await tx.manager.update(SharedFile, { folderId: In(ids), deletedAt: IsNull() }, { deletedAt: now });
      await this.record(tx, auth, folder, 'folder.deleted', `${auth.name} deleted the folder ${folder.name}`);
    });
  }

  /** The folder and every live folder below it; inside a transaction pass its manager (embedded has one connection). */
  private async subtree(id: string, manager: EntityManager = this.dataSource.manager): Promise<string[]> {
    const rows = await manager.query<{ id: string }[]>(
      `WITH RECURSIVE tree AS (
         SELECT id FROM folders WHERE id = $1
         UNION ALL SELECT f.id FROM folders f JOIN tree t ON f.parent_id = t.id WHERE f.deleted_at IS NULL)
       SELECT id FROM tree`,
      [id],
    );
    return rows.map((r) => r.id);
  }

  private async assertFreeName(tx: Tx, parentId: string | null, name: string, self: string | null) {
    const clash = await tx.manager.findOne(Folder, {
      where: { parentId: parentId ?? IsNull(), name, deletedAt: IsNull() },
    });
    if (clash && clash.id !== self) {
      throw new ConflictError('A folder of that name already exists here', [
        { field: 'name', problem: 'is taken in this folder' },
      ]);
    }
  }

  private record(tx: Tx, auth: AuthUser, folder: Folder, type: string, summary: string) {
    return this.activity.record(tx, {
      workspaceId: folder.workspaceId,
      companyId: folder.companyId,
      roomId: folder.roomId,
      actorId: auth.id,
      type,
      entity: 'folder',
      entityId: folder.id,
      summary,
    });
  }
}
