import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createApp, RunningApp } from '../../src/app';
import { AppConfig, parseConfig } from '../../src/config/config';
import { DatabaseHandle } from '../../src/core/database/embedded-postgres';
import { spawn } from 'node:child_process';

/**
 * A database of its own for one test file: a fresh database on the real server when DATABASE_URL is set
 * (dropped afterwards), otherwise an in-memory embedded Postgres.
 */
export async function createTestDatabase(): Promise<DatabaseHandle> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) return startEmbeddedProcess();
  const name = `pws_test_${Date.now()}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    embedded: false,
    async close() {
      const client = new Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** An in-memory embedded Postgres in a child process (see embedded-postgres.process.js). */
export function startEmbeddedProcess(): Promise<DatabaseHandle> {
  const child = spawn(process.execPath, [join(__dirname, 'embedded-postgres.process.js')], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('embedded Postgres did not start within 60 s'));
    }, 60000);
    child.once('exit', (code) => reject(new Error(`embedded Postgres exited with ${code}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /READY (\S+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        url: match[1],
        embedded: true,
        close: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.stdin!.end();
            setTimeout(() => child.kill('SIGKILL'), 5000).unref();
          }),
      });
    });
  });
}

export interface TestApp {
  running: RunningApp;
  config: AppConfig;
  baseUrl: string;
  dataSource: DataSource;
  close(): Promise<void>;
}

export async function startTestApp(
  env: Record<string, string> = {},
  database?: DatabaseHandle,
): Promise<TestApp> {
  const db = database ?? (await createTestDatabase());
  const dataDir = mkdtempSync(join(tmpdir(), 'pws-test-'));
  const config = parseConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    JWT_SECRET: randomBytes(32).toString('hex'),
    REDIS_PREFIX: `pws-test-${randomBytes(6).toString('hex')}:`,
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
    ...(db.embedded ? {} : { DATABASE_URL: db.url }),
    ...env,
  });
  const running = await createApp(config, db);
  await running.app.listen(0, '127.0.0.1');
  const address = running.app.getHttpServer().address() as { port: number };
  return {
    running,
    config,
    baseUrl: `http://127.0.0.1:${address.port}`,
    dataSource: running.app.get(DataSource),
    async close() {
      await running.close();
      if (!database) await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
