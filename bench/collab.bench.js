// npm run bench:collab — 50 editors typing into one doc at 5 keystrokes/s each plus 200 idle docs;
// propagation p50/p99, server CPU and RSS, for the real server (durable before broadcast) beside the
// reference @y/websocket-server (in memory, no auth, no persistence) under the same load in the same run.
const { fork } = require('node:child_process');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { performance } = require('node:perf_hooks');
const { clearInterval, clearTimeout, setInterval, setTimeout } = require('node:timers');
const { WebSocket } = require('ws');
const Y = require('yjs');
const { WebsocketProvider } = require('y-websocket');

// Each provider adds a process 'exit' listener.
process.setMaxListeners(0);

const EDITORS = Number(process.env.EDITORS ?? 50);
const RATE = Number(process.env.RATE ?? 5);
const SECONDS = Number(process.env.SECONDS ?? 20);
const WARMUP = Number(process.env.WARMUP ?? 3);
// Clock ticks per second in /proc/<pid>/stat on Linux.
const TICKS = 100;

function startServer(mode) {
  const child = fork(join(__dirname, 'collab-server.js'), [mode], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)));
    child.once('message', (ready) => resolve({ child, ...ready }));
  });
}

function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

function rssMb(pid) {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(line.replace(/\D+/g, '')) / 1024;
}

function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function connect(url, docName, token) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(url, docName, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket,
    disableBc: true,
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sync timeout on ${docName}`)), 30000);
    provider.once('sync', () => {
      clearTimeout(timer);
      resolve({ doc, provider });
    });
  });
}

async function measure(mode) {
  const server = await startServer(mode);
  const url = `ws://127.0.0.1:${server.port}/collab`;
  const clients = [];
  for (let i = 0; i < server.idle.length; i += 20) {
    clients.push(
      ...(await Promise.all(server.idle.slice(i, i + 20).map((name) => connect(url, name, server.token)))),
    );
  }
  const editors = await Promise.all(
    Array.from({ length: EDITORS }, () => connect(url, server.hot, server.token)),
  );
  clients.push(...editors);

  const latencies = [];
  let measuring = false;
  editors.forEach((editor) => {
    editor.doc.getMap('sent').observe((event, transaction) => {
      if (transaction.local || !measuring) return;
      const now = performance.now() + performance.timeOrigin;
      for (const key of event.keysChanged) latencies.push(now - editor.doc.getMap('sent').get(key));
    });
  });

  let keystrokes = 0;
  const timers = editors.map((editor, i) => {
    const type = () => {
      editor.doc.transact(() => {
        const text = editor.doc.getText('body');
        text.insert(
          Math.floor(Math.random() * (text.length + 1)),
          String.fromCharCode(97 + (keystrokes % 26)),
        );
        editor.doc.getMap('sent').set(String(i), performance.now() + performance.timeOrigin);
      });
      keystrokes += 1;
    };
    // Editors start spread over one period so keystrokes arrive evenly, as real typing does.
    return new Promise((resolve) =>
      setTimeout(() => resolve(setInterval(type, 1000 / RATE)), (i / EDITORS) * (1000 / RATE)),
    );
  });
  const intervals = await Promise.all(timers);
  await new Promise((r) => setTimeout(r, WARMUP * 1000));
  measuring = true;
  const cpu0 = cpuSeconds(server.child.pid);
  const t0 = Date.now();
  const sent0 = keystrokes;
  let rssPeak = 0;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMb(server.child.pid))), 500);
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  const elapsed = (Date.now() - t0) / 1000;
  const cpu = (cpuSeconds(server.child.pid) - cpu0) / elapsed;
  const sent = keystrokes - sent0;
  measuring = false;
  clearInterval(sampler);
  intervals.forEach(clearInterval);
  const texts = new Set();
  await new Promise((r) => setTimeout(r, 1000));
  editors.forEach((editor) => texts.add(editor.doc.getText('body').toString()));
  clients.forEach(({ provider, doc }) => {
    provider.destroy();
    doc.destroy();
  });
  server.child.send({ type: 'stop' });
  await new Promise((resolve) => server.child.once('exit', resolve));
  latencies.sort((a, b) => a - b);
  return {
    server: mode,
    'keystrokes/s': Math.round(sent / elapsed),
    'deliveries/s': Math.round(latencies.length / elapsed),
    'p50 ms': Number(percentile(latencies, 50).toFixed(1)),
    'p99 ms': Number(percentile(latencies, 99).toFixed(1)),
    'CPU-s/s': Number(cpu.toFixed(3)),
    'RSS MB': Math.round(rssPeak),
    converged: texts.size === 1,
  };
}

(async () => {
  console.log(
    `bench:collab — ${EDITORS} editors × ${RATE} keystrokes/s on one doc, ${process.env.IDLE_DOCS ?? 200} idle docs, ${SECONDS} s`,
  );
  const reference = await measure('reference');
  const ours = await measure('server');
  console.table([reference, ours]);
  console.log(
    `p99 ratio ${(ours['p99 ms'] / reference['p99 ms']).toFixed(2)} (goal ≤ 1.5), ` +
      `CPU ratio ${(ours['CPU-s/s'] / reference['CPU-s/s']).toFixed(2)} (goal ≤ 3)`,
  );
  process.exit(0);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
