import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type Redis from 'ioredis';
import type { Server } from 'socket.io';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { REDIS } from './redis.module';

export type PresenceState = 'active' | 'away';

export interface Viewing {
  type: string;
  id: string;
}

/** One socket (tab) in one room. */
export interface PresenceEntry {
  userId: string;
  name: string;
  state: PresenceState;
  viewing: Viewing | null;
  /** When this tab last changed, so the most recent tab decides what the user is viewing. */
  at: number;
}

export interface PresenceUser {
  userId: string;
  name: string;
  state: PresenceState;
  viewing: Viewing | null;
}

export interface PresenceList {
  roomId: string;
  users: PresenceUser[];
}

/** An instance that stops refreshing its entries (crashed) drops out of presence after this. */
const ENTRY_TTL_MS = 30_000;
const HEARTBEAT_MS = 10_000;
/** At most 10 presence broadcasts per second per room, across all instances. */
const BROADCAST_INTERVAL_MS = 100;

/** Several tabs of one user count once: active if any tab is, viewing what the latest tab views. */
export function aggregatePresence(entries: Iterable<PresenceEntry>): PresenceUser[] {
  const byUser = new Map<string, PresenceEntry[]>();
  for (const entry of entries) {
    const list = byUser.get(entry.userId) ?? [];
    list.push(entry);
    byUser.set(entry.userId, list);
  }
  const users: PresenceUser[] = [];
  for (const [userId, tabs] of byUser) {
    const active = tabs.filter((tab) => tab.state === 'active');
    const pool = active.length ? active : tabs;
    const latest = pool.reduce((a, b) => (b.at > a.at ? b : a));
    users.push({
      userId,
      name: latest.name,
      state: active.length ? 'active' : 'away',
      viewing: latest.viewing,
    });
  }
  return users.sort((a, b) => a.name.localeCompare(b.name) || a.userId.localeCompare(b.userId));
}

/**
 * Who is in which room. This instance's sockets are always kept locally; with Redis every instance
 * also writes them to one hash per room (field per socket, value carrying its expiry) and refreshes
 * them on a heartbeat, so the list is cluster-wide and a crashed instance's tabs expire.
 */
@Injectable()
export class PresenceService implements OnModuleDestroy {
  private readonly logger = new Logger(PresenceService.name);
  private readonly local = new Map<string, Map<string, PresenceEntry>>();
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly lastBroadcast = new Map<string, number>();
  private readonly prefix: string;
  private readonly heartbeat: NodeJS.Timeout;
  private io: Server | null = null;

  constructor(
    @Inject(REDIS) private readonly redis: Redis | null,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.prefix = `${config.redisPrefix}presence:`;
    this.heartbeat = setInterval(() => void this.beat(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  attach(io: Server): void {
    this.io = io;
  }

  async set(roomId: string, socketId: string, entry: PresenceEntry): Promise<void> {
    let room = this.local.get(roomId);
    if (!room) this.local.set(roomId, (room = new Map()));
    room.set(socketId, entry);
    if (this.redis) {
      const key = this.key(roomId);
      await this.redis
        .multi()
        .hset(key, socketId, JSON.stringify({ ...entry, exp: Date.now() + ENTRY_TTL_MS }))
        .pexpire(key, ENTRY_TTL_MS)
        .exec();
    }
    this.schedule(roomId);
  }

  async remove(roomId: string, socketId: string): Promise<void> {
    const room = this.local.get(roomId);
    room?.delete(socketId);
    if (room?.size === 0) this.local.delete(roomId);
    if (this.redis) await this.redis.hdel(this.key(roomId), socketId);
    this.schedule(roomId);
  }

  async list(roomId: string): Promise<PresenceList> {
    if (!this.redis) return { roomId, users: aggregatePresence(this.local.get(roomId)?.values() ?? []) };
    const raw = await this.redis.hgetall(this.key(roomId));
    const now = Date.now();
    const live: PresenceEntry[] = [];
    const expired: string[] = [];
    for (const [socketId, value] of Object.entries(raw)) {
      const entry = JSON.parse(value) as PresenceEntry & { exp: number };
      if (entry.exp > now) live.push(entry);
      else expired.push(socketId);
    }
    if (expired.length) await this.redis.hdel(this.key(roomId), ...expired);
    return { roomId, users: aggregatePresence(live) };
  }

  /** Which of `userIds` have a socket connected to any instance (each socket joins `user:<id>`). */
  async onlineUserIds(userIds: readonly string[]): Promise<Set<string>> {
    if (!this.io || userIds.length === 0) return new Set();
    const sockets = await this.io.in(userIds.map((id) => `user:${id}`)).fetchSockets();
    const ids = sockets.map((socket) => (socket.data as { auth?: { id?: string } }).auth?.id);
    return new Set(ids.filter((id): id is string => typeof id === 'string'));
  }

  onModuleDestroy(): void {
    clearInterval(this.heartbeat);
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }

  /** Coalesces changes: the room gets the latest list at most once per interval. */
  private schedule(roomId: string): void {
    if (this.pending.has(roomId) || !this.io) return;
    const wait = Math.max(0, (this.lastBroadcast.get(roomId) ?? 0) + BROADCAST_INTERVAL_MS - Date.now());
    const timer = setTimeout(() => void this.flush(roomId), wait);
    timer.unref();
    this.pending.set(roomId, timer);
  }

  private async flush(roomId: string): Promise<void> {
    try {
      if (this.redis && !(await this.takeSlot(roomId))) return;
      this.pending.delete(roomId);
      this.lastBroadcast.set(roomId, Date.now());
      const list = await this.list(roomId);
      this.io?.to(`room:${roomId}`).emit('presence', list);
      if (!this.local.has(roomId)) this.lastBroadcast.delete(roomId);
    } catch (error) {
      this.pending.delete(roomId);
      this.logger.warn(`presence broadcast for ${roomId} failed: ${(error as Error).message}`);
    }
  }

  /** The cluster-wide broadcast slot of a room; when another instance holds it, retry once it ends. */
  private async takeSlot(roomId: string): Promise<boolean> {
    const key = `${this.prefix}slot:${roomId}`;
    if ((await this.redis!.set(key, '1', 'PX', BROADCAST_INTERVAL_MS, 'NX')) !== null) return true;
    const left = await this.redis!.pttl(key);
    const timer = setTimeout(() => void this.flush(roomId), Math.max(1, left));
    timer.unref();
    this.pending.set(roomId, timer);
    return false;
  }

  /** Refreshes this instance's entries and drops expired ones (a crashed instance's tabs). */
  private async beat(): Promise<void> {
    if (!this.redis || this.local.size === 0) return;
    try {
      const exp = Date.now() + ENTRY_TTL_MS;
      const batch = this.redis.multi();
      for (const [roomId, sockets] of this.local) {
        const key = this.key(roomId);
        for (const [socketId, entry] of sockets) batch.hset(key, socketId, JSON.stringify({ ...entry, exp }));
        batch.pexpire(key, ENTRY_TTL_MS);
      }
      await batch.exec();
      const now = Date.now();
      for (const roomId of this.local.keys()) {
        const raw = await this.redis.hgetall(this.key(roomId));
        const stale = Object.values(raw).some((value) => (JSON.parse(value) as { exp: number }).exp <= now);
        if (stale) this.schedule(roomId);
      }
    } catch (error) {
      this.logger.warn(`presence heartbeat failed: ${(error as Error).message}`);
    }
  }

  private key(roomId: string): string {
    return `${this.prefix}${roomId}`;
  }
}
