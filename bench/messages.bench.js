// npm run bench:messages — CONVERSATIONS channels × MEMBERS members online, RATE messages/s in total sent
// with message:send for SECONDS; ack (durable: after commit) and delivery latency, lost and duplicated
// messages counted at every receiver. Bare Socket.IO (ack at once, no auth, no persistence) runs first
// in the same process as the baseline.
const { fork } = require('node:child_process');
const { join } = require('node:path');
const { clearInterval, setInterval, setTimeout } = require('node:timers');
const { io } = require('socket.io-client');

const CONVERSATIONS = Number(process.env.CONVERSATIONS ?? 20);
const MEMBERS = Number(process.env.MEMBERS ?? 50);
const RATE = Number(process.env.RATE ?? 500);
const SECONDS = Number(process.env.SECONDS ?? 60);
const DRAIN_MS = 10_000;

function startServer(mode) {
  const child = fork(join(__dirname, 'messages-server.js'), [mode], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, CONVERSATIONS: String(CONVERSATIONS), MEMBERS: String(MEMBERS) },
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)));
    child.once('message', (ready) => resolve({ child, ...ready }));
  });
}

function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function connectMember(url, token, roomId) {
  const socket = io(url, { transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true });
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  const ack = await socket.timeout(30_000).emitWithAck('room:join', { roomId });
  if (!ack.ok) throw new Error(`join refused: ${JSON.stringify(ack)}`);
  return socket;
}

async function measure(mode) {
  const server = await startServer(mode);
  const url = `http://127.0.0.1:${server.port}`;
  const sentAt = new Map();
  /** Receivers per message, and the messages whose ack said ok (committed). */
  const receivers = new Map();
  const ackedIds = [];
  const ackLatencies = [];
  const deliveryLatencies = [];
  let duplicated = 0;
  let deliveries = 0;
  let ackErrors = 0;
  let acked = 0;
  const members = [];
  for (const conversation of server.conversations) {
    const sockets = [];
    for (let start = 0; start < conversation.tokens.length; start += 25) {
      const batch = conversation.tokens.slice(start, start + 25);
      sockets.push(
        ...(await Promise.all(batch.map((token) => connectMember(url, token, conversation.roomId)))),
      );
    }
    for (const socket of sockets) {
      const seen = new Set();
      socket.on('message:new', (message) => {
        const at = sentAt.get(message.clientId);
        if (at === undefined) return;
        if (seen.has(message.clientId)) {
          duplicated += 1;
          return;
        }
        seen.add(message.clientId);
        receivers.set(message.clientId, (receivers.get(message.clientId) ?? 0) + 1);
        deliveries += 1;
        deliveryLatencies.push(Date.now() - at);
      });
    }
    members.push(sockets);
  }

  const total = RATE * SECONDS;
  const started = Date.now();
  let k = 0;
  await new Promise((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((Date.now() - started) * RATE) / 1000) + 1);
      while (k < due) {
        const c = k % CONVERSATIONS;
        // Senders rotate through the members, so no one exceeds the per-user rate limit.
        const sender = members[c][Math.floor(k / CONVERSATIONS) % MEMBERS];
        const clientId = `${mode}-${k}`;
        const t0 = Date.now();
        sentAt.set(clientId, t0);
        sender
          .timeout(DRAIN_MS)
          .emitWithAck('message:send', {
            conversationId: server.conversations[c].id,
            body: `message ${k} of the benchmark`,
            clientId,
          })
          .then(
            (answer) => {
              if (answer.ok) {
                acked += 1;
                ackedIds.push(clientId);
                ackLatencies.push(Date.now() - t0);
              } else ackErrors += 1;
            },
            () => (ackErrors += 1),
          );
        k += 1;
      }
      if (k >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 5);
  });
  const sendSeconds = (Date.now() - started) / 1000;
  const deadline = Date.now() + DRAIN_MS;
  while (Date.now() < deadline && (acked + ackErrors < total || deliveries < acked * MEMBERS))
    await new Promise((r) => setTimeout(r, 50));
  for (const socket of members.flat()) socket.disconnect();
  server.child.send({ type: 'stop' });
  await new Promise((resolve) => server.child.once('exit', resolve));
  const acks = [...ackLatencies].sort((a, b) => a - b);
  const delivered = [...deliveryLatencies].sort((a, b) => a - b);
  return {
    server: mode,
    sent: total,
    'msg/s': Math.round(total / sendSeconds),
    acked,
    'ack errors': ackErrors,
    'ack p50 ms': percentile(acks, 50),
    'ack p99 ms': percentile(acks, 99),
    'delivery p50 ms': percentile(delivered, 50),
    'delivery p99 ms': percentile(delivered, 99),
    deliveries,
    // Every member (the sender's own socket too) must receive every committed message exactly once.
    lost: ackedIds.reduce((sum, id) => sum + Math.max(0, MEMBERS - (receivers.get(id) ?? 0)), 0),
    duplicated,
  };
}

(async () => {
  console.log(
    `messages: ${CONVERSATIONS} conversations × ${MEMBERS} members online, ${RATE} msg/s in total for ${SECONDS} s` +
      ` (${process.env.DATABASE_URL ? 'Postgres at DATABASE_URL' : 'embedded Postgres'}${process.env.REDIS_URL ? ', Redis adapter' : ''})`,
  );
  const bare = await measure('bare');
  const app = await measure('app');
  console.table([bare, app]);
  console.log(
    'app = the real server: message:send through the access policy, rate limit and clientId check, seq under the ' +
      'conversation row lock, acked after commit, message:new fanned out to the room; bare = ack at once and broadcast',
  );
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
