import * as Y from 'yjs';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { Api } from './api';
import { Actor } from './factories';

export interface CollabClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  destroy(): void;
}

export function collabUrl(baseUrl: string): string {
  return baseUrl.replace(/^http/, 'ws') + '/collab';
}

/** A stock y-websocket provider, as a browser would use it. */
export function connect(baseUrl: string, docName: string, token: string): CollabClient {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(collabUrl(baseUrl), docName, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as never,
    disableBc: true,
    maxBackoffTime: 200,
  });
  return {
    doc,
    provider,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Waits for `check` to hold, re-checking as events arrive; fails with `what` after the deadline. */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, ms = 10000) {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function synced(client: CollabClient, ms = 10000): Promise<void> {
  return eventually(() => client.provider.synced, 'sync', ms);
}

export interface RawResult {
  code: number;
  reason: string;
  messages: Buffer[];
}

/** A bare socket: records every frame the server sends until it closes the connection. */
export function rawSession(
  baseUrl: string,
  path: string,
  onOpen?: (ws: WebSocket) => void,
): { ws: WebSocket; closed: Promise<RawResult> } {
  const ws = new WebSocket(collabUrl(baseUrl) + path);
  const messages: Buffer[] = [];
  ws.on('message', (data) => messages.push(data as Buffer));
  if (onOpen) ws.on('open', () => onOpen(ws));
  const closed = new Promise<RawResult>((resolve, reject) => {
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString(), messages }));
    ws.on('error', reject);
  });
  return { ws, closed };
}

export async function createCustomRoom(api: Api, admin: Actor, companyId: string, name = 'War room') {
  const res = await api.post(`/companies/${companyId}/rooms`, { kind: 'custom', name }, admin.token);
  if (res.status !== 201) throw new Error(`create room: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}
