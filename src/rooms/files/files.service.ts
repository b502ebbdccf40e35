import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { Readable } from 'node:stream';
import { DataSource, In, IsNull } from 'typeorm';
import * as Y from 'yjs';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { AccessService } from '../../core/access/access.service';
import { Permission } from '../../core/access/permission';
import { ActivityService } from '../../core/activity/activity.service';
import { AuthUser } from '../../core/auth/auth-user';
import { Tx, UnitOfWork } from '../../core/database/unit-of-work';
import { BadInputException, ConflictError } from '../../core/http/errors';
import { decodeCursor, Page, pageLimit, PageQueryDto, toPage } from '../../core/http/pagination';
import { ByteRange, newObjectKey, OBJECT_STORAGE, ObjectStorage } from '../../core/storage/object-storage';
import { FileAccess } from './file-access';
import { Folder } from './folder.entity';
import { FileCommentsService } from './file-comments.service';
import { FileDownload } from './file-download.entity';
import { FileVersion } from './file-version.entity';
import { FileVersionsWriter } from './file-versions.writer';
import {
  CommentDto,
  CreateCommentDto,
  CreateDocDto,
  DownloadDto,
  FileDto,
  FileVersionDto,
  mapDownload,
  mapFile,
  mapVersion,
  RestoreDto,
  UpdateFileDto,
  UsageDto,
} from './files.dto';
import { SharedFile } from './shared-file.entity';

export type Download =
  | { kind: 'redirect'; url: string }
  | {
      kind: 'stream';
      status: 200 | 206;
      body: Readable;
      name: string;
      contentType: string;
      length: number;
      size: number;
      range: ByteRange | null;
      sha256: string;
    };

export class RangeNotSatisfiable extends Error {
  constructor(readonly size: number) {
    super('Range not satisfiable');
  }
}

/** One `bytes=` range (RFC 9110), or null for anything else, which is then served whole. */
export function parseRange(header: string | undefined, size: number): ByteRange | null {
  const match = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!match || (match[1] === '' && match[2] === '')) return null;
  let start: number;
  let end: number;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0) throw new RangeNotSatisfiable(size);
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
    if (match[2] !== '' && Number(match[2]) < start) return null;
  }
  if (start >= size) throw new RangeNotSatisfiable(size);
  return { start, end };
}

export const DOC_TEXT = 'markdown';

@Injectable()
export class FilesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly files: FileAccess,
    private readonly writer: FileVersionsWriter,
    private readonly activity: ActivityService,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly fileComments: FileCommentsService,
  ) {}

  async get(auth: AuthUser, id: string): Promise<FileDto> {
    const { file } = await this.files.file(auth, id, 'read');
    return this.view(file);
  }

  async update(auth: AuthUser, id: string, dto: UpdateFileDto): Promise<FileDto> {
    const { file, room } = await this.files.file(auth, id, 'write');
    if ((dto.category !== undefined || dto.tags !== undefined) && room.kind !== 'resources') {
      throw new BadInputException('Only resources have a category and tags', [
        { field: dto.category !== undefined ? 'category' : 'tags', problem: 'only in the resources room' },
      ]);
    }
    let folderId = file.folderId;
    if (dto.folderId !== undefined && dto.folderId !== file.folderId) {
      const { folder } = await this.files.folder(auth, dto.folderId, 'write');
      if (folder.roomId !== file.roomId) {
        throw new BadInputException('Files move within their room', [
          { field: 'folderId', problem: 'is in another room' },
        ]);
      }
      folderId = folder.id;
    }
    return this.uow.run(async (tx) => {
      const name = dto.name ?? file.name;
      if (name !== file.name || folderId !== file.folderId) {
        const clash = await tx.manager.findOne(SharedFile, {
          where: { folderId, name, deletedAt: IsNull() },
        });
        if (clash) {
          throw new ConflictError('A file of that name already exists in the folder', [
            { field: 'name', problem: 'is taken in this folder' },
          ]);
        }
      }
      file.name = name;
      file.folderId = folderId;
      if (dto.category !== undefined) file.category = dto.category === '' ? null : dto.category;
      if (dto.tags !== undefined) file.tags = [...new Set(dto.tags.map((t) => t.trim()))];
      const saved = await tx.manager.save(file);
      await this.record(tx, auth, saved, 'file.updated', `${auth.name} updated ${saved.name}`);
      return this.view(saved, tx);
    });
  }

  /** Soft delete: the bytes stay until the retention period has passed. */
  async remove(auth: AuthUser, id: string): Promise<void> {
    const { file } = await this.files.file(auth, id, 'write');
    await this.uow.run(async (tx) => {
      await tx.manager.update(SharedFile, { id: file.id }, { deletedAt: new Date() });
      await this.record(tx, auth, file, 'file.deleted', `${auth.name} deleted ${file.name}`);
    });
  }

  async versions(auth: AuthUser, id: string, query: PageQueryDto): Promise<Page<FileVersionDto>> {
    const { file } = await this.files.file(auth, id, 'read');
    const limit = pageLimit(query);
    const cursor = decodeCursor(query.cursor, 1);
    const qb = this.dataSource.manager
      .createQueryBuilder(FileVersion, 'v')
      .where('v.fileId = :id', { id: file.id });
    if (cursor) qb.andWhere('v.number < :before', { before: cursor[0] });
    const rows = await qb
      .orderBy('v.number', 'DESC')
      .take(limit + 1)
      .getMany();
    return toPage(rows, limit, (v) => [v.number], mapVersion);
  }

  /** A new version with the bytes of an old one (the object is shared, not copied). */
  async restore(auth: AuthUser, id: string, versionId: string, dto: RestoreDto): Promise<FileDto> {
    const { file } = await this.files.file(auth, id, 'write');
    const old = await this.dataSource.manager.findOne(FileVersion, {
      where: { id: versionId, fileId: file.id },
    });
    if (!old) throw new NotFoundException('Version not found');
    return this.uow.run(async (tx) => {
      const folder = await tx.manager.findOneByOrFail(Folder, {
        id: file.folderId,
      });
      const { file: saved, version } = await this.writer.add(tx, auth, {
        folder,
        name: file.name,
        fileId: file.id,
        objectKey: old.objectKey,
        size: Number(old.size),
        sha256: old.sha256.trim(),
        contentType: old.contentType,
        comment: dto.comment ?? `Restored from version ${old.number}`,
        restoredFrom: old.number,
      });
      return mapFile(saved, version);
    });
  }

  /** After the access check: a presigned GET (S3) or the bytes; every request is recorded. */
  async download(
    auth: AuthUser,
    id: string,
    versionNumber: number | undefined,
    rangeHeader?: string,
  ): Promise<Download> {
    const { file } = await this.files.file(auth, id, 'read');
    const version = await this.dataSource.manager.findOne(FileVersion, {
      where:
        versionNumber !== undefined
          ? { fileId: file.id, number: versionNumber }
          : { id: file.currentVersionId ?? '00000000-0000-0000-0000-000000000000' },
    });
    if (!version) throw new NotFoundException('Version not found');
    const size = Number(version.size);
    const range = size > 0 ? parseRange(rangeHeader, size) : null;
    // A client resuming a download asks for a later range; only the start of a download counts as one.
    if (!range || range.start === 0) {
      await this.dataSource.manager.insert(FileDownload, {
        fileId: file.id,
        versionId: version.id,
        userId: auth.id,
      });
    }
    const url = await this.storage.presignGet(version.objectKey, {
      expiresSeconds: 300,
      filename: file.name,
      contentType: version.contentType,
    });
    if (url) return { kind: 'redirect', url };
    const body = await this.storage.get(version.objectKey, range ?? undefined);
    return {
      kind: 'stream',
      status: range ? 206 : 200,
      body,
      name: file.name,
      contentType: version.contentType,
      length: range ? range.end - range.start + 1 : size,
      size,
      range,
      sha256: version.sha256.trim(),
    };
  }

  async downloads(auth: AuthUser, id: string, query: PageQueryDto): Promise<Page<DownloadDto>> {
    await this.files.file(auth, id, 'downloads');
    const limit = pageLimit(query);
    const cursor = decodeCursor(query.cursor, 2);
    const qb = this.dataSource.manager.createQueryBuilder(FileDownload, 'd').where('d.fileId = :id', { id });
    if (cursor) qb.andWhere('(d.at, d.id) < (:at, :did)', { at: cursor[0], did: cursor[1] });
    const rows = await qb
      .orderBy('d.at', 'DESC')
      .addOrderBy('d.id', 'DESC')
      .take(limit + 1)
      .getMany();
    const versionIds = [...new Set(rows.map((r) => r.versionId))];
    const versions = versionIds.length
      ? await this.dataSource.manager.findBy(FileVersion, { id: In(versionIds) })
      : [];
    const numbers = new Map(versions.map((v) => [v.id, v.number]));
    return toPage(
      rows,
      limit,
      (r) => [r.at.toISOString(), r.id],
      (r) => mapDownload(r, numbers.get(r.versionId) ?? 0),
    );
  }

  async comments(auth: AuthUser, id: string, query: PageQueryDto): Promise<Page<CommentDto>> {
    const { file } = await this.files.file(auth, id, 'read');
    return this.fileComments.list(file, query);
  }

  /** A comment is a message in the file's thread (see FileCommentsService); the activity entry commits with it. */
  async comment(auth: AuthUser, id: string, dto: CreateCommentDto): Promise<CommentDto> {
    const { file } = await this.files.file(auth, id, 'read');
    return this.fileComments.add(auth, file, dto, (tx) =>
      this.record(tx, auth, file, 'file.commented', `${auth.name} commented on ${file.name}`),
    );
  }

  async usage(auth: AuthUser, companyId: string | undefined): Promise<UsageDto> {
    const vendor = this.access.isVendor(auth);
    const company = companyId ?? (vendor ? undefined : (auth.companyId ?? undefined));
    if (company) await this.access.requireCompany(auth, Permission.RoomList, company);
    const manager = this.dataSource.manager;
    return {
      companyBytes: company ? await this.writer.usedBytes(manager, auth.workspaceId, company) : null,
      workspaceBytes: vendor ? await this.writer.usedBytes(manager, auth.workspaceId) : null,
      workspaceQuotaBytes: this.config.files.workspaceQuotaBytes,
      maxUploadBytes: this.config.files.maxUploadBytes,
    };
  }

  /** A collaborative Markdown document (`doc:<id>`); its versions are exports. */
  async createDoc(auth: AuthUser, dto: CreateDocDto): Promise<FileDto> {
    const { folder } = await this.files.folder(auth, dto.folderId, 'write');
    return this.uow.run(async (tx) => {
      const clash = await tx.manager.findOne(SharedFile, {
        where: { folderId: folder.id, name: dto.name, deletedAt: IsNull() },
      });
      if (clash) throw new ConflictError('A file of that name already exists in the folder');
      const file = await tx.manager.save(
        tx.manager.create(SharedFile, {
          workspaceId: folder.workspaceId,
          companyId: folder.companyId,
          roomId: folder.roomId,
          folderId: folder.id,
          name: dto.name,
          kind: 'doc',
          createdById: auth.id,
        }),
      );
      await this.record(tx, auth, file, 'file.created', `${auth.name} created the document ${file.name}`);
      return mapFile(file, null);
    });
  }

  /** Writes the document's current text as a new `.md` version. */
  async exportDoc(auth: AuthUser, id: string): Promise<FileDto> {
    const { file } = await this.files.file(auth, id, 'write');
    if (file.kind !== 'doc') throw new ConflictError('Only collaborative documents are exported');
    const rows = await this.dataSource.manager.query<{ data: Buffer }[]>(
      `SELECT state AS data, 0 AS kind, NULL::bigint AS seq FROM collab_snapshots WHERE doc_name = $1
       UNION ALL SELECT "update" AS data, 1 AS kind, seq FROM collab_updates WHERE doc_name = $1
       ORDER BY kind, seq`,
      [`doc:${file.id}`],
    );
    const doc = new Y.Doc();
    for (const row of rows) Y.applyUpdate(doc, new Uint8Array(row.data));
    const text = Buffer.from(doc.getText(DOC_TEXT).toString(), 'utf8');
    doc.destroy();
    const key = newObjectKey();
    const stored = await this.storage.put(key, Readable.from([text]), { contentType: 'text/markdown' });
    try {
      return await this.uow.run(async (tx) => {
        const folder = await tx.manager.findOneByOrFail(Folder, {
          id: file.folderId,
        });
        const { file: saved, version } = await this.writer.add(tx, auth, {
          folder,
          name: file.name,
          fileId: file.id,
          objectKey: key,
          size: stored.size,
          sha256: stored.sha256,
          contentType: 'text/markdown; charset=utf-8',
          comment: 'Exported from the live document',
        });
        return mapFile(saved, version);
      });
    } catch (error) {
      await this.storage.delete(key);
      throw error;
    }
  }

  private async view(file: SharedFile, tx?: Tx): Promise<FileDto> {
    const manager = tx?.manager ?? this.dataSource.manager;
    const current = file.currentVersionId
      ? await manager.findOneBy(FileVersion, { id: file.currentVersionId })
      : null;
    return mapFile(file, current);
  }

  private record(tx: Tx, auth: AuthUser, file: SharedFile, type: string, summary: string) {
    return this.activity.record(tx, {
      workspaceId: file.workspaceId,
      companyId: file.companyId,
      roomId: file.roomId,
      actorId: auth.id,
      type,
      entity: 'file',
      entityId: file.id,
      summary,
    });
  }
}
