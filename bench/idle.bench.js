// npm run bench:idle — server heap per idle authenticated socket (target 5,000 connections),
// beside bare Socket.IO sockets measured in the same run.
const { fork } = require('node:child_process');
const { join } = require('node:path');
const { clearTimeout, setTimeout } = require('node:timers');
const { io } = require('socket.io-client');

const TARGET = Number(process.env.CONNECTIONS ?? 5000);
const BATCH = 100;

function startServer(mode) {
  const child = fork(join(__dirname, 'realtime-server.js'), [mode], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: ['--expose-gc'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)));
    child.once('message', (ready) => resolve({ child, ...ready }));
  });
}

function heap(child) {
  return new Promise((resolve) => {
    const on = (message) => {
      if (message.type !== 'heap') return;
      child.off('message', on);
      resolve(message);
    };
    child.on('message', on);
    child.send({ type: 'heap' });
  });
}

async function measure(mode) {
  const server = await startServer(mode);
  const url = `http://127.0.0.1:${server.port}`;
  const before = await heap(server.child);
  const sockets = [];
  let failed = 0;
  while (sockets.length < TARGET && failed < 50) {
    const batch = Array.from({ length: Math.min(BATCH, TARGET - sockets.length) }, () => {
      const socket = io(url, {
        transports: ['websocket'],
        auth: { token: server.token },
        reconnection: false,
        forceNew: true,
      });
      return new Promise((resolve) => {
        let settled = false;
        // A handshake the server dropped for slowness may end in neither 'connect' nor 'connect_error'.
        const giveUp = setTimeout(() => fail(), 30_000);
        const fail = () => {
          if (settled) return;
          settled = true;
          clearTimeout(giveUp);
          failed++;
          socket.close();
          resolve(null);
        };
        socket.once('connect', () => {
          if (settled) return;
          settled = true;
          clearTimeout(giveUp);
          resolve(socket);
        });
        socket.once('connect_error', fail);
      });
    });
    for (const socket of await Promise.all(batch)) if (socket) sockets.push(socket);
  }
  const after = await heap(server.child);
  const row = {
    server: mode,
    sockets: sockets.length,
    'heap before MB': +(before.heapUsed / 2 ** 20).toFixed(1),
    'heap after MB': +(after.heapUsed / 2 ** 20).toFixed(1),
    'KB per socket': +((after.heapUsed - before.heapUsed) / 1024 / sockets.length).toFixed(2),
    'RSS MB': +(after.rss / 2 ** 20).toFixed(1),
  };
  for (const socket of sockets) socket.disconnect();
  server.child.send({ type: 'stop' });
  await new Promise((resolve) => server.child.once('exit', resolve));
  return row;
}

(async () => {
  console.log(`idle: ${TARGET} idle sockets per server (websocket), heap measured after a full GC`);
  const bare = await measure('bare');
  const app = await measure('app');
  console.table([bare, app]);
  if (app.sockets < TARGET) console.log(`only ${app.sockets} connections could be opened on this machine`);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
