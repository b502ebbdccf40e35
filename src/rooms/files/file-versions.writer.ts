import { Inject, Injectable, PayloadTooLargeException } from '@nestjs/common';
import { EntityManager, IsNull } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { ActivityService } from '../../core/activity/activity.service';
import { AuthUser } from '../../core/auth/auth-user';
import { Tx } from '../../core/database/unit-of-work';
import { Folder } from './folder.entity';
import { FileVersion } from './file-version.entity';
import { ResourceCategory, SharedFile } from './shared-file.entity';

export interface NewVersion {
  folder: Folder;
  name: string;
  objectKey: string;
  size: number;
  sha256: string;
  contentType: string;
  comment: string;
  category?: ResourceCategory | null;
  tags?: string[];
  restoredFrom?: number | null;
  /** The file to version; otherwise the live file of that name in the folder, or a new one. */
  fileId?: string;
}

/** Adds versions and measures storage: the one place a file's bytes become visible. */
@Injectable()
export class FileVersionsWriter {
  constructor(
    private readonly activity: ActivityService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Bytes held by the workspace (or one company): each stored object once, deleted files until purged. */
  async usedBytes(manager: EntityManager, workspaceId: string, companyId?: string): Promise<number> {
    const [row] = await manager.query<{ used: string }[]>(
      `SELECT COALESCE(SUM(size), 0)::text AS used FROM (
         SELECT DISTINCT v.object_key, v.size FROM file_versions v JOIN files f ON f.id = v.file_id
          WHERE f.workspace_id = $1 AND ($2::uuid IS NULL OR f.company_id = $2)) stored`,
      [workspaceId, companyId ?? null],
    );
    return Number(row.used);
  }

  /** The largest upload allowed now: the size limit, or what is left of the workspace quota. */
  async allowance(manager: EntityManager, workspaceId: string): Promise<number> {
    const { maxUploadBytes, workspaceQuotaBytes } = this.config.files;
    if (workspaceQuotaBytes === 0) return maxUploadBytes;
    const left = workspaceQuotaBytes - (await this.usedBytes(manager, workspaceId));
    if (left <= 0) throw new PayloadTooLargeException('The workspace storage quota is used up');
    return Math.min(maxUploadBytes, left);
  }

  async add(tx: Tx, auth: AuthUser, input: NewVersion): Promise<{ file: SharedFile; version: FileVersion }> {
    const { manager } = tx;
    // One writer per folder at a time, so two uploads of one name become two versions, not two files.
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`folder:${input.folder.id}`]);
    let file = input.fileId
      ? await manager.findOneByOrFail(SharedFile, { id: input.fileId })
      : await manager.findOne(SharedFile, {
          where: { folderId: input.folder.id, name: input.name, deletedAt: IsNull() },
        });
    if (!file) {
      file = manager.create(SharedFile, {
        workspaceId: input.folder.workspaceId,
        companyId: input.folder.companyId,
        roomId: input.folder.roomId,
        folderId: input.folder.id,
        name: input.name,
        kind: 'file',
        category: input.category ?? null,
        tags: input.tags ?? [],
        createdById: auth.id,
      });
      file = await manager.save(file);
    }
    const [{ next }] = await manager.query<{ next: number }[]>(
      `SELECT COALESCE(MAX(number), 0) + 1 AS next FROM file_versions WHERE file_id = $1`,
      [file.id],
    );
    const version = await manager.save(
      manager.create(FileVersion, {
        fileId: file.id,
        number: Number(next),
        objectKey: input.objectKey,
        size: String(input.size),
        contentType: input.contentType,
        sha256: input.sha256,
        uploaderId: auth.id,
        comment: input.comment,
        restoredFrom: input.restoredFrom ?? null,
      }),
    );
    file.currentVersionId = version.id;
    if (input.category !== undefined) file.category = input.category;
    if (input.tags !== undefined) file.tags = input.tags;
    file = await manager.save(file);
    const quota = this.config.files.workspaceQuotaBytes;
    if (quota > 0 && (await this.usedBytes(manager, auth.workspaceId)) > quota) {
      throw new PayloadTooLargeException('The workspace storage quota is used up');
    }
    await this.activity.record(tx, {
      workspaceId: file.workspaceId,
      companyId: file.companyId,
      roomId: file.roomId,
      actorId: auth.id,
      type: 'file.version_added',
      entity: 'file',
      entityId: file.id,
      summary:
        version.number === 1
          ? `${auth.name} uploaded ${file.name}`
          : `${auth.name} added version ${version.number} of ${file.name}`,
      data: { version: version.number, versionId: version.id, size: input.size },
    });
    return { file, version };
  }
}
