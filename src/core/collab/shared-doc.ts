import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { awarenessMessage, updateMessage } from './collab-protocol';

/** What a document needs from the server around it. */
export interface SharedDocHost {
  publish(docName: string, kind: 'update' | 'awareness', payload: Uint8Array): void;
}

/** The side of a connection a document talks to. */
export interface DocPeer {
  send(message: Uint8Array): void;
}

export const REMOTE = Symbol('remote');

/**
 * One loaded document: the Y.Doc holds only durable state (updates are applied after their commit), and
 * changes gathered within one event-loop turn go out as one merged message per connection.
 */
export class SharedDoc {
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly peers = new Set<DocPeer>();
  /** Which connection owns each awareness client id, so nobody can speak for another's cursor. */
  readonly awarenessOwners = new Map<number, DocPeer>();
  ready: Promise<void> = Promise.resolve();
  /** Joins and server-side operations in progress; the doc is not unloaded while any is. */
  holds = 0;
  pendingWrites = 0;
  /** Approximate encoded size, to enforce the document limit without re-encoding on every update. */
  bytes = 0;
  uncompacted = 0;
  compacting = false;
  unloadTimer: NodeJS.Timeout | null = null;
  idleTimer: NodeJS.Timeout | null = null;
  /** Remote changes that arrived over Redis while the state was still loading. */
  early: Array<{ kind: 'update' | 'awareness'; payload: Uint8Array }> | null = [];

  private outgoing: Array<{ update: Uint8Array; origin: DocPeer | typeof REMOTE | null }> = [];
  private awarenessAll = new Set<number>();
  private awarenessLocal = new Set<number>();
  private flushScheduled = false;

  constructor(
    readonly name: string,
    private readonly host: SharedDocHost,
  ) {
    this.awareness.setLocalState(null);
    this.awareness.on(
      'update',
      (
        changes: { added: number[]; updated: number[]; removed: number[] },
        origin: DocPeer | typeof REMOTE | null,
      ) => {
        for (const ids of [changes.added, changes.updated, changes.removed]) {
          for (const id of ids) {
            this.awarenessAll.add(id);
            if (origin !== REMOTE) this.awarenessLocal.add(id);
          }
        }
        this.scheduleFlush();
      },
    );
  }

  /** Applies the stored state; throws if a part does not apply, and the caller then discards the doc. */
  applyLoaded(parts: Uint8Array[], updateCount: number): void {
    Y.transact(this.doc, () => {
      for (const part of parts) Y.applyUpdate(this.doc, part, REMOTE);
    });
    this.bytes = parts.reduce((sum, part) => sum + part.byteLength, 0);
    this.uncompacted = updateCount;
    const early = this.early ?? [];
    this.early = null;
    for (const message of early) this.applyRemote(message.kind, message.payload);
  }

  /** An update that is now durable: apply it and queue it for everyone. */
  committed(update: Uint8Array, origin: DocPeer | null): void {
    Y.applyUpdate(this.doc, update, origin);
    this.outgoing.push({ update, origin });
    this.scheduleFlush();
  }

  applyRemote(kind: 'update' | 'awareness', payload: Uint8Array): void {
    if (this.early) {
      this.early.push({ kind, payload });
      return;
    }
    if (kind === 'update') {
      Y.applyUpdate(this.doc, payload, REMOTE);
      this.bytes += payload.byteLength;
      this.outgoing.push({ update: payload, origin: REMOTE });
      this.scheduleFlush();
    } else {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, payload, REMOTE);
    }
  }

  removePeer(peer: DocPeer, clientIds: Iterable<number>): void {
    this.peers.delete(peer);
    const owned = [...clientIds].filter((id) => this.awarenessOwners.get(id) === peer);
    for (const id of owned) this.awarenessOwners.delete(id);
    if (owned.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, owned, null);
  }

  fullAwarenessMessage(): Uint8Array | null {
    const ids = [...this.awareness.getStates().keys()];
    if (ids.length === 0) return null;
    return awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids));
  }

  destroy(): void {
    if (this.unloadTimer) clearTimeout(this.unloadTimer);
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.awareness.destroy();
    this.doc.destroy();
    this.peers.clear();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    if (this.outgoing.length > 0) {
      const batch = this.outgoing;
      this.outgoing = [];
      const merged =
        batch.length === 1 ? batch[0].update : Y.mergeUpdates(batch.map((entry) => entry.update));
      // A lone sender already has its own change; when several changed, everyone gets the one merged message.
      const origins = new Set(batch.map((entry) => entry.origin));
      const skip = origins.size === 1 ? batch[0].origin : null;
      const message = updateMessage(merged);
      for (const peer of this.peers) if (peer !== skip) peer.send(message);
      const local = batch.filter((entry) => entry.origin !== REMOTE).map((entry) => entry.update);
      if (local.length > 0) {
        this.host.publish(
          this.name,
          'update',
          local.length === batch.length ? merged : Y.mergeUpdates(local),
        );
      }
    }
    if (this.awarenessAll.size > 0) {
      const all = [...this.awarenessAll];
      const local = [...this.awarenessLocal];
      this.awarenessAll.clear();
      this.awarenessLocal.clear();
      const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, all);
      const message = awarenessMessage(update);
      for (const peer of this.peers) peer.send(message);
      if (local.length > 0) {
        const publish =
          local.length === all.length
            ? update
            : awarenessProtocol.encodeAwarenessUpdate(this.awareness, local);
        this.host.publish(this.name, 'awareness', publish);
      }
    }
  }
}
