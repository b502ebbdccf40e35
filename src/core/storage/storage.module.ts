import { Global, Inject, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { join } from 'node:path';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { Attachments } from './attachments';
import { LocalObjectStorage } from './local-object-storage';
import { OBJECT_STORAGE, ObjectStorage } from './object-storage';
import { S3ObjectStorage } from './s3-object-storage';

/** S3/MinIO when S3_ENDPOINT is set, else files under `<DATA_DIR>/objects`. */
export function createObjectStorage(config: AppConfig): ObjectStorage {
  return config.s3 ? new S3ObjectStorage(config.s3) : new LocalObjectStorage(join(config.dataDir, 'objects'));
}

@Global()
@Module({
  providers: [
    { provide: OBJECT_STORAGE, inject: [APP_CONFIG], useFactory: createObjectStorage },
    Attachments,
  ],
  exports: [OBJECT_STORAGE, Attachments],
})
export class StorageModule implements OnApplicationBootstrap {
  private readonly logger = new Logger('ObjectStorage');

  constructor(@Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage) {}

  /** Creates the bucket early; unreachable storage is logged (and shown by /health) but never stops the boot. */
  onApplicationBootstrap(): void {
    void this.storage.health().then((health) => {
      if (health.state === 'down') {
        this.logger.warn(`object storage (${health.driver}) is down: ${String(health.error)}`);
      }
    });
  }
}
