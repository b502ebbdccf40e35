import {
  BeforeApplicationShutdown,
  ForbiddenException,
  HttpException,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  UnauthorizedException,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Server as HttpServer } from 'node:http';
import { DefaultEventsMap, ExtendedError, Server, Socket } from 'socket.io';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { AccessService } from '../access/access.service';
import { seesCompanyWide } from '../access/policies/lead.policy';
import { isPartnerRelation, Relation } from '../access/relation';
import { AccessTokenVerifier } from '../auth/access-token.verifier';
import { AuthUser } from '../auth/auth-user';
import { assertUnreachable } from '../http/assert-unreachable';
import { ActivityEvent, EventBus } from './event-bus.service';
import { PresenceEntry, PresenceService, PresenceState, Viewing } from './presence.service';
import { Ack, parsePayload, PresenceSetDto, RoomRefDto, toErrorBody } from './realtime.dto';
import { RedisConnections } from './redis.module';

/** What a socket carries; persisted with the session so a recovered connection keeps its rooms. */
export interface SocketData {
  auth: AuthUser;
  rooms: Record<string, { state: PresenceState; viewing: Viewing | null }>;
}

/** Which sockets must re-check their rooms against the access policy. */
type RecheckScope = { userId: string } | { roomId: string } | { all: true };

interface InterServerEvents {
  recheck: (scope: RecheckScope) => void;
}

type AppServer = Server<DefaultEventsMap, DefaultEventsMap, InterServerEvents, SocketData>;
export type AppSocket = Socket<DefaultEventsMap, DefaultEventsMap, InterServerEvents, SocketData>;

const RATE_LIMIT = { events: 100, windowMs: 10_000 };
const RECOVERY_WINDOW_MS = 2 * 60_000;
const EVENT_PACKET = 2;

/** The filter of an adapter operation (broadcast, disconnect, leave). */
interface Targets {
  rooms: Set<string>;
  except?: Set<string>;
}

function targets(opts: Targets, socketRooms: Set<string>): boolean {
  for (const room of opts.except ?? []) if (socketRooms.has(room)) return false;
  if (opts.rooms.size === 0) return true;
  for (const room of opts.rooms) if (socketRooms.has(room)) return true;
  return false;
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

export const roomChannel = (roomId: string) => `room:${roomId}`;
export const vendorChannel = (roomId: string) => `room:${roomId}:vendor`;
/** Sockets in the room that see every user's entries (audience `owner`): vendor staff, partner managers. */
export const wideChannel = (roomId: string) => `room:${roomId}:wide`;
/** One user's sockets in the room, for entries about what they own. */
export const memberChannel = (roomId: string, userId: string) => `room:${roomId}:user:${userId}`;

/** The channels a socket of `userId` with `relation` to the room's company is in while it has joined. */
function channelsFor(roomId: string, userId: string, relation: Relation): string[] {
  const channels = [roomChannel(roomId), memberChannel(roomId, userId)];
  if (!isPartnerRelation(relation)) channels.push(vendorChannel(roomId));
  if (seesCompanyWide(relation)) channels.push(wideChannel(roomId));
  return channels;
}

function allChannels(roomId: string, userId: string): string[] {
  return [roomChannel(roomId), vendorChannel(roomId), wideChannel(roomId), memberChannel(roomId, userId)];
}

/**
 * A room's say over the missed packets a recovered socket is about to get: it keeps those the user may
 * still receive now (see addReplayGuard).
 */
export type ReplayGuard = (socket: AppSocket, packets: unknown[][]) => Promise<unknown[][]>;

/** A client event a room adds (see addHandler). */
interface ExtraHandler {
  event: string;
  dto: new () => object;
  work: (socket: AppSocket, payload: object) => Promise<object | void>;
}

/**
 * The Socket.IO server on the app's HTTP server: authenticates the handshake, lets sockets into rooms
 * only through the access policy, and fans out what the event bus publishes after commit.
 */
@Injectable()
export class RealtimeGateway implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Realtime');
  private readonly unsubscribe: Array<() => void> = [];
  /** Recovering sockets: what they missed and what came while their token was being checked again. */
  private readonly recovering = new Map<
    string,
    { missed: unknown[][]; deferred: Array<(socket: unknown) => void> }
  >();
  private io: AppServer | null = null;
  private readonly extraHandlers: ExtraHandler[] = [];
  private readonly replayGuards: ReplayGuard[] = [];

  constructor(
    private readonly httpHost: HttpAdapterHost,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly verifier: AccessTokenVerifier,
    private readonly access: AccessService,
    private readonly bus: EventBus,
    private readonly presence: PresenceService,
    private readonly redis: RedisConnections,
  ) {}

  /**
   * Adds a client event handled like the built-in ones (payload validation, rate limit, error acks);
   * rooms register theirs while the app starts, before any socket connects.
   */
  addHandler<T extends object>(
    event: string,
    dto: new () => T,
    work: (socket: AppSocket, payload: T) => Promise<object | void>,
  ): void {
    this.extraHandlers.push({ event, dto, work: work as ExtraHandler['work'] });
  }

  /**
   * Adds a check of a recovered socket's missed packets, run after its token and rooms were checked again
   * and before the replay: e.g. the messages room drops messages of conversations the user may no longer
   * read (a direct conversation reaches its participants' user channels, which no room check covers).
   */
  addReplayGuard(guard: ReplayGuard): void {
    this.replayGuards.push(guard);
  }

  get server(): AppServer {
    if (!this.io) throw new Error('Socket.IO server is not running');
    return this.io;
  }

  onApplicationBootstrap(): void {
    const httpServer = this.httpHost.httpAdapter.getHttpServer() as HttpServer;
    const origins = new Set([...this.config.corsOrigins, new URL(this.config.publicUrl).origin]);
    const io: AppServer = new Server(httpServer, {
      path: '/socket.io',
      serveClient: false,
      transports: ['websocket', 'polling'],
      maxHttpBufferSize: this.config.socketMaxBufferBytes,
      perMessageDeflate: false,
      httpCompression: false,
      // The collab server shares this HTTP server; its upgrades must not be cut off after a second.
      destroyUpgrade: false,
      // A client that opens the transport but never authenticates is dropped after a second.
      connectTimeout: 1_000,
      pingInterval: 10_000,
      pingTimeout: 10_000,
      cors: { origin: [...origins], credentials: true },
      // Node clients send no Origin; browsers always do, and only allowed pages, or the web client this
      // server serves itself (same host, whatever PUBLIC_URL says), may connect.
      allowRequest: (request, callback) => {
        const origin = request.headers.origin;
        callback(null, !origin || origins.has(origin) || hostOf(origin) === request.headers.host);
      },
      connectionStateRecovery: { maxDisconnectionDuration: RECOVERY_WINDOW_MS, skipMiddlewares: false },
    });
    const client = this.redis.create('socket.io');
    if (client) {
      const prefix = this.config.redisPrefix;
      io.adapter(
        createAdapter(client, {
          streamName: `${prefix}socket.io`,
          channelPrefix: `${prefix}socket.io`,
          sessionKeyPrefix: `${prefix}sio:session:`,
          blockTimeInMs: 1_000,
        }),
      );
      io.on('recheck', (scope: RecheckScope) => void this.recheckLocal(scope));
    }
    this.guardRecovery(io);
    io.use((socket, next) => {
      this.authenticate(socket).then(
        () => next(),
        (error: unknown) => next(this.connectError(error)),
      );
    });
    io.on('connection', (socket) => this.onConnection(socket));
    this.io = io;
    this.presence.attach(io as unknown as Server);

    this.unsubscribe.push(
      this.bus.on('activity', (event) => this.onActivity(event)),
      this.bus.on('notification', (event) => {
        io.to(`user:${event.userId}`).emit('notification', event);
      }),
      this.bus.on('sessionsRevoked', ({ userId, sessionIds }) => {
        const rooms = sessionIds === 'all' ? [`user:${userId}`] : sessionIds.map((id) => `session:${id}`);
        if (rooms.length) io.in(rooms).disconnectSockets(true);
      }),
      this.bus.on('accessChanged', ({ userId }) => this.recheck({ userId })),
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    for (const off of this.unsubscribe.splice(0)) off();
    const io = this.io;
    if (!io) return;
    this.io = null;
    // Closing the transports (not the sockets) lets clients reconnect, and recover, on another instance.
    io.engine.close();
    await io.of('/').adapter.close();
  }

  private async authenticate(socket: AppSocket): Promise<void> {
    try {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      const auth = await this.verifier.verify(typeof token === 'string' ? token : null);
      if (!socket.recovered) {
        socket.data = { auth, rooms: {} };
        return;
      }
      if (socket.data?.auth?.id !== auth.id)
        throw new UnauthorizedException('Session belongs to another user');
      socket.data.auth = auth;
      socket.data.rooms ??= {};
      const joined = Object.keys(socket.data.rooms);
      const allowed = await this.access.roomAccess(auth, joined);
      for (const roomId of joined) {
        const access = allowed.get(roomId);
        if (access) {
          this.syncChannels(socket, roomId, access.relation);
          continue;
        }
        for (const channel of allChannels(roomId, auth.id)) socket.leave(channel);
        delete socket.data.rooms[roomId];
      }
      const held = this.recovering.get(socket.id);
      // Still recovering meanwhile, so broadcasts that come during the checks are held, not lost.
      let missed = held?.missed ?? [];
      for (const guard of this.replayGuards) missed = await guard(socket, missed);
      this.recovering.delete(socket.id);
      // Written as Socket.IO itself replays them (before the CONNECT packet, which the client waits for).
      const replay = socket as unknown as { packet(packet: { type: number; data: unknown[] }): void };
      for (const data of missed) {
        const roomId = (data[1] as { roomId?: unknown } | undefined)?.roomId;
        if (typeof roomId === 'string' && !socket.rooms.has(roomChannel(roomId))) continue;
        replay.packet({ type: EVENT_PACKET, data });
      }
      for (const deliver of held?.deferred ?? []) deliver(socket);
    } finally {
      this.recovering.delete(socket.id);
    }
  }

  private connectError(error: unknown): ExtendedError {
    const body = toErrorBody(error instanceof HttpException ? error : new UnauthorizedException());
    const failure: ExtendedError = new Error(body.message);
    failure.data = body;
    return failure;
  }

  /**
   * Socket.IO replays a recovered session's missed packets before the middleware runs, and drops
   * broadcasts to the socket while an async middleware is running. Both are held here until the
   * token has been checked again, then delivered in order (see authenticate()).
   */
  private guardRecovery(io: AppServer): void {
    const adapter = io.of('/').adapter;
    const restore = adapter.restoreSession.bind(adapter);
    adapter.restoreSession = async (pid, offset) => {
      const session = await restore(pid, offset);
      if (session) {
        this.recovering.set(session.sid, { missed: session.missedPackets, deferred: [] });
        session.missedPackets = [];
      }
      return session;
    };
    const internals = adapter as unknown as {
      apply(opts: Targets, callback: (socket: unknown) => void): void;
    };
    const apply = internals.apply.bind(adapter);
    internals.apply = (opts, callback) => {
      apply(opts, callback);
      for (const [sid, held] of this.recovering) {
        const rooms = adapter.sids.get(sid);
        // Delivered only if the socket is still in a targeted room once its rooms were checked again.
        if (rooms && targets(opts, rooms))
          held.deferred.push((socket) => {
            const now = adapter.sids.get(sid);
            if (now && targets(opts, now)) callback(socket);
          });
      }
    };
  }

  private onConnection(socket: AppSocket): void {
    const { auth } = socket.data;
    socket.join([`user:${auth.id}`, `session:${auth.sessionId}`]);
    this.limitRate(socket);
    this.handle(socket, 'room:join', RoomRefDto, (dto) => this.join(socket, dto.roomId));
    this.handle(socket, 'room:leave', RoomRefDto, async (dto) => {
      this.requireJoined(socket, dto.roomId);
      await this.leaveRoom(socket, dto.roomId);
    });
    this.handle(socket, 'presence:set', PresenceSetDto, async (dto) => {
      this.requireJoined(socket, dto.roomId);
      const mine = {
        state: dto.state,
        viewing: dto.viewing ? { type: dto.viewing.type, id: dto.viewing.id } : null,
      };
      socket.data.rooms[dto.roomId] = mine;
      await this.presence.set(dto.roomId, socket.id, this.entry(socket.data.auth, mine));
    });
    // `typing` and `message:send` come from the messages room.
    for (const extra of this.extraHandlers) {
      this.handle(socket, extra.event, extra.dto, (payload) => extra.work(socket, payload));
    }
    socket.on('disconnect', () => {
      for (const roomId of Object.keys(socket.data.rooms)) {
        this.presence.remove(roomId, socket.id).catch((error: Error) => this.logger.warn(error.message));
      }
    });
    if (socket.recovered) {
      for (const [roomId, mine] of Object.entries(socket.data.rooms)) {
        this.presence
          .set(roomId, socket.id, this.entry(auth, mine))
          .catch((error: Error) => this.logger.warn(error.message));
      }
    }
  }

  private async join(socket: AppSocket, roomId: string) {
    const auth = await this.refreshAuth(socket);
    const { relation } = await this.access.requireRoom(auth, roomId);
    if (!socket.connected) throw new UnauthorizedException('Disconnected');
    this.syncChannels(socket, roomId, relation);
    const mine = socket.data.rooms[roomId] ?? { state: 'active' as const, viewing: null };
    socket.data.rooms[roomId] = mine;
    await this.presence.set(roomId, socket.id, this.entry(auth, mine));
    return { presence: await this.presence.list(roomId) };
  }

  /** Puts the socket in exactly the room's channels its relation allows (a role may change while joined). */
  private syncChannels(socket: AppSocket, roomId: string, relation: Relation): void {
    const userId = socket.data.auth.id;
    const wanted = channelsFor(roomId, userId, relation);
    for (const channel of allChannels(roomId, userId)) {
      if (!wanted.includes(channel)) socket.leave(channel);
    }
    socket.join(wanted);
  }

  private async leaveRoom(socket: AppSocket, roomId: string): Promise<void> {
    for (const channel of allChannels(roomId, socket.data.auth.id)) socket.leave(channel);
    delete socket.data.rooms[roomId];
    await this.presence.remove(roomId, socket.id);
  }

  /** The same answer whether the room exists or not, so nothing leaks. */
  private requireJoined(socket: AppSocket, roomId: string): void {
    if (!socket.rooms.has(roomChannel(roomId))) throw new ForbiddenException('Join the room first');
  }

  /** Re-reads the user and session; a disabled user or ended session is disconnected. */
  private async refreshAuth(socket: AppSocket): Promise<AuthUser> {
    const { id, sessionId } = socket.data.auth;
    try {
      socket.data.auth = await this.verifier.fromClaims({ typ: 'access', sub: id, sid: sessionId });
      return socket.data.auth;
    } catch (error) {
      socket.disconnect(true);
      throw error;
    }
  }

  private entry(auth: AuthUser, mine: SocketData['rooms'][string]): PresenceEntry {
    return { userId: auth.id, name: auth.name, state: mine.state, viewing: mine.viewing, at: Date.now() };
  }

  /** Per-socket window; an abuser is told why and dropped, nobody else is affected. */
  private limitRate(socket: AppSocket): void {
    let windowEnds = 0;
    let count = 0;
    socket.use((_packet, next) => {
      const now = Date.now();
      if (now >= windowEnds) {
        windowEnds = now + RATE_LIMIT.windowMs;
        count = 0;
      }
      count += 1;
      if (count <= RATE_LIMIT.events) return next();
      if (count === RATE_LIMIT.events + 1) {
        // Local and synchronous, so the reason is written before the connection closes.
        this.io?.local.to(socket.id).emit('error', {
          statusCode: 429,
          error: 'Too Many Requests',
          message: `More than ${RATE_LIMIT.events} events in ${RATE_LIMIT.windowMs / 1000} s`,
        });
        socket.disconnect(true);
      }
    });
  }

  /** Validates, runs and acks one client event; failures become error acks, never crashes. */
  private handle<T extends object>(
    socket: AppSocket,
    event: string,
    dto: new () => T,
    work: (payload: T) => Promise<object | void>,
  ): void {
    socket.on(event, async (payload: unknown, ack?: unknown) => {
      if (typeof payload === 'function' && ack === undefined) [payload, ack] = [undefined, payload];
      const reply = typeof ack === 'function' ? (ack as (answer: Ack) => void) : () => undefined;
      try {
        const result = await work(parsePayload(dto, payload));
        reply({ ok: true, ...(result ?? {}) });
      } catch (error) {
        if (!(error instanceof HttpException)) {
          this.logger.error(`${event} failed: ${(error as Error).stack ?? String(error)}`);
        }
        reply({ ok: false, error: toErrorBody(error) });
      }
    });
  }

  private onActivity(event: ActivityEvent): void {
    const io = this.io;
    if (!io) return;
    // Company-wide entries (no room) are read over REST; only room members get pushes.
    if (event.roomId) {
      io.to(this.audienceChannels(event.roomId, event)).emit('activity', {
        id: event.id,
        seq: event.seq,
        companyId: event.companyId,
        roomId: event.roomId,
        type: event.type,
        entity: event.entity,
        entityId: event.entityId,
        summary: event.summary,
        by: event.actorId,
        at: event.at,
      });
    }
    if (event.type === 'room.disabled' && event.roomId) this.recheck({ roomId: event.roomId });
    if (event.type === 'company.deleted') this.recheck({ all: true });
  }

  private audienceChannels(roomId: string, event: ActivityEvent): string[] {
    switch (event.audience) {
      case 'all':
        return [roomChannel(roomId)];
      case 'vendor':
        return [vendorChannel(roomId)];
      case 'owner':
        return event.ownerId
          ? [wideChannel(roomId), memberChannel(roomId, event.ownerId)]
          : [wideChannel(roomId)];
      default:
        return assertUnreachable(event.audience);
    }
  }

  /** Re-checks the matching sockets on every instance. */
  private recheck(scope: RecheckScope): void {
    void this.recheckLocal(scope);
    if (this.config.redisUrl) this.io?.serverSideEmit('recheck', scope);
  }

  private async recheckLocal(scope: RecheckScope): Promise<void> {
    const io = this.io;
    if (!io) return;
    const nsp = io.of('/');
    const ids =
      'all' in scope
        ? [...nsp.sockets.keys()]
        : [
            ...(nsp.adapter.rooms.get(
              'userId' in scope ? `user:${scope.userId}` : roomChannel(scope.roomId),
            ) ?? []),
          ];
    for (const id of ids) {
      const socket = nsp.sockets.get(id);
      if (!socket) continue;
      try {
        const auth = await this.refreshAuth(socket);
        const joined = Object.keys(socket.data.rooms);
        if (!joined.length) continue;
        const allowed = await this.access.roomAccess(auth, joined);
        for (const roomId of joined) {
          const access = allowed.get(roomId);
          if (access) {
            this.syncChannels(socket, roomId, access.relation);
            continue;
          }
          await this.leaveRoom(socket, roomId);
          socket.emit('room:left', { roomId, reason: 'access' });
        }
      } catch (error) {
        if (!(error instanceof HttpException))
          this.logger.warn(`access re-check failed: ${(error as Error).message}`);
      }
    }
  }
}
