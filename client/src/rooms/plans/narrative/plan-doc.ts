import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { ApiClient } from '../../../api/api-client';

export interface PlanDoc {
  doc: Y.Doc;
  provider: WebsocketProvider;
}

interface Entry extends PlanDoc {
  holders: number;
  closeTimer: ReturnType<typeof setTimeout> | null;
  unsubscribe: () => void;
}

const open = new Map<string, Entry>();
/** Keep a plan's connection a little after its last editor goes, so switching tabs does not reconnect. */
const LINGER_MS = 5_000;

function collabUrl(): string {
  return `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/collab`;
}

/**
 * One Yjs document and y-websocket connection per open plan (`plan:<id>`), shared by its section editors.
 * The connection always carries the latest access token, refreshed before it runs out; edits made while
 * offline stay in the document and sync when the provider reconnects.
 */
export function holdPlanDoc(
  api: ApiClient,
  docName: string,
  user: { name: string; color: string },
): [PlanDoc, () => void] {
  let entry = open.get(docName);
  if (!entry) {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(collabUrl(), docName, doc, {
      params: { token: api.store.current?.accessToken ?? '' },
      maxBackoffTime: 10_000,
      disableBc: true,
    });
    provider.awareness.setLocalStateField('user', user);
    const unsubscribe = api.store.subscribe((session) => {
      if (session) provider.params = { ...provider.params, token: session.accessToken };
    });
    // Before each reconnect, make sure the token it will carry is fresh.
    provider.on('connection-close', () => void api.freshAccessToken().catch(() => undefined));
    entry = { doc, provider, holders: 0, closeTimer: null, unsubscribe };
    open.set(docName, entry);
  }
  const held = entry;
  if (held.closeTimer) clearTimeout(held.closeTimer);
  held.closeTimer = null;
  held.holders += 1;
  let released = false;
  return [
    held,
    () => {
      if (released) return;
      released = true;
      held.holders -= 1;
      if (held.holders > 0) return;
      held.closeTimer = setTimeout(() => {
        open.delete(docName);
        held.unsubscribe();
        held.provider.destroy();
        held.doc.destroy();
      }, LINGER_MS);
    },
  ];
}
