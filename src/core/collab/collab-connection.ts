import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { RawData, WebSocket } from 'ws';
import { AuthUser } from '../auth/auth-user';
import {
  CloseCode,
  isEmptyUpdate,
  MESSAGE_AWARENESS,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_SYNC,
  syncStep2Message,
} from './collab-protocol';
import { DocPeer, SharedDoc } from './shared-doc';

const SYNC_STEP1 = 0;
const SYNC_STEP2 = 1;
const SYNC_UPDATE = 2;

const MAX_AWARENESS_BYTES = 32 * 1024;
const MAX_CLIENT_IDS_PER_CONNECTION = 4;
const AWARENESS_BURST = 40;
const AWARENESS_PER_SECOND = 20;
/** A reader this far behind is not keeping up; closing it protects the server's memory. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

export interface CollabConnectionHost {
  readonly maxUpdateBytes: number;
  readonly maxDocumentBytes: number;
  readonly maxAwarenessClients: number;
  /** Persists then broadcasts a client's update; rejects if it could not be saved. */
  submit(doc: SharedDoc, update: Uint8Array, origin: CollabConnection): Promise<void>;
  disconnected(connection: CollabConnection): void;
}

class ProtocolError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** One client on one document: decodes the y-websocket protocol and enforces read-only and limits. */
export class CollabConnection implements DocPeer {
  readonly clientIds = new Set<number>();
  private awarenessTokens = AWARENESS_BURST;
  private awarenessRefilledAt = Date.now();
  private closed = false;
  private alive = true;

  constructor(
    readonly ws: WebSocket,
    public auth: AuthUser,
    readonly doc: SharedDoc,
    public canWrite: boolean,
    private readonly host: CollabConnectionHost,
  ) {
    ws.on('message', (data, isBinary) => this.receive(data, isBinary));
    ws.on('close', () => this.cleanup());
    ws.on('pong', () => (this.alive = true));
    ws.on('error', () => this.close(CloseCode.Malformed, 'protocol error'));
  }

  send(message: Uint8Array): void {
    if (this.closed || this.ws.readyState !== WebSocket.OPEN) return;
    if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.close(CloseCode.TooSlow, 'client is not reading');
      return;
    }
    this.ws.send(message);
  }

  /** Terminates the connection if the previous ping went unanswered, else pings again. */
  ping(): void {
    if (!this.alive) {
      this.cleanup();
      this.ws.terminate();
      return;
    }
    this.alive = false;
    if (this.ws.readyState === WebSocket.OPEN) this.ws.ping();
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.cleanup();
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) {
      this.ws.close(code, reason);
      // A peer that never answers the close handshake must not hold the socket.
      setTimeout(() => this.ws.terminate(), 5000).unref();
    }
  }

  private cleanup(): void {
    if (this.closed) return;
    this.closed = true;
    this.doc.removePeer(this, this.clientIds);
    this.host.disconnected(this);
  }

  private receive(data: RawData, isBinary: boolean): void {
    if (this.closed) return;
    try {
      if (!isBinary) throw new ProtocolError(CloseCode.Malformed, 'text frames are not part of the protocol');
      const bytes = toBytes(data);
      if (bytes.byteLength === 0) throw new ProtocolError(CloseCode.Malformed, 'empty message');
      this.handle(bytes);
    } catch (error) {
      if (error instanceof ProtocolError) this.close(error.code, error.message);
      else this.close(CloseCode.Malformed, 'malformed message');
    }
  }

  private handle(bytes: Uint8Array): void {
    const decoder = decoding.createDecoder(bytes);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MESSAGE_SYNC:
        this.handleSync(decoder);
        break;
      case MESSAGE_AWARENESS:
        this.handleAwareness(decoding.readVarUint8Array(decoder));
        break;
      case MESSAGE_QUERY_AWARENESS: {
        const message = this.doc.fullAwarenessMessage();
        if (message) this.send(message);
        break;
      }
      default:
        throw new ProtocolError(CloseCode.Malformed, `unknown message type ${type}`);
    }
    if (decoding.hasContent(decoder)) throw new ProtocolError(CloseCode.Malformed, 'trailing bytes');
  }

  private handleSync(decoder: decoding.Decoder): void {
    const step = decoding.readVarUint(decoder);
    if (step === SYNC_STEP1) {
      const stateVector = decoding.readVarUint8Array(decoder);
      Y.decodeStateVector(stateVector);
      this.send(syncStep2Message(this.doc.doc, stateVector));
      return;
    }
    if (step !== SYNC_STEP2 && step !== SYNC_UPDATE) {
      throw new ProtocolError(CloseCode.Malformed, `unknown sync step ${step}`);
    }
    const update = decoding.readVarUint8Array(decoder);
    if (!this.canWrite) return;
    if (update.byteLength > this.host.maxUpdateBytes) {
      throw new ProtocolError(CloseCode.TooLarge, 'update too large');
    }
    if (isEmptyUpdate(update)) return;
    // Parsing it fully rejects garbage before it is stored, where it would break every later load.
    Y.decodeUpdate(update);
    if (this.doc.bytes + update.byteLength > this.host.maxDocumentBytes) {
      throw new ProtocolError(CloseCode.DocumentTooLarge, 'document size limit reached');
    }
    this.host
      .submit(this.doc, update.slice(), this)
      .catch(() => this.close(CloseCode.Internal, 'could not save the update'));
  }

  private handleAwareness(update: Uint8Array): void {
    if (update.byteLength > MAX_AWARENESS_BYTES)
      throw new ProtocolError(CloseCode.TooLarge, 'awareness too large');
    const now = Date.now();
    this.awarenessTokens = Math.min(
      AWARENESS_BURST,
      this.awarenessTokens + ((now - this.awarenessRefilledAt) / 1000) * AWARENESS_PER_SECOND,
    );
    this.awarenessRefilledAt = now;
    if (this.awarenessTokens < 1) return;
    this.awarenessTokens -= 1;

    const decoder = decoding.createDecoder(update);
    const entries: Array<{ clientId: number; clock: number; state: unknown }> = [];
    const count = decoding.readVarUint(decoder);
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const state: unknown = JSON.parse(decoding.readVarString(decoder));
      entries.push({ clientId, clock, state });
    }
    if (decoding.hasContent(decoder)) throw new ProtocolError(CloseCode.Malformed, 'trailing bytes');

    const states = this.doc.awareness.getStates();
    let added = 0;
    const accepted = entries.filter(({ clientId, state }) => {
      const owner = this.doc.awarenessOwners.get(clientId);
      if (owner && owner !== this) return false;
      if (state !== null && (typeof state !== 'object' || Array.isArray(state))) return false;
      if (!owner) {
        if (state === null) return false;
        if (this.clientIds.size >= MAX_CLIENT_IDS_PER_CONNECTION) return false;
        // Another instance's client id: only that instance's connection may speak for it.
        if (states.has(clientId)) return false;
        if (states.size + added >= this.host.maxAwarenessClients) return false;
        added += 1;
        this.clientIds.add(clientId);
        this.doc.awarenessOwners.set(clientId, this);
      }
      return true;
    });
    if (accepted.length === 0) return;

    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, accepted.length);
    for (const { clientId, clock, state } of accepted) {
      encoding.writeVarUint(encoder, clientId);
      encoding.writeVarUint(encoder, clock);
      encoding.writeVarString(encoder, JSON.stringify(state === null ? null : this.stamp(state as object)));
    }
    awarenessProtocol.applyAwarenessUpdate(this.doc.awareness, encoding.toUint8Array(encoder), this);
  }

  /** The `user` field always names the token's user; a client may only choose its colour. */
  private stamp(state: object): object {
    const given = (state as { user?: unknown }).user;
    const user: Record<string, string> = {};
    if (given && typeof given === 'object') {
      for (const key of ['color', 'colorLight']) {
        const value = (given as Record<string, unknown>)[key];
        if (typeof value === 'string' && value.length <= 32) user[key] = value;
      }
    }
    return { ...state, user: { ...user, id: this.auth.id, name: this.auth.name } };
  }
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
