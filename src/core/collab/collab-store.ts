import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DocFolder } from './doc-folder';

interface PendingWrite {
  docName: string;
  update: Uint8Array;
  resolve(): void;
  reject(error: Error): void;
}

interface StoredRow {
  kind: number;
  seq: string | null;
  data: Buffer;
}

export interface LoadedState {
  /** The snapshot first (if any), then every update not yet folded into it, in seq order. */
  parts: Uint8Array[];
  updateSeqs: string[];
}

const MAX_BATCH = 200;

/**
 * Postgres persistence of collab documents. Appends are group-committed: while one INSERT is in flight the
 * next batch gathers, so a quiet server commits each update at once and a busy one amortises round trips.
 */
@Injectable()
export class CollabStore {
  private readonly logger = new Logger(CollabStore.name);
  private queue: PendingWrite[] = [];
  private flushing: Promise<void> | null = null;
  private scheduled = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly folder: DocFolder,
  ) {}

  /** Resolves once the update is committed. */
  append(docName: string, update: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ docName, update, resolve, reject });
      this.schedule();
    });
  }

  /** Waits until every append made so far is committed (or failed). */
  async flush(): Promise<void> {
    while (this.queue.length > 0 || this.flushing) {
      if (this.flushing) await this.flushing;
      else await this.writeBatch();
    }
  }

  async load(docName: string, manager: EntityManager = this.dataSource.manager): Promise<LoadedState> {
    // One statement, one MVCC snapshot: a compaction committing in between cannot make rows vanish from view.
    const rows = await manager.query<StoredRow[]>(
      `SELECT 0 AS kind, NULL::bigint AS seq, state AS data FROM collab_snapshots WHERE doc_name = $1
       UNION ALL
       SELECT 1 AS kind, seq, "update" AS data FROM collab_updates WHERE doc_name = $1
       ORDER BY kind, seq`,
      [docName],
    );
    return {
      parts: rows.map((row) => new Uint8Array(row.data.buffer, row.data.byteOffset, row.data.byteLength)),
      updateSeqs: rows.filter((row) => row.kind === 1).map((row) => String(row.seq)),
    };
  }

  /**
   * Folds the stored updates of a document into its snapshot. Runs under a per-document advisory lock and
   * builds the state from what it read in the same transaction; any update that fails to apply aborts it, so
   * a snapshot never replaces data it could not load. Returns how many updates were folded (0 = skipped).
   */
  async compact(docName: string): Promise<{ folded: number; stateBytes: number }> {
    return this.dataSource.transaction(async (manager) => {
      const [lock] = await manager.query<{ ok: boolean }[]>(
        `SELECT pg_try_advisory_xact_lock(hashtext('collab:' || $1)) AS ok`,
        [docName],
      );
      if (!lock?.ok) return { folded: 0, stateBytes: 0 };
      const loaded = await this.load(docName, manager);
      if (loaded.updateSeqs.length === 0) return { folded: 0, stateBytes: 0 };
      // Folded off the event loop; a part that does not apply fails the fold and rolls this back.
      const state = await this.folder.fold(loaded.parts);
      const last = loaded.updateSeqs[loaded.updateSeqs.length - 1];
      await manager.query(
        `INSERT INTO collab_snapshots (doc_name, state, seq_upto, updated_at) VALUES ($1, $2, $3, now())
         ON CONFLICT (doc_name) DO UPDATE SET state = EXCLUDED.state, seq_upto = EXCLUDED.seq_upto,
           updated_at = now()`,
        [docName, Buffer.from(state.buffer, state.byteOffset, state.byteLength), last],
      );
      await manager.query(`DELETE FROM collab_updates WHERE doc_name = $1 AND seq = ANY($2::bigint[])`, [
        docName,
        loaded.updateSeqs,
      ]);
      return { folded: loaded.updateSeqs.length, stateBytes: state.byteLength };
    });
  }

  private schedule(): void {
    if (this.scheduled || this.flushing) return;
    this.scheduled = true;
    // setImmediate gathers every update that arrived in the same turn into one INSERT.
    setImmediate(() => {
      this.scheduled = false;
      void this.writeBatch();
    });
  }

  private writeBatch(): Promise<void> {
    if (this.flushing) return this.flushing;
    const batch = this.queue.splice(0, MAX_BATCH);
    if (batch.length === 0) return Promise.resolve();
    this.flushing = this.dataSource
      .query(
        `INSERT INTO collab_updates (doc_name, "update")
         SELECT d, u FROM unnest($1::text[], $2::bytea[]) WITH ORDINALITY AS t(d, u, n) ORDER BY n`,
        [
          batch.map((w) => w.docName),
          batch.map((w) => Buffer.from(w.update.buffer, w.update.byteOffset, w.update.byteLength)),
        ],
      )
      .then(
        () => batch.forEach((write) => write.resolve()),
        (error: Error) => {
          this.logger.error(`could not persist ${batch.length} collab updates: ${error.message}`);
          batch.forEach((write) => write.reject(error));
        },
      )
      .finally(() => {
        this.flushing = null;
        if (this.queue.length > 0) this.schedule();
      });
    return this.flushing;
  }
}
