// Child process of bench/messages.bench.js: the real server (auth, access policy, Postgres, seq under a
// row lock, ack after commit) or bare Socket.IO (ack at once, no persistence). Driven over IPC.
require('reflect-metadata');
const { randomBytes, randomUUID } = require('node:crypto');
const { mkdtempSync, rmSync } = require('node:fs');
const { createServer } = require('node:http');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { URL } = require('node:url');
const { Server } = require('socket.io');

const mode = process.argv[2];
const CONVERSATIONS = Number(process.env.CONVERSATIONS ?? 20);
const MEMBERS = Number(process.env.MEMBERS ?? 50);

/** A database of its own on the server DATABASE_URL names (setup needs an empty one), else embedded. */
async function benchDatabase() {
  if (!process.env.DATABASE_URL) return { url: null, drop: async () => undefined };
  const { Client } = require('pg');
  const name = `pws_bench_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new Client({ connectionString: process.env.DATABASE_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

async function startApp() {
  const { createApp } = require('../dist/src/app');
  const { parseConfig } = require('../dist/src/config/config');
  const { TokensService } = require('../dist/src/core/auth/tokens.service');
  const { DataSource } = require('typeorm');
  const database = await benchDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'pws-bench-'));
  const env = { ...process.env, DATABASE_URL: database.url ?? '' };
  const config = parseConfig({
    ...env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    PWS_WORKERS: 'off',
    DATA_DIR: dataDir,
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
  const workspaceId = setup.workspace.id;
  const dataSource = running.app.get(DataSource);
  const tokens = running.app.get(TokensService);
  const conversations = [];
  for (let c = 0; c < CONVERSATIONS; c++) {
    const company = await post(
      '/companies',
      { name: `Partner ${c}`, commissionRate: '10.00' },
      setup.accessToken,
    );
    const roomId = company.rooms.find((r) => r.kind === 'messages').id;
    const conversation = await post(
      '/conversations',
      { companyId: company.id, kind: 'channel', name: `Channel ${c}` },
      setup.accessToken,
    );
    // Members are inserted directly: hashing a password for each would take the setup minutes.
    const users = await dataSource.query(
      `INSERT INTO users (workspace_id, company_id, email, name, role, status)
       SELECT $1, $2, 'member' || $3 || '.' || n || '@bench.test', 'Member ' || n, 'partner_member', 'active'
         FROM generate_series(1, $4) AS n RETURNING id`,
      [workspaceId, company.id, c, MEMBERS],
    );
    const memberTokens = [];
    for (const user of users) {
      const pair = await tokens.startSession(dataSource.manager, { id: user.id, workspaceId }, {});
      memberTokens.push(pair.accessToken);
    }
    conversations.push({ id: conversation.id, roomId, tokens: memberTokens });
  }
  return {
    port,
    conversations,
    async close() {
      await running.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function startBare() {
  const http = createServer();
  const io = new Server(http, { transports: ['websocket', 'polling'], perMessageDeflate: false });
  const seqs = new Map();
  io.on('connection', (socket) => {
    socket.on('room:join', (payload, ack) => {
      socket.join(payload.roomId);
      ack({ ok: true });
    });
    socket.on('message:send', (payload, ack) => {
      const seq = (seqs.get(payload.conversationId) ?? 0) + 1;
      seqs.set(payload.conversationId, seq);
      const message = { id: randomUUID(), seq, ...payload };
      ack({ ok: true, message });
      io.to(`room-${payload.conversationId}`).emit('message:new', message);
    });
  });
  await new Promise((resolve) => http.listen(0, '127.0.0.1', resolve));
  const conversations = Array.from({ length: CONVERSATIONS }, (_, c) => ({
    id: `c${c}`,
    roomId: `room-c${c}`,
    tokens: Array.from({ length: MEMBERS }, () => 'none'),
  }));
  return { port: http.address().port, conversations, close: () => io.close() };
}

(async () => {
  const server = mode === 'bare' ? await startBare() : await startApp();
  process.on('message', async (command) => {
    if (command.type === 'stop') {
      await server.close();
      process.exit(0);
    }
  });
  process.send({ type: 'ready', port: server.port, conversations: server.conversations });
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
