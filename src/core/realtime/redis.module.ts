import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '../../config/config';

export const REDIS = Symbol('REDIS');

/** One Redis connection for commands, null when REDIS_URL is unset (single-instance, in-memory mode). */
@Injectable()
export class RedisConnections implements OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  private readonly clients: Redis[] = [];

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** A new connection (subscribers need their own); closed at shutdown. */
  create(name: string): Redis | null {
    if (!this.config.redisUrl) return null;
    const client = new Redis(this.config.redisUrl, {
      connectionName: `pws:${name}`,
      maxRetriesPerRequest: 3,
    });
    client.on('error', (error: Error) => this.logger.warn(`${name}: ${error.message}`));
    this.clients.push(client);
    return client;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.clients.map((client) => client.quit().catch(() => client.disconnect())));
  }
}

@Global()
@Module({
  providers: [
    RedisConnections,
    { provide: REDIS, inject: [RedisConnections], useFactory: (c: RedisConnections) => c.create('main') },
  ],
  exports: [RedisConnections, REDIS],
})
export class RedisModule {}
