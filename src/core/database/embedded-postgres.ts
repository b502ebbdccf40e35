import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface DatabaseHandle {
  url: string;
  embedded: boolean;
  close(): Promise<void>;
}

/**
 * Runs PGlite behind a loopback Postgres wire-protocol socket so that `pg` and TypeORM talk to it
 * exactly as they talk to a real server. PGlite is single-connection: the pool must hold one client.
 * `dataDir` null keeps the database in memory (tests).
 */
export async function startEmbeddedPostgres(dataDir: string | null): Promise<DatabaseHandle> {
  let db: PGlite;
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    db = await PGlite.create(join(dataDir, 'pg'));
  } else {
    db = await PGlite.create();
  }
  const server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1' });
  await server.start();
  const address = server.getServerConn();
  return {
    url: `postgres://postgres:postgres@${address}/postgres`,
    embedded: true,
    async close() {
      await server.stop();
      await db.close();
    },
  };
}

export async function openDatabase(databaseUrl: string | null, dataDir: string): Promise<DatabaseHandle> {
  if (databaseUrl) return { url: databaseUrl, embedded: false, close: async () => undefined };
  return startEmbeddedPostgres(dataDir);
}
