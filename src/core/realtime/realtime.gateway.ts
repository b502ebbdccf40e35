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
import { EventEmitter } from 'node:events';
import { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import { Duplex } from 'node:stream';
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

/** Enough to read a socket's user again (see currentUser): an idle socket keeps no copy of the user. */
export type SocketIdentity = Pick<AuthUser, 'id' | 'sessionId'>;

const identityOf = ({ id, sessionId }: AuthUser): SocketIdentity => ({ id, sessionId });

/** What a socket carries; persisted with the session so a recovered connection keeps its rooms. */
export interface SocketData {
  auth: SocketIdentity;
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
export type ReplayGuard = (socket: AppSocket, auth: AuthUser, packets: unknown[][]) => Promise<unknown[][]>;

/** How one client event is handled: its payload DTO and the work it does (see addHandler). */
interface EventHandler {
  dto: new () => object;
  work: (socket: AppSocket, payload: object) => Promise<object | void>;
}

/** A socket's event count in its current rate-limit window. */
interface RateWindow {
  endsAt: number;
  count: number;
}

/** What engine.io hands its middlewares as the response to a WebSocket upgrade. */
interface UpgradeStandIn extends EventEmitter {
  socket: Duplex;
}

const NOTHING = Object.freeze({});

/**
 * A connected socket keeps nothing of its handshake: not the token (every idle socket would hold a JWT,
 * and fetchSockets() would hand it to other instances), nor the empty headers and query Socket.IO
 * made up once the request was released (see releaseUpgradeRequests).
 */
function forgetHandshake(socket: AppSocket): void {
  socket.handshake.auth = NOTHING;
  socket.handshake.headers = NOTHING;
  socket.handshake.query = NOTHING;
}

/**
 * One listener function for every socket. Socket.IO (and EventEmitter) call a listener with the socket as
 * `this`, so an idle socket holds no closure of ours, only a reference to this shared function.
 */
function sharedListener<A extends unknown[]>(
  handle: (socket: AppSocket, ...args: A) => void,
): (this: AppSocket, ...args: A) => void {
  return function (this: AppSocket, ...args: A) {
    handle(this, ...args);
  };
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
  private readonly handlers = new Map<string, EventHandler>();
  private readonly replayGuards: ReplayGuard[] = [];
  /** The user of each socket that has needed one, as last read (see currentUser, refreshAuth). */
  private readonly users = new WeakMap<AppSocket, AuthUser>();
  /** Only sockets that have sent an event have a window. */
  private readonly rateWindows = new WeakMap<AppSocket, RateWindow>();
  private readonly onEvent = sharedListener(
    (socket, event: unknown, ...args: unknown[]) => void this.dispatch(socket, event, args),
  );
  private readonly onDisconnect = sharedListener((socket) => this.releasePresence(socket));

  constructor(
    private readonly httpHost: HttpAdapterHost,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly verifier: AccessTokenVerifier,
    private readonly access: AccessService,
    private readonly bus: EventBus,
    private readonly presence: PresenceService,
    private readonly redis: RedisConnections,
  ) {
    this.addHandler('room:join', RoomRefDto, (socket, dto) => this.join(socket, dto.roomId));
    this.addHandler('room:leave', RoomRefDto, async (socket, dto) => {
      this.requireJoined(socket, dto.roomId);
      await this.leaveRoom(socket, dto.roomId);
    });
    this.addHandler('presence:set', PresenceSetDto, async (socket, dto) => {
      this.requireJoined(socket, dto.roomId);
      const auth = await this.currentUser(socket);
      const mine = {
        state: dto.state,
        viewing: dto.viewing ? { type: dto.viewing.type, id: dto.viewing.id } : null,
      };
      socket.data.rooms[dto.roomId] = mine;
      await this.presence.set(dto.roomId, socket.id, this.entry(auth, mine));
    });
  }

  /**
   * Adds a client event handled like the built-in ones (payload validation, rate limit, error acks);
   * rooms register theirs while the app starts, before any socket connects.
   */
  addHandler<T extends object>(
    event: string,
    dto: new () => T,
    work: (socket: AppSocket, payload: T) => Promise<object | void>,
  ): void {
    if (this.handlers.has(event)) throw new Error(`Socket event ${event} already has a handler`);
    this.handlers.set(event, { dto, work: work as EventHandler['work'] });
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
    this.releaseUpgradeRequests(io);
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
      forgetHandshake(socket);
      const auth = await this.verifier.verify(typeof token === 'string' ? token : null);
      if (!socket.recovered) {
        // Into the object Socket.IO made for it (room to spare), rather than one more per socket.
        socket.data.auth = identityOf(auth);
        socket.data.rooms = {};
        return;
      }
      if (socket.data?.auth?.id !== auth.id)
        throw new UnauthorizedException('Session belongs to another user');
      socket.data.auth = identityOf(auth);
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
      for (const guard of this.replayGuards) missed = await guard(socket, auth, missed);
      this.recovering.delete(socket.id);
      // Written as Socket.IO itself replays them (before the CONNECT packet, which the client waits for).
      const replay = socket as unknown as { packet(packet: { type: number; data: unknown[] }): void };
      for (const data of missed) {
        const roomId = (data[1] as { roomId?: unknown } | undefined)?.roomId;
        if (typeof roomId === 'string' && !socket.rooms.has(roomChannel(roomId))) continue;
        replay.packet({ type: EVENT_PACKET, data });
      }
      for (const deliver of held?.deferred ?? []) deliver(socket);
      this.users.set(socket, auth);
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
   * An idle socket keeps nothing of the HTTP request that opened it, nor of the upgrade's bookkeeping
   * (together over 1 KB a socket). engine.io keeps the request as the connection's `request` (dropping
   * it is Socket.IO's own memory tip). For an upgrade it also makes a stand-in response for its
   * middlewares, holding the request, and keeps it alive for the connection's life through a 'close'
   * listener on the TCP socket that forwards the close to the stand-in: with no middleware listening
   * there, that listener goes. Socket.IO then builds `socket.handshake` without headers or query;
   * nothing here reads them (the origin was checked in allowRequest, before).
   * test/realtime/idle-memory.e2e-spec.ts fails if a library change keeps either alive again.
   */
  private releaseUpgradeRequests(io: AppServer): void {
    io.engine.use((_req: IncomingMessage, res: ServerResponse | UpgradeStandIn, next: () => void) => {
      // Registered after engine.io's own (CORS) middleware: nothing will listen to the stand-in now.
      // Its forwarding listener is then the TCP socket's only 'close' listener; anything else is left be.
      if (!(res instanceof ServerResponse) && res.listenerCount('close') === 0) {
        const listeners = res.socket.listeners('close');
        if (listeners.length === 1) res.socket.removeListener('close', listeners[0] as () => void);
      }
      next();
    });
    io.engine.on('connection', (raw: { request: IncomingMessage | null }) => {
      raw.request = null;
    });
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
    const { id, sessionId } = socket.data.auth;
    socket.join([`user:${id}`, `session:${sessionId}`]);
    // Shared listeners, not closures per socket: thousands of idle sockets each keep only these references.
    socket.onAny(this.onEvent);
    socket.on('disconnect', this.onDisconnect);
    const recoveredUser = socket.recovered ? this.users.get(socket) : undefined;
    if (recoveredUser) {
      // Read again on its next event, like any other socket's: an idle recovered socket holds none either.
      this.users.delete(socket);
      for (const [roomId, mine] of Object.entries(socket.data.rooms)) {
        this.presence
          .set(roomId, socket.id, this.entry(recoveredUser, mine))
          .catch((error: Error) => this.logger.warn(error.message));
      }
    }
  }

  private releasePresence(socket: AppSocket): void {
    for (const roomId of Object.keys(socket.data.rooms)) {
      this.presence.remove(roomId, socket.id).catch((error: Error) => this.logger.warn(error.message));
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

  /**
   * The socket's user for an event: read on its first need (not kept from the handshake, so an idle socket
   * holds none), then as last re-read on join or an access re-check.
   */
  async currentUser(socket: AppSocket): Promise<AuthUser> {
    return this.users.get(socket) ?? this.refreshAuth(socket);
  }

  /** Re-reads the user and session; a disabled user or ended session is disconnected. */
  private async refreshAuth(socket: AppSocket): Promise<AuthUser> {
    const { id, sessionId } = socket.data.auth;
    try {
      const user = await this.verifier.fromClaims({ typ: 'access', sub: id, sid: sessionId });
      this.users.set(socket, user);
      return user;
    } catch (error) {
      socket.disconnect(true);
      throw error;
    }
  }

  private entry(auth: AuthUser, mine: SocketData['rooms'][string]): PresenceEntry {
    return { userId: auth.id, name: auth.name, state: mine.state, viewing: mine.viewing, at: Date.now() };
  }

  /** Per-socket window; an abuser is told why and dropped, nobody else is affected. */
  private withinRate(socket: AppSocket): boolean {
    const now = Date.now();
    let window = this.rateWindows.get(socket);
    if (!window || now >= window.endsAt) {
      window = { endsAt: now + RATE_LIMIT.windowMs, count: 0 };
      this.rateWindows.set(socket, window);
    }
    window.count += 1;
    if (window.count <= RATE_LIMIT.events) return true;
    if (window.count === RATE_LIMIT.events + 1) {
      // Local and synchronous, so the reason is written before the connection closes.
      this.io?.local.to(socket.id).emit('error', {
        statusCode: 429,
        error: 'Too Many Requests',
        message: `More than ${RATE_LIMIT.events} events in ${RATE_LIMIT.windowMs / 1000} s`,
      });
      socket.disconnect(true);
    }
    return false;
  }

  /**
   * Every client event of every socket comes here: rate limit, then the event's handler validates,
   * runs and acks it; failures become error acks, never crashes. Unknown events count and are ignored.
   */
  private async dispatch(socket: AppSocket, event: unknown, args: unknown[]): Promise<void> {
    if (!this.withinRate(socket)) return;
    const handler = typeof event === 'string' ? this.handlers.get(event) : undefined;
    if (!handler) return;
    let [payload, ack] = args;
    if (typeof payload === 'function' && ack === undefined) [payload, ack] = [undefined, payload];
    const reply = typeof ack === 'function' ? (ack as (answer: Ack) => void) : () => undefined;
    try {
      const result = await handler.work(socket, parsePayload(handler.dto, payload));
      reply({ ok: true, ...(result ?? {}) });
    } catch (error) {
      if (!(error instanceof HttpException)) {
        this.logger.error(`${String(event)} failed: ${(error as Error).stack ?? String(error)}`);
      }
      reply({ ok: false, error: toErrorBody(error) });
    }
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
