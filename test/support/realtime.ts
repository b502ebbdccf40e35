import { io, ManagerOptions, Socket, SocketOptions } from 'socket.io-client';
import { Api } from './api';

export type ClientSocket = Socket;

const opened: Socket[] = [];

/** A socket.io-client connected to the test server (not yet awaited); closed by `closeSockets()`. */
export function openSocket(
  baseUrl: string,
  token: string | undefined,
  options: Partial<ManagerOptions & SocketOptions> = {},
): Socket {
  const socket = io(baseUrl, {
    path: '/socket.io',
    transports: ['websocket'],
    auth: token === undefined ? {} : { token },
    reconnection: false,
    forceNew: true,
    ...options,
  });
  opened.push(socket);
  return socket;
}

export function closeSockets(): void {
  for (const socket of opened.splice(0)) socket.disconnect();
}

/** Resolves once connected; rejects with the server's refusal (connect_error) or after `ms`. */
export function connected(socket: Socket, ms = 5000): Promise<Socket> {
  if (socket.connected) return Promise.resolve(socket);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`not connected within ${ms} ms`)), ms);
    const onConnect = () => done(null);
    const onError = (error: Error) => done(error);
    function done(error: Error | null) {
      clearTimeout(timer);
      socket.off('connect', onConnect);
      socket.off('connect_error', onError);
      if (error) reject(error);
      else resolve(socket);
    }
    socket.on('connect', onConnect);
    socket.on('connect_error', onError);
  });
}

export async function connect(
  baseUrl: string,
  token: string,
  options: Partial<ManagerOptions & SocketOptions> = {},
): Promise<Socket> {
  return connected(openSocket(baseUrl, token, options));
}

/** The next `event` whose payload satisfies `predicate`, or a rejection after `ms`. */
export function waitFor<T = any>(
  socket: Socket,
  event: string,
  predicate: (payload: T) => boolean = () => true,
  ms = 5000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no matching "${event}" within ${ms} ms`));
    }, ms);
    function listener(payload: T) {
      if (!predicate(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(payload);
    }
    socket.on(event, listener);
  });
}

/** Resolves with the reason once the socket is disconnected. */
export function waitForDisconnect(socket: Socket, ms = 5000): Promise<string> {
  if (!socket.connected) return Promise.resolve('not connected');
  return waitFor<string>(socket, 'disconnect', () => true, ms);
}

/** Emits with an ack and resolves with the answer (rejects if none comes within `ms`). */
export function request<T = any>(socket: Socket, event: string, payload?: unknown, ms = 5000): Promise<T> {
  return payload === undefined
    ? socket.timeout(ms).emitWithAck(event)
    : socket.timeout(ms).emitWithAck(event, payload);
}

/** Every payload of `event` the socket receives from now on, in arrival order. */
export function record<T = any>(socket: Socket, event: string): T[] {
  const seen: T[] = [];
  socket.on(event, (payload: T) => seen.push(payload));
  return seen;
}

/** The id of the company's room of one kind. */
export async function roomOf(api: Api, token: string, companyId: string, kind: string): Promise<string> {
  const res = await api.get(`/companies/${companyId}/rooms`, token);
  if (res.status !== 200) throw new Error(`rooms of ${companyId}: ${res.status} ${JSON.stringify(res.body)}`);
  const items: Array<{ id: string; kind: string }> = Array.isArray(res.body) ? res.body : res.body.items;
  const room = items.find((r) => r.kind === kind);
  if (!room) throw new Error(`no ${kind} room in ${companyId}`);
  return room.id;
}
