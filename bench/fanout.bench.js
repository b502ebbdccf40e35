// npm run bench:fanout — one room, 200 clients, one sender at rising rates; the real server beside
// bare Socket.IO (no auth, no persistence) measured in the same run.
const { fork } = require('node:child_process');
const { join } = require('node:path');
const { setTimeout } = require('node:timers');
const { io } = require('socket.io-client');

const CLIENTS = Number(process.env.CLIENTS ?? 200);
const RATES = (process.env.RATES ?? '5,25,50,100').split(',').map(Number);
const SECONDS = Number(process.env.SECONDS ?? 5);

function startServer(mode) {
  const child = fork(join(__dirname, 'realtime-server.js'), [mode], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)));
    child.once('message', (ready) => resolve({ child, ...ready }));
  });
}

function next(child, type) {
  return new Promise((resolve) => {
    const on = (message) => {
      if (message.type !== type) return;
      child.off('message', on);
      resolve(message);
    };
    child.on('message', on);
  });
}

function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function measure(mode) {
  const server = await startServer(mode);
  const url = `http://127.0.0.1:${server.port}`;
  const received = new Map();
  const latencies = [];
  const sockets = [];
  for (let c = 0; c < CLIENTS; c++) {
    const socket = io(url, {
      transports: ['websocket'],
      auth: { token: server.token },
      reconnection: false,
      forceNew: true,
    });
    await new Promise((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const ack = await socket.timeout(10000).emitWithAck('room:join', { roomId: server.roomId });
    if (!ack.ok) throw new Error(`join refused: ${JSON.stringify(ack)}`);
    socket.on('activity', (event) => {
      latencies.push(Date.now() - Number(event.summary));
      received.set(event.id, (received.get(event.id) ?? 0) + 1);
    });
    sockets.push(socket);
  }
  const rows = [];
  let from = 0;
  for (const rate of RATES) {
    received.clear();
    latencies.length = 0;
    const count = rate * SECONDS;
    const started = Date.now();
    server.child.send({ type: 'run', rate, count, from });
    await next(server.child, 'sent');
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && latencies.length < count * CLIENTS)
      await new Promise((r) => setTimeout(r, 50));
    const elapsed = (Date.now() - started) / 1000;
    let unique = 0;
    let duplicated = 0;
    for (let i = from; i < from + count; i++) {
      const n = received.get(String(i)) ?? 0;
      unique += Math.min(n, CLIENTS);
      duplicated += Math.max(0, n - CLIENTS);
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    rows.push({
      server: mode,
      'msg/s': rate,
      'deliveries/s': Math.round(
        latencies.length / Math.min(elapsed, SECONDS + sorted[sorted.length - 1] / 1000),
      ),
      'p50 ms': percentile(sorted, 50),
      'p99 ms': percentile(sorted, 99),
      lost: count * CLIENTS - unique,
      duplicated,
    });
    from += count;
  }
  for (const socket of sockets) socket.disconnect();
  server.child.send({ type: 'stop' });
  await new Promise((resolve) => server.child.once('exit', resolve));
  return rows;
}

(async () => {
  console.log(
    `fanout: ${CLIENTS} clients in one room, ${SECONDS} s per rate, rates ${RATES.join(', ')} msg/s`,
  );
  const bare = await measure('bare');
  const app = await measure('app');
  console.table([...bare, ...app]);
  console.log(
    'app = the real server: handshake auth, room:join through the access policy, activity fanned out by the event bus',
  );
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
