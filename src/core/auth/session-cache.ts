import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { EventBus } from '../realtime/event-bus.service';
import { RedisConnections } from '../realtime/redis.module';
import { AuthUser } from './auth-user';

const MAX_ENTRIES = 20_000;

interface Entry {
  user: AuthUser;
  until: number;
}

/**
 * REST requests re-read the caller's user and session on every call; under load that lookup is a round
 * trip per request. This keeps a checked session for a few seconds, and forgets it the moment the bus says
 * the user's sessions ended or their access changed — on every instance, through Redis when it is set.
 * Socket and collab handshakes never use it: they read the database.
 */
@Injectable()
export class SessionCache implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(SessionCache.name);
  private readonly entries = new Map<string, Entry>();
  private readonly byUser = new Map<string, Set<string>>();
  private readonly unsubscribe: Array<() => void> = [];
  private publisher: Redis | null = null;
  private subscriber: Redis | null = null;
  private readonly channel: string;
  private readonly ttlMs: number;

  constructor(
    private readonly bus: EventBus,
    private readonly redis: RedisConnections,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.channel = `${config.redisPrefix}auth:forget-user`;
    this.ttlMs = config.sessionCacheMs;
  }

  onModuleInit(): void {
    this.unsubscribe.push(
      this.bus.on('sessionsRevoked', ({ userId }) => this.forgetEverywhere(userId)),
      this.bus.on('accessChanged', ({ userId }) => this.forgetEverywhere(userId)),
      this.bus.on('activity', (event) => {
        if (event.entity === 'user' && event.entityId) this.forgetEverywhere(event.entityId);
      }),
    );
    this.publisher = this.redis.create('auth-pub');
    this.subscriber = this.redis.create('auth-sub');
    if (this.subscriber) {
      this.subscriber.on('message', (_channel: string, userId: string) => this.forget(userId));
      this.subscriber
        .subscribe(this.channel)
        .catch((error: Error) => this.logger.warn(`subscribe failed: ${error.message}`));
    }
  }

  onApplicationShutdown(): void {
    this.unsubscribe.splice(0).forEach((off) => off());
    this.entries.clear();
    this.byUser.clear();
  }

  get(sessionId: string, userId: string, now = Date.now()): AuthUser | null {
    const entry = this.entries.get(sessionId);
    if (!entry) return null;
    if (entry.until <= now || entry.user.id !== userId) {
      this.delete(sessionId, entry.user.id);
      return null;
    }
    return entry.user;
  }

  /** Trusts the checked session until the TTL passes or the session expires, whichever is first. */
  set(user: AuthUser, sessionExpiresAt: Date, now = Date.now()): void {
    const until = Math.min(now + this.ttlMs, sessionExpiresAt.getTime());
    if (until <= now) return;
    if (this.entries.size >= MAX_ENTRIES) {
      const oldest = this.entries.entries().next().value;
      if (oldest) this.delete(oldest[0], oldest[1].user.id);
    }
    this.entries.set(user.sessionId, { user: Object.freeze({ ...user }), until });
    const sessions = this.byUser.get(user.id) ?? new Set<string>();
    sessions.add(user.sessionId);
    this.byUser.set(user.id, sessions);
  }

  /** Forgets the user's sessions here at once, and on the other instances through Redis. */
  forgetEverywhere(userId: string): void {
    this.forget(userId);
    this.publisher
      ?.publish(this.channel, userId)
      .catch((error: Error) => this.logger.warn(`publish failed: ${error.message}`));
  }

  forget(userId: string): void {
    for (const sessionId of this.byUser.get(userId) ?? []) this.entries.delete(sessionId);
    this.byUser.delete(userId);
  }

  private delete(sessionId: string, userId: string): void {
    this.entries.delete(sessionId);
    const sessions = this.byUser.get(userId);
    sessions?.delete(sessionId);
    if (sessions?.size === 0) this.byUser.delete(userId);
  }
}
