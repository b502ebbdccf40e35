import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { Public } from '../auth/auth.decorators';
import { REDIS } from '../realtime/redis.module';
import { OBJECT_STORAGE, ObjectStorage } from '../storage/object-storage';

type State = { state: 'up' | 'down' | 'disabled'; [key: string]: unknown };

async function probe(check: () => Promise<unknown>, extra: Record<string, unknown> = {}): Promise<State> {
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref()),
    ]);
    return { state: 'up', ...extra };
  } catch (error) {
    return { state: 'down', error: (error as Error).message, ...extra };
  }
}

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis | null,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
  ) {}

  @Public()
  @Get('health')
  @ApiOkResponse({ description: "200 with each dependency's state; 503 when one is down" })
  async health(@Res({ passthrough: true }) response: Response) {
    const [database, storage, redis] = await Promise.all([
      probe(() => this.dataSource.query('SELECT 1'), { embedded: !this.config.databaseUrl }),
      Promise.race<State>([
        this.storage.health(),
        new Promise<State>((resolve) =>
          setTimeout(
            () => resolve({ state: 'down', driver: this.storage.driver, error: 'timeout' }),
            2000,
          ).unref(),
        ),
      ]),
      this.redis ? probe(() => this.redis!.ping()) : Promise.resolve<State>({ state: 'disabled' }),
    ]);
    const ok = [database, storage, redis].every((s) => s.state !== 'down');
    response.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'degraded', database, storage, redis };
  }
}
