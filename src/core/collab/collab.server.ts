import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage, Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type Redis from 'ioredis';
import { WebSocketServer } from 'ws';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { AccessTokenVerifier } from '../auth/access-token.verifier';
import { AuthUser } from '../auth/auth-user';
import { EventBus } from '../realtime/event-bus.service';
import { RedisConnections } from '../realtime/redis.module';
import { CollabConnection, CollabConnectionHost } from './collab-connection';
import { CollabDocuments } from './collab-documents';
import { CloseCode, syncStep1Message } from './collab-protocol';
import { CollabStore } from './collab-store';
import { SharedDoc, SharedDocHost } from './shared-doc';

const PATH_PREFIX = '/collab/';
/** Message tags on the per-document Redis channel, after the sending instance's id. */
const REDIS_UPDATE = 0;
const REDIS_AWARENESS = 1;
const HEARTBEAT_MS = 30_000;

/**
 * The Yjs server: `/collab/<docName>?token=` on the application's HTTP server, speaking y-websocket.
 * Access is decided before the upgrade completes; updates are durable before anyone else receives them.
 */
@Injectable()
export class CollabServer
  implements OnApplicationBootstrap, BeforeApplicationShutdown, SharedDocHost, CollabConnectionHost
{
  private readonly logger = new Logger(CollabServer.name);
  private readonly docs = new Map<string, SharedDoc>();
  private readonly connections = new Set<CollabConnection>();
  private readonly instanceId = randomBytes(16);
  private readonly compactions = new Set<Promise<unknown>>();
  private readonly unsubscribe: Array<() => void> = [];
  private wss: WebSocketServer | null = null;
  private httpServer: Server | null = null;
  private publisher: Redis | null = null;
  private subscriber: Redis | null = null;
  private closing = false;
  private heartbeat: NodeJS.Timeout | null = null;

  readonly maxUpdateBytes: number;
  readonly maxDocumentBytes: number;
  readonly maxAwarenessClients: number;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly adapterHost: HttpAdapterHost,
    private readonly verifier: AccessTokenVerifier,
    private readonly documents: CollabDocuments,
    private readonly store: CollabStore,
    private readonly bus: EventBus,
    private readonly redis: RedisConnections,
  ) {
    this.maxUpdateBytes = config.collab.maxUpdateBytes;
    this.maxDocumentBytes = config.collab.maxDocumentBytes;
    this.maxAwarenessClients = config.collab.maxAwarenessClients;
  }

  onApplicationBootstrap(): void {
    this.httpServer = this.adapterHost.httpAdapter.getHttpServer() as Server;
    this.wss = new WebSocketServer({
      noServer: true,
      // Room for the message header around the largest allowed update.
      maxPayload: this.maxUpdateBytes + 64,
      perMessageDeflate: false,
    });
    this.httpServer.on('upgrade', this.onUpgrade);
    // A peer that vanished without a close frame is found by its missing pong and dropped.
    this.heartbeat = setInterval(() => {
      for (const connection of this.connections) connection.ping();
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
    this.publisher = this.redis.create('collab-pub');
    this.subscriber = this.redis.create('collab-sub');
    this.subscriber?.on('messageBuffer', (channel: Buffer, message: Buffer) =>
      this.onRedisMessage(channel, message),
    );
    this.unsubscribe.push(
      this.bus.on('sessionsRevoked', ({ userId, sessionIds }) => {
        for (const connection of this.connectionsOf(userId)) {
          if (sessionIds === 'all' || sessionIds.includes(connection.auth.sessionId)) {
            connection.close(CloseCode.Unauthorized, 'session ended');
          }
        }
      }),
      this.bus.on('accessChanged', ({ userId }) => {
        for (const connection of this.connectionsOf(userId)) void this.recheck(connection);
      }),
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    this.httpServer?.off('upgrade', this.onUpgrade);
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.unsubscribe.forEach((off) => off());
    await this.store.flush();
    for (const connection of [...this.connections]) {
      connection.close(CloseCode.GoingAway, 'server shutting down');
      connection.ws.terminate();
    }
    await Promise.allSettled([...this.compactions]);
    for (const doc of this.docs.values()) doc.destroy();
    this.docs.clear();
    this.wss?.close();
  }

  /** Runs `work` on the loaded document (loading it if needed) and keeps it loaded meanwhile. */
  async withDoc<T>(docName: string, work: (doc: SharedDoc) => Promise<T> | T): Promise<T> {
    const doc = await this.acquire(docName);
    try {
      return await work(doc);
    } finally {
      this.release(doc);
    }
  }

  submit(doc: SharedDoc, update: Uint8Array, origin: CollabConnection | null): Promise<void> {
    doc.pendingWrites += 1;
    doc.bytes += update.byteLength;
    return this.store
      .append(doc.name, update)
      .then(() => {
        if (this.docs.get(doc.name) !== doc) return;
        doc.committed(update, origin);
        doc.uncompacted += 1;
        this.afterWrite(doc);
      })
      .catch((error: Error) => {
        doc.bytes -= update.byteLength;
        throw error;
      })
      .finally(() => {
        doc.pendingWrites -= 1;
        this.maybeUnload(doc);
      });
  }

  publish(docName: string, kind: 'update' | 'awareness', payload: Uint8Array): void {
    if (!this.publisher) return;
    const header = Buffer.alloc(17);
    this.instanceId.copy(header);
    header[16] = kind === 'update' ? REDIS_UPDATE : REDIS_AWARENESS;
    this.publisher
      .publish(this.channel(docName), Buffer.concat([header, payload]))
      .catch((error: Error) => this.logger.warn(`publish to ${docName} failed: ${error.message}`));
  }

  disconnected(connection: CollabConnection): void {
    this.connections.delete(connection);
    this.maybeUnload(connection.doc);
  }

  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (!request.url?.startsWith(PATH_PREFIX)) return;
    socket.on('error', () => socket.destroy());
    this.accept(request, socket, head).catch((error: Error) => {
      this.logger.error(`collab connection failed: ${error.message}`);
      socket.destroy();
    });
  };

  private async accept(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    if (this.closing || !this.wss) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n');
      return;
    }
    const url = new URL(request.url ?? '/', 'http://localhost');
    let docName: string;
    try {
      docName = decodeURIComponent(url.pathname.slice(PATH_PREFIX.length));
    } catch {
      docName = '';
    }
    let auth: AuthUser;
    try {
      auth = await this.verifier.verify(url.searchParams.get('token'));
    } catch {
      return this.refuse(request, socket, head, CloseCode.Unauthorized, 'unauthorized');
    }
    const access = CollabDocuments.isValidName(docName) ? await this.documents.resolve(auth, docName) : null;
    if (!access) return this.refuse(request, socket, head, CloseCode.NotFound, 'document not found');

    let doc: SharedDoc;
    try {
      doc = await this.acquire(docName);
    } catch (error) {
      this.logger.error(`could not load ${docName}: ${(error as Error).message}`);
      return this.refuse(request, socket, head, CloseCode.Internal, 'could not load the document');
    }
    try {
      if (socket.destroyed || this.closing) return;
      this.wss.handleUpgrade(request, socket, head, (ws) => {
        const connection = new CollabConnection(ws, auth, doc, access.canWrite, this);
        this.connections.add(connection);
        doc.peers.add(connection);
        if (access.canWrite) connection.send(syncStep1Message(doc.doc));
        const awareness = doc.fullAwarenessMessage();
        if (awareness) connection.send(awareness);
      });
    } finally {
      this.release(doc);
    }
  }

  /** Completes the handshake only to close with a code a browser can read; nothing of the doc is sent. */
  private refuse(request: IncomingMessage, socket: Duplex, head: Buffer, code: number, reason: string): void {
    if (socket.destroyed || !this.wss) return;
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      ws.on('error', () => ws.terminate());
      ws.close(code, reason);
      setTimeout(() => ws.terminate(), 5000).unref();
    });
  }

  private async acquire(docName: string): Promise<SharedDoc> {
    const existing = this.docs.get(docName);
    if (existing) {
      existing.holds += 1;
      this.cancelUnload(existing);
      try {
        await existing.ready;
      } catch (error) {
        existing.holds -= 1;
        throw error;
      }
      return existing;
    }
    const doc = new SharedDoc(docName, this);
    doc.holds = 1;
    this.docs.set(docName, doc);
    doc.ready = (async () => {
      // Subscribe before reading so nothing published in between is missed; replays are harmless in Yjs.
      if (this.subscriber) await this.subscriber.subscribe(this.channel(docName));
      const loaded = await this.store.load(docName);
      doc.applyLoaded(loaded.parts, loaded.updateSeqs.length);
    })();
    try {
      await doc.ready;
    } catch (error) {
      if (this.docs.get(docName) === doc) this.docs.delete(docName);
      this.subscriber?.unsubscribe(this.channel(docName)).catch(() => undefined);
      doc.destroy();
      throw error;
    }
    return doc;
  }

  private release(doc: SharedDoc): void {
    doc.holds -= 1;
    this.maybeUnload(doc);
  }

  private cancelUnload(doc: SharedDoc): void {
    if (doc.unloadTimer) clearTimeout(doc.unloadTimer);
    doc.unloadTimer = null;
  }

  private isIdle(doc: SharedDoc): boolean {
    return doc.peers.size === 0 && doc.holds === 0 && doc.pendingWrites === 0;
  }

  private maybeUnload(doc: SharedDoc): void {
    if (this.closing || !this.isIdle(doc) || doc.unloadTimer || this.docs.get(doc.name) !== doc) return;
    doc.unloadTimer = setTimeout(() => {
      doc.unloadTimer = null;
      if (!this.isIdle(doc) || this.docs.get(doc.name) !== doc) return;
      this.docs.delete(doc.name);
      this.subscriber?.unsubscribe(this.channel(doc.name)).catch(() => undefined);
      const folded = doc.uncompacted > 0;
      doc.destroy();
      if (folded) this.compact(doc);
    }, this.config.collab.unloadDelayMs);
    doc.unloadTimer.unref();
  }

  private afterWrite(doc: SharedDoc): void {
    if (doc.uncompacted >= this.config.collab.compactAfterUpdates) this.compact(doc);
    if (doc.idleTimer) clearTimeout(doc.idleTimer);
    doc.idleTimer = setTimeout(() => {
      doc.idleTimer = null;
      if (doc.uncompacted > 0 && this.docs.get(doc.name) === doc) this.compact(doc);
    }, this.config.collab.compactAfterIdleMs);
    doc.idleTimer.unref();
  }

  private compact(doc: SharedDoc): void {
    if (doc.compacting || this.closing) return;
    doc.compacting = true;
    const run = this.store
      .compact(doc.name)
      .then(({ folded, stateBytes }) => {
        if (folded === 0) return;
        doc.uncompacted = Math.max(0, doc.uncompacted - folded);
        doc.bytes = stateBytes;
      })
      .catch((error: Error) => this.logger.error(`compaction of ${doc.name} failed: ${error.message}`))
      .finally(() => {
        doc.compacting = false;
        this.compactions.delete(run);
      });
    this.compactions.add(run);
  }

  private onRedisMessage(channel: Buffer, message: Buffer): void {
    const name = channel.toString().slice(this.channel('').length);
    const doc = this.docs.get(name);
    if (!doc || message.length < 17 || message.subarray(0, 16).equals(this.instanceId)) return;
    const payload = new Uint8Array(message.buffer, message.byteOffset + 17, message.length - 17);
    try {
      doc.applyRemote(message[16] === REDIS_UPDATE ? 'update' : 'awareness', payload);
    } catch (error) {
      this.logger.warn(`bad remote message for ${name}: ${(error as Error).message}`);
    }
  }

  private channel(docName: string): string {
    return `${this.config.redisPrefix}collab:${docName}`;
  }

  private connectionsOf(userId: string): CollabConnection[] {
    return [...this.connections].filter((connection) => connection.auth.id === userId);
  }

  private async recheck(connection: CollabConnection): Promise<void> {
    try {
      const auth = await this.verifier.fromClaims({
        typ: 'access',
        sub: connection.auth.id,
        sid: connection.auth.sessionId,
      });
      const access = await this.documents.resolve(auth, connection.doc.name);
      if (!access) return connection.close(CloseCode.Forbidden, 'access revoked');
      connection.auth = auth;
      connection.canWrite = access.canWrite;
    } catch {
      connection.close(CloseCode.Unauthorized, 'session ended');
    }
  }
}
