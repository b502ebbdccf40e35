import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { ApiClient } from '../../../api/api-client';
import { setCollabOffline } from '../../../realtime/collab-status';
import { collabRetryDelay } from './collab-retry';

export interface PlanDoc {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** The browser's copy of the document: edits survive a reload or a closed tab before they are sent. */
  local: IndexeddbPersistence | null;
}

interface Entry extends PlanDoc {
  holders: number;
  closeTimer: ReturnType<typeof setTimeout> | null;
  dispose: () => void;
}

const open = new Map<string, Entry>();
/** Keep a plan's connection a little after its last editor goes, so switching tabs does not reconnect. */
const LINGER_MS = 5_000;
/** Local copies are named per user, so two people sharing a browser never merge each other's drafts. */
const LOCAL_PREFIX = 'partner-workspace:collab:';

export function localDocName(userId: string, docName: string): string {
  return `${LOCAL_PREFIX}${userId}:${docName}`;
}

function collabUrl(): string {
  return `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/collab`;
}

let watchingSignOut = false;
/** On sign-out, the local copies of every document go with the session. */
function clearLocalCopiesOnSignOut(api: ApiClient): void {
  if (watchingSignOut || typeof indexedDB === 'undefined') return;
  watchingSignOut = true;
  api.store.subscribe((session) => {
    if (session) return;
    void indexedDB
      .databases?.()
      .then((all) => {
        for (const db of all) if (db.name?.startsWith(LOCAL_PREFIX)) indexedDB.deleteDatabase(db.name);
      })
      .catch(() => undefined);
  });
}

/**
 * One Yjs document and y-websocket connection per open plan (`plan:<id>`), shared by its section editors.
 * The connection always carries the latest access token, refreshed before it runs out. Edits made while
 * offline stay in the document and in the browser's IndexedDB copy; whenever the provider (re)connects,
 * the sync exchange sends them and merges the others' edits. Dropped sockets come back after a jittered
 * backoff; the browser's offline/online events drop and re-open the socket at once, instead of waiting for a
 * dead socket to time out.
 */
export function holdPlanDoc(
  api: ApiClient,
  docName: string,
  user: { id: string; name: string; color: string },
): [PlanDoc, () => void] {
  let entry = open.get(docName);
  if (!entry) {
    const doc = new Y.Doc();
    const local =
      typeof indexedDB === 'undefined' ? null : new IndexeddbPersistence(localDocName(user.id, docName), doc);
    const provider = new WebsocketProvider(collabUrl(), docName, doc, {
      params: { token: api.store.current?.accessToken ?? '' },
      maxBackoffTime: 10_000,
      disableBc: true,
      connect: navigator.onLine !== false,
    });
    provider.awareness.setLocalStateField('user', { name: user.name, color: user.color });
    const unsubscribe = api.store.subscribe((session) => {
      if (session) provider.params = { ...provider.params, token: session.accessToken };
    });
    clearLocalCopiesOnSignOut(api);
    // Reconnects are ours, not y-websocket's (which has no jitter and gives up on an expired session): each
    // waits a jittered backoff, then carries a fresh token.
    let attempts = 0;
    let retryTimer: ReturnType<typeof setTimeout> | null = null;
    const reconnect = () => {
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      void api
        .freshAccessToken()
        .catch(() => undefined)
        .then(() => {
          if (open.get(docName)?.provider === provider && navigator.onLine !== false) provider.connect();
        });
    };
    const onClose = (event: CloseEvent | null) => {
      const delay = collabRetryDelay(event ? event.code : null, attempts);
      if (delay === null) return;
      setCollabOffline(docName, true);
      attempts += 1;
      provider.shouldConnect = false;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = setTimeout(reconnect, delay);
    };
    // Lost once disconnected, back once connected again; the retries' "connecting" in between changes nothing.
    const onStatus = ({ status }: { status: string }) => {
      if (status === 'connected') {
        attempts = 0;
        setCollabOffline(docName, false);
      } else if (status === 'disconnected') setCollabOffline(docName, true);
    };
    const goOffline = () => {
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      provider.disconnect();
      setCollabOffline(docName, true);
    };
    const goOnline = reconnect;
    provider.on('connection-close', onClose);
    provider.on('status', onStatus);
    window.addEventListener('offline', goOffline);
    window.addEventListener('online', goOnline);
    if (!provider.shouldConnect) setCollabOffline(docName, true);
    const dispose = () => {
      if (retryTimer) clearTimeout(retryTimer);
      window.removeEventListener('offline', goOffline);
      window.removeEventListener('online', goOnline);
      provider.off('status', onStatus);
      provider.off('connection-close', onClose);
      unsubscribe();
      setCollabOffline(docName, false);
    };
    entry = { doc, provider, local, holders: 0, closeTimer: null, dispose };
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
        held.dispose();
        held.provider.destroy();
        void held.local?.destroy();
        held.doc.destroy();
      }, LINGER_MS);
    },
  ];
}
