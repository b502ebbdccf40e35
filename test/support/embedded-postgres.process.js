// Runs an in-memory embedded Postgres (PGlite behind its socket server) in its own process for one
// test file. Jest's module sandbox cannot load PGlite, and a separate process also keeps its CPU off
// the test's event loop. Prints "READY <url>" once it accepts connections; exits with its parent.
const { PGlite } = require('@electric-sql/pglite');
const { PGLiteSocketServer } = require('@electric-sql/pglite-socket');

async function main() {
  const db = await PGlite.create();
  // Two slots: a test that restarts its server on the same database connects the new app while the old
  // app's connection may still be closing. Each app's pool holds a single connection.
  const server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1', maxConnections: 2 });
  await server.start();
  process.stdout.write(`READY postgres://postgres:postgres@${server.getServerConn()}/postgres\n`);
  const stop = async () => {
    await server.stop().catch(() => undefined);
    await db.close().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('disconnect', stop);
  process.stdin.on('end', stop);
  process.stdin.resume();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
