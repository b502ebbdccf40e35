import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource, In, LessThan } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { OBJECT_STORAGE, ObjectStorage } from '../../core/storage/object-storage';
import { FileComment } from './file-comment.entity';
import { FileDownload } from './file-download.entity';
import { FileUpload } from './file-upload.entity';
import { FileUploadsService } from './file-uploads.service';
import { FileVersion } from './file-version.entity';
import { SharedFile } from './shared-file.entity';

const ORPHAN_AFTER_MS = 3600_000;
const SWEEP_EVERY_MS = 10 * 60_000;

/**
 * Background cleanup: objects of uploads that never became a version (failed, aborted, or the server died)
 * once their journal row is an hour old, and the bytes of files deleted longer ago than the retention period.
 */
@Injectable()
export class FilesJanitor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('FilesJanitor');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly uploads: FileUploadsService,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async sweepOrphans(now = new Date()): Promise<number> {
    const stale = await this.dataSource.manager.find(FileUpload, {
      where: { createdAt: LessThan(new Date(now.getTime() - ORPHAN_AFTER_MS)) },
      take: 500,
    });
    for (const journal of stale) await this.uploads.forget(journal);
    return stale.length;
  }

  /** Purges files deleted before the retention period; an object shared with a live version is kept. */
  async purgeDeleted(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.files.retentionDays * 86400_000);
    const files = await this.dataSource.manager.find(SharedFile, {
      select: { id: true },
      where: { deletedAt: LessThan(cutoff) },
      take: 200,
    });
    if (files.length === 0) return 0;
    const ids = files.map((f) => f.id);
    const keys = await this.dataSource.transaction(async (manager) => {
      const versions = await manager.find(FileVersion, {
        select: { objectKey: true },
        where: { fileId: In(ids) },
      });
      await manager.delete(FileDownload, { fileId: In(ids) });
      await manager.delete(FileComment, { fileId: In(ids) });
      await manager.delete(FileVersion, { fileId: In(ids) });
      await manager.delete(SharedFile, { id: In(ids) });
      const candidates = [...new Set(versions.map((v) => v.objectKey))];
      if (candidates.length === 0) return [];
      const kept = await manager.find(FileVersion, {
        select: { objectKey: true },
        where: { objectKey: In(candidates) },
      });
      const keep = new Set(kept.map((v) => v.objectKey));
      return candidates.filter((key) => !keep.has(key));
    });
    for (const key of keys) await this.storage.delete(key);
    return files.length;
  }

  onApplicationBootstrap(): void {
    if (!this.config.runWorkers) return;
    const run = () =>
      void Promise.all([this.sweepOrphans(), this.purgeDeleted()]).catch((error: Error) =>
        this.logger.warn(`sweep failed: ${error.message}`),
      );
    this.timer = setInterval(run, SWEEP_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
