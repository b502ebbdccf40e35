import { io, type Socket } from 'socket.io-client';
import type { ApiClient } from '../api/api-client';
import type { ActivityEvent, PresenceUser } from '../api/types';
import { jitteredBackoff } from './backoff';

export type ConnectionStatus = 'connecting' | 'online' | 'offline';

interface JoinAck {
  ok: boolean;
  presence?: { roomId: string; users: PresenceUser[] };
  error?: { message?: string };
}

type Listener<T> = (value: T) => void;

/**
 * The one Socket.IO connection of a signed-in tab: token handshake (refreshed before it runs out), jittered
 * reconnects (Socket.IO's own for dropped transports, ours after an auth refusal), rooms re-joined after
 * every reconnect, and `reconnected` so pages fetch what they missed.
 */
export class RealtimeClient {
  private readonly socket: Socket;
  private readonly rooms = new Map<string, number>();
  private readonly presence = new Map<string, PresenceUser[]>();
  private readonly statusListeners = new Set<Listener<ConnectionStatus>>();
  private readonly presenceListeners = new Set<Listener<{ roomId: string; users: PresenceUser[] }>>();
  private readonly activityListeners = new Set<Listener<ActivityEvent>>();
  private readonly reconnectListeners = new Set<() => void>();
  private statusValue: ConnectionStatus = 'connecting';
  private everConnected = false;
  private authFailures = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(private readonly api: ApiClient) {
    this.socket = io({
      path: '/socket.io',
      transports: ['websocket'],
      autoConnect: false,
      reconnectionDelay: 1000,
      reconnectionDelayMax: 15_000,
      randomizationFactor: 0.5,
      auth: (cb) => {
        api.freshAccessToken().then(
          (token) => cb({ token }),
          () => cb({ token: api.store.current?.accessToken }),
        );
      },
    });
    this.socket.on('connect', () => this.onConnect());
    this.socket.on('disconnect', (reason) => {
      this.setStatus('offline');
      // The server ended the socket (session revoked or access changed): try again with a fresh token.
      if (reason === 'io server disconnect') this.scheduleRetry();
    });
    this.socket.on('connect_error', () => {
      this.setStatus('offline');
      // A refusal by the auth middleware stops Socket.IO's own reconnection; refresh and retry ourselves.
      if (!this.socket.active) void this.retryAfterRefusal();
    });
    this.socket.on('presence', (list: { roomId: string; users: PresenceUser[] }) => this.setPresence(list));
    this.socket.on('activity', (event: ActivityEvent) => {
      for (const listener of [...this.activityListeners]) listener(event);
    });
    this.socket.connect();
  }

  get status(): ConnectionStatus {
    return this.statusValue;
  }

  onStatus(listener: Listener<ConnectionStatus>): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  onPresence(listener: Listener<{ roomId: string; users: PresenceUser[] }>): () => void {
    this.presenceListeners.add(listener);
    return () => this.presenceListeners.delete(listener);
  }

  onActivity(listener: Listener<ActivityEvent>): () => void {
    this.activityListeners.add(listener);
    return () => this.activityListeners.delete(listener);
  }

  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  /** A server event by name (`message:new`, `typing`, …) until the returned release is called. */
  on<T>(event: string, listener: Listener<T>): () => void {
    const handler = (payload: T) => listener(payload);
    this.socket.on(event, handler);
    return () => void this.socket.off(event, handler);
  }

  /** Emits a client event and resolves with its ack; rejects when no ack comes within `timeoutMs`. */
  request<T>(event: string, payload: unknown, timeoutMs = 10_000): Promise<T> {
    return new Promise((resolve, reject) => {
      this.socket.timeout(timeoutMs).emit(event, payload, (error: Error | null, ack: T) => {
        if (error) reject(error);
        else resolve(ack);
      });
    });
  }

  presenceOf(roomId: string): PresenceUser[] {
    return this.presence.get(roomId) ?? [];
  }

  /** Joins `roomId` while anything holds the returned release; nested holders share one join. */
  join(roomId: string): () => void {
    const count = this.rooms.get(roomId) ?? 0;
    this.rooms.set(roomId, count + 1);
    if (count === 0 && this.socket.connected) this.emitJoin(roomId);
    return () => {
      const left = (this.rooms.get(roomId) ?? 1) - 1;
      if (left > 0) return void this.rooms.set(roomId, left);
      this.rooms.delete(roomId);
      this.presence.delete(roomId);
      if (this.socket.connected) this.socket.emit('room:leave', { roomId });
    };
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.socket.removeAllListeners();
    this.socket.disconnect();
  }

  private onConnect(): void {
    this.authFailures = 0;
    const returning = this.everConnected;
    this.everConnected = true;
    this.setStatus('online');
    for (const roomId of this.rooms.keys()) this.emitJoin(roomId);
    if (returning) for (const listener of [...this.reconnectListeners]) listener();
  }

  private emitJoin(roomId: string): void {
    this.socket.timeout(10_000).emit('room:join', { roomId }, (error: Error | null, ack?: JoinAck) => {
      if (error || !ack?.ok || !ack.presence) return;
      if (this.rooms.has(roomId)) this.setPresence(ack.presence);
    });
  }

  private setPresence(list: { roomId: string; users: PresenceUser[] }): void {
    if (!this.rooms.has(list.roomId)) return;
    this.presence.set(list.roomId, list.users);
    for (const listener of [...this.presenceListeners]) listener(list);
  }

  private async retryAfterRefusal(): Promise<void> {
    const stale = this.api.store.current?.accessToken;
    if (!stale) return;
    try {
      if (!(await this.api.refresh(stale))) return;
    } catch {
      // Offline: keep trying on the backoff below.
    }
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.closed || this.retryTimer) return;
    const delay = jitteredBackoff(this.authFailures++, { baseMs: 1000, maxMs: 30_000 });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.closed && !this.socket.connected && this.api.store.current) this.socket.connect();
    }, delay);
  }

  private setStatus(status: ConnectionStatus): void {
    if (status === this.statusValue) return;
    this.statusValue = status;
    for (const listener of [...this.statusListeners]) listener(status);
  }
}
