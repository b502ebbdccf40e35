// API throughput: GET /api/v1/me and a 50-row GET /api/v1/companies beside the bare GET /health of the
// same server in the same run. Runs the built server (`npm run bench:api` builds first) on the real
// Postgres when DATABASE_URL is set (in a fresh database, dropped afterwards), else embedded.
// Timing decides nothing: the figures and the goal are printed for a human to read.
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const autocannon = require('autocannon');
const { call, freePort, freshDatabase, startServer, stopServer } = require('./support');

const SECONDS = Number(process.env.BENCH_SECONDS || 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 16);
const COMPANIES = 50;
const GOAL = 0.5;

function run(url, token, duration) {
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
}

async function main() {
  const external = process.env.DATABASE_URL ? await freshDatabase(process.env.DATABASE_URL) : null;
  const dataDir = mkdtempSync(join(tmpdir(), 'pws-bench-'));
  const port = await freePort();
  const env = { ...process.env, PORT: String(port), DATA_DIR: dataDir, HOST: '127.0.0.1' };
  delete env.DATABASE_URL;
  if (external) env.DATABASE_URL = external.url;
  env.LOG_LEVEL = process.env.LOG_LEVEL || 'info';
  let child;
  try {
    child = await startServer(env);
    const base = `http://127.0.0.1:${port}`;
    const setup = await call(base, 'POST', '/api/v1/setup', {
      workspaceName: 'Bench Co',
      name: 'Bench Admin',
      email: 'bench@bench.example',
      password: 'a bench password that is long',
    });
    const token = setup.accessToken;
    for (let i = 0; i < COMPANIES; i += 1) {
      await call(base, 'POST', '/api/v1/companies', { name: `Partner ${String(i).padStart(2, '0')}` }, token);
    }
    const list = await call(base, 'GET', '/api/v1/companies?limit=50', undefined, token);
    if (list.items.length !== COMPANIES)
      throw new Error(`expected ${COMPANIES} companies, got ${list.items.length}`);

    const targets = [
      { name: 'GET /health (bare baseline)', url: `${base}/health`, token: null },
      { name: 'GET /api/v1/me', url: `${base}/api/v1/me`, token },
      { name: 'GET /api/v1/companies?limit=50', url: `${base}/api/v1/companies?limit=50`, token },
    ];
    console.log(
      `Database: ${external ? 'Postgres (DATABASE_URL)' : 'embedded PGlite'}; ` +
        `${CONNECTIONS} connections, ${SECONDS} s per route after a 2 s warm-up; LOG_LEVEL=${env.LOG_LEVEL}`,
    );
    const results = [];
    for (const target of targets) {
      await run(target.url, target.token, 2);
      const result = await run(target.url, target.token, SECONDS);
      results.push({ ...target, result });
    }
    const baseline = results[0].result.requests.average;
    console.log('');
    console.log('route                              req/s     p50 ms   p99 ms   non-2xx   vs bare');
    for (const { name, result } of results) {
      const ratio = result.requests.average / baseline;
      console.log(
        `${name.padEnd(32)} ${result.requests.average.toFixed(0).padStart(7)} ${String(result.latency.p50).padStart(9)} ` +
          `${String(result.latency.p99).padStart(8)} ${String(result.non2xx + result.errors).padStart(9)} ` +
          `${(ratio * 100).toFixed(0).padStart(8)}%`,
      );
    }
    const listRatio = results[2].result.requests.average / baseline;
    console.log('');
    console.log(
      `Goal: authenticated 50-row list ≥ ${GOAL * 100}% of the bare route: ` +
        `${(listRatio * 100).toFixed(0)}% ${listRatio >= GOAL ? '(met)' : '(NOT met)'}`,
    );
  } finally {
    await stopServer(child);
    if (external) await external.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
