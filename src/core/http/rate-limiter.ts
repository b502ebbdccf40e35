import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { REDIS } from '../realtime/redis.module';

export interface RateWindow {
  count: number;
  /** Seconds until the window resets. */
  resetIn: number;
}

/**
 * Fixed-window counters, in Redis when it is configured (shared by every instance), else in memory.
 */
@Injectable()
export class RateLimiter {
  private readonly memory = new Map<string, { count: number; resetAt: number }>();

  private readonly prefix: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis | null,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.prefix = `${config.redisPrefix}rl:`;
  }

  async peek(key: string): Promise<RateWindow> {
    if (this.redis) {
      const [count, ttl] = await Promise.all([
        this.redis.get(`${this.prefix}${key}`),
        this.redis.pttl(`${this.prefix}${key}`),
      ]);
      return { count: Number(count ?? 0), resetIn: Math.max(1, Math.ceil(ttl / 1000)) };
    }
    const entry = this.live(key);
    return entry
      ? { count: entry.count, resetIn: Math.ceil((entry.resetAt - Date.now()) / 1000) }
      : { count: 0, resetIn: 0 };
  }

  async hit(key: string, windowSeconds: number): Promise<RateWindow> {
    if (this.redis) {
      const result = await this.redis
        .multi()
        .incr(`${this.prefix}${key}`)
        .expire(`${this.prefix}${key}`, windowSeconds, 'NX')
        .pttl(`${this.prefix}${key}`)
        .exec();
      const count = Number(result?.[0]?.[1] ?? 1);
      const ttl = Number(result?.[2]?.[1] ?? windowSeconds * 1000);
      return { count, resetIn: Math.max(1, Math.ceil(ttl / 1000)) };
    }
    const now = Date.now();
    let entry = this.live(key);
    if (!entry) {
      entry = { count: 0, resetAt: now + windowSeconds * 1000 };
      this.memory.set(key, entry);
      if (this.memory.size > 50000) this.sweep(now);
    }
    entry.count += 1;
    return { count: entry.count, resetIn: Math.max(1, Math.ceil((entry.resetAt - now) / 1000)) };
  }

  async reset(key: string): Promise<void> {
    if (this.redis) await this.redis.del(`${this.prefix}${key}`);
    else this.memory.delete(key);
  }

  private live(key: string) {
    const entry = this.memory.get(key);
    if (entry && entry.resetAt <= Date.now()) {
      this.memory.delete(key);
      return undefined;
    }
    return entry;
  }

  private sweep(now: number): void {
    for (const [key, entry] of this.memory) if (entry.resetAt <= now) this.memory.delete(key);
  }
}
