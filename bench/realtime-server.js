// Child process for the realtime benchmarks: either the real server (auth, access policy, event bus)
// or bare Socket.IO (no auth, no persistence). Driven by the parent over IPC.
require('reflect-metadata');
const { randomBytes } = require('node:crypto');
const { mkdtempSync, rmSync } = require('node:fs');
const { createServer } = require('node:http');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { clearInterval, setInterval } = require('node:timers');
const { Server } = require('socket.io');

const mode = process.argv[2];

async function startApp() {
  const { createApp } = require('../dist/src/app');
  const { parseConfig } = require('../dist/src/config/config');
  const { EventBus } = require('../dist/src/core/realtime/event-bus.service');
  const dataDir = mkdtempSync(join(tmpdir(), 'pws-bench-'));
  const config = parseConfig({
    ...process.env,
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
  const company = await post(
    '/companies',
    { name: 'Bench Partner', commissionRate: '10.00' },
    setup.accessToken,
  );
  const roomId = company.rooms.find((r) => r.kind === 'overview').id;
  const bus = running.app.get(EventBus);
  return {
    port,
    token: setup.accessToken,
    roomId,
    send(i) {
      bus.activity({
        id: String(i),
        seq: String(i),
        workspaceId: setup.workspace.id,
        companyId: company.id,
        roomId,
        type: 'bench.tick',
        entity: 'bench',
        entityId: null,
        summary: String(Date.now()),
        actorId: null,
        at: new Date().toISOString(),
        audience: 'all',
      });
    },
    async close() {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function startBare() {
  const http = createServer();
  const io = new Server(http, { transports: ['websocket', 'polling'], perMessageDeflate: false });
  io.on('connection', (socket) =>
    socket.on('room:join', (_p, ack) => (socket.join('bench'), ack({ ok: true }))),
  );
  await new Promise((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    port: http.address().port,
    token: 'none',
    roomId: 'bench',
    send(i) {
      io.to('bench').emit('activity', { id: String(i), seq: String(i), summary: String(Date.now()) });
    },
    close: () => io.close(),
  };
}

(async () => {
  const server = mode === 'bare' ? await startBare() : await startApp();
  let timer = null;
  process.on('message', async (command) => {
    if (command.type === 'run') {
      let i = command.from;
      const end = command.from + command.count;
      const started = Date.now();
      timer = setInterval(
        () => {
          // Catch up on timer drift so the rate holds.
          const due = Math.min(
            end,
            command.from + Math.floor(((Date.now() - started) * command.rate) / 1000) + 1,
          );
          while (i < due) server.send(i++);
          if (i >= end) {
            clearInterval(timer);
            process.send({ type: 'sent', count: command.count, ms: Date.now() - started });
          }
        },
        Math.max(1, Math.floor(1000 / command.rate)),
      );
    } else if (command.type === 'heap') {
      globalThis.gc?.();
      globalThis.gc?.();
      process.send({
        type: 'heap',
        heapUsed: process.memoryUsage().heapUsed,
        rss: process.memoryUsage().rss,
      });
    } else if (command.type === 'stop') {
      await server.close();
      process.exit(0);
    }
  });
  process.send({ type: 'ready', port: server.port, token: server.token, roomId: server.roomId });
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
