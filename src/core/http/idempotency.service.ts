import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { ConflictError } from './errors';

export interface IdempotentRequest {
  userId: string;
  key: string;
  method: string;
  path: string;
  requestHash: string;
}

export type Claim = { kind: 'claimed' } | { kind: 'replay'; statusCode: number; response: unknown };

const KEEP_HOURS = 24;
/** A key still pending after this long belongs to a request whose server died; it may be claimed again. */
const ABANDONED_MINUTES = 60;
const CLEANUP_MS = 3600_000;

interface StoredRow {
  method: string;
  path: string;
  request_hash: string;
  status_code: number | null;
  response: unknown;
  completed_at: Date | null;
}

/** The idempotency_keys table: claim a key, store the response, release it after a failure, expire it. */
@Injectable()
export class IdempotencyService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Idempotency');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Claims the key for this request, or answers with the stored result of an earlier one. Throws 409
   * when the key is running right now or was used for a different request.
   */
  async claim(request: IdempotentRequest): Promise<Claim> {
    for (let attempt = 0; attempt < 3; attempt++) {
      await this.dataSource.query(
        `DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2
           AND (created_at < now() - make_interval(hours => $3)
                OR (completed_at IS NULL AND created_at < now() - make_interval(mins => $4)))`,
        [request.userId, request.key, KEEP_HOURS, ABANDONED_MINUTES],
      );
      const inserted: unknown[] = await this.dataSource.query(
        `INSERT INTO idempotency_keys (user_id, key, method, path, request_hash) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (user_id, key) DO NOTHING RETURNING key`,
        [request.userId, request.key, request.method, request.path, request.requestHash],
      );
      if (inserted.length === 1) return { kind: 'claimed' };
      const [row] = (await this.dataSource.query(
        `SELECT method, path, request_hash, status_code, response, completed_at
           FROM idempotency_keys WHERE user_id = $1 AND key = $2`,
        [request.userId, request.key],
      )) as StoredRow[];
      // Released by a failed request between our insert and select: claim again.
      if (!row) continue;
      if (row.request_hash !== request.requestHash) {
        throw new ConflictError(
          `This Idempotency-Key was already used for a different request (${row.method} ${row.path}); ` +
            'use a new key for a new request',
          [{ field: 'Idempotency-Key', problem: 'reused for a different request' }],
        );
      }
      if (row.completed_at === null || row.status_code === null) {
        throw new ConflictError('A request with this Idempotency-Key is in progress', [
          { field: 'Idempotency-Key', problem: 'in progress' },
        ]);
      }
      return { kind: 'replay', statusCode: row.status_code, response: row.response };
    }
    throw new ConflictError('A request with this Idempotency-Key is in progress');
  }

  async complete(request: IdempotentRequest, statusCode: number, response: unknown): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_keys SET status_code = $3, response = $4::jsonb, completed_at = now()
        WHERE user_id = $1 AND key = $2 AND completed_at IS NULL`,
      [request.userId, request.key, statusCode, JSON.stringify(response ?? null)],
    );
  }

  /** Frees a pending key so the client can retry a request that failed. */
  async release(request: IdempotentRequest): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND completed_at IS NULL`,
      [request.userId, request.key],
    );
  }

  /** Deletes keys older than 24 h; returns how many. */
  async cleanup(): Promise<number> {
    const [, affected] = (await this.dataSource.query(
      `DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1)`,
      [KEEP_HOURS],
    )) as [unknown, number];
    return affected;
  }

  onApplicationBootstrap(): void {
    if (!this.config.runWorkers) return;
    const run = () =>
      void this.cleanup().catch((error: Error) => this.logger.warn(`cleanup failed: ${error.message}`));
    this.timer = setInterval(run, CLEANUP_MS);
    this.timer.unref();
    run();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
