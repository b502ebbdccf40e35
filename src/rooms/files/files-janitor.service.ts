import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource, In, IsNull, LessThan, MoreThan } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { OBJECT_STORAGE, ObjectStorage } from '../../core/storage/object-storage';
import { ConversationsService } from '../messages/conversations.service';
import { FILE_THREAD } from './file-comments.service';
import { FileDownload } from './file-download.entity';
import { FileUpload } from './file-upload.entity';
import { FileUploadsService } from './file-uploads.service';
import { FileVersion } from './file-version.entity';
import { SharedFile } from './shared-file.entity';

const ORPHAN_AFTER_MS = 3600_000;
const PURGE_EVERY_MS = 10 * 60_000;

/**
 * Background cleanup, run at start-up and then periodically: uploads that never became a version (a
 * streamed one whose lease ran out because its server died, a presigned one an hour after its part URLs
 * were last issued), unfinished
 * puts the storage kept without a journal row, and the bytes of files deleted longer ago than the
 * retention period.
 */
@Injectable()
export class FilesJanitor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('FilesJanitor');
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly uploads: FileUploadsService,
    private readonly conversations: ConversationsService,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async sweepOrphans(now = new Date()): Promise<number> {
    const leaseCutoff = new Date(now.getTime() - this.config.files.uploadLeaseSeconds * 1000);
    const ageCutoff = new Date(now.getTime() - ORPHAN_AFTER_MS);
    const stale = await this.dataSource.manager.find(FileUpload, {
      where: [
        { partSize: 0, touchedAt: LessThan(leaseCutoff) },
        { partSize: MoreThan(0), touchedAt: LessThan(ageCutoff) },
        { touchedAt: IsNull(), createdAt: LessThan(ageCutoff) },
      ],
      take: 500,
    });
    for (const journal of stale) await this.uploads.forget(journal);
    const parts = await this.storage.sweepIncomplete(ageCutoff);
    if (stale.length + parts > 0) {
      this.logger.log(`swept ${stale.length} unfinished uploads and ${parts} temporary files`);
    }
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
      await this.conversations.dropThreads(manager, FILE_THREAD, ids);
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
    const every = (ms: number, task: () => Promise<number>) => {
      const run = () =>
        void task().catch((error: Error) => this.logger.warn(`sweep failed: ${error.message}`));
      const timer = setInterval(run, ms);
      timer.unref();
      this.timers.push(timer);
      run();
    };
    every(this.config.files.uploadLeaseSeconds * 1000, () => this.sweepOrphans());
    every(PURGE_EVERY_MS, () => this.purgeDeleted());
  }

  onApplicationShutdown(): void {
    for (const timer of this.timers) clearInterval(timer);
  }
}
