// Child process for bench:collab: the real server (auth, access policy, Postgres durability before
// broadcast) or the reference @y/websocket-server (in memory, no auth). Reports its port over IPC.
require('reflect-metadata');
const { randomBytes } = require('node:crypto');
const { mkdtempSync } = require('node:fs');
const { createServer } = require('node:http');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { URL } = require('node:url');

const mode = process.argv[2];
const IDLE_DOCS = Number(process.env.IDLE_DOCS ?? 200);

async function freshDatabase() {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) return { env: {}, drop: async () => undefined };
  const { Client } = require('pg');
  const name = `pws_bench_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    async drop() {
      const client = new Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

async function startApp() {
  const { createApp } = require('../dist/src/app');
  const { parseConfig } = require('../dist/src/config/config');
  const database = await freshDatabase();
  const config = parseConfig({
    ...process.env,
    ...database.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    PWS_WORKERS: 'off',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'pws-bench-')),
    JWT_SECRET: randomBytes(32).toString('hex'),
    REDIS_PREFIX: `pws-bench-${randomBytes(4).toString('hex')}:`,
  });
  const running = await createApp(config);
  await running.app.listen(0, '127.0.0.1');
  const port = running.app.getHttpServer().address().port;
  const base = `http://127.0.0.1:${port}/api/v1`;
  const post = async (path, body, token) => {
    const res = await globalThis.fetch(base + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const setup = await post('/setup', {
    workspaceName: 'Bench',
    name: 'Bench Admin',
    email: 'bench@example.test',
    password: 'a sturdy bench passphrase',
  });
  const token = setup.accessToken;
  const company = await post('/companies', { name: 'Bench Partner', commissionRate: '10.00' }, token);
  const rooms = [];
  for (let i = 0; i <= IDLE_DOCS; i++) {
    rooms.push(
      (await post(`/companies/${company.id}/rooms`, { kind: 'custom', name: `Page ${i}` }, token)).id,
    );
  }
  return {
    port,
    token,
    hot: `room:${rooms[0]}`,
    idle: rooms.slice(1).map((id) => `room:${id}`),
    stop: async () => {
      await running.close();
      await database.drop();
    },
  };
}

async function startReference() {
  const { WebSocketServer } = require('ws');
  const { setupWSConnection } = require('@y/websocket-server/utils');
  const server = createServer((_req, res) => res.end('ok'));
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) =>
    wss.handleUpgrade(req, socket, head, (ws) => setupWSConnection(ws, req)),
  );
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    token: 'none',
    hot: 'room:hot',
    idle: Array.from({ length: IDLE_DOCS }, (_, i) => `room:idle-${i}`),
    stop: async () => server.close(),
  };
}

(mode === 'reference' ? startReference() : startApp()).then(
  (server) => {
    process.send({ port: server.port, token: server.token, hot: server.hot, idle: server.idle });
    process.on('message', async (message) => {
      if (message.type !== 'stop') return;
      await server.stop().catch(() => undefined);
      process.exit(0);
    });
  },
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
