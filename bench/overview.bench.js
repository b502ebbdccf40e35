// The overview of one partner company at scale: 10k leads, 5k deals, 500 project tasks and 50k activity
// rows. Prints the p50/p99 of GET /companies/:id/overview through the API beside one indexed SELECT (the
// company's latest activity) in the same run, and the server process's CPU time per overview (from
// /proc, Linux only), which other work on a shared machine disturbs less than wall-clock figures. Runs the
// built server (`npm run bench:overview` builds first) on the Postgres of DATABASE_URL (a fresh database,
// dropped afterwards): the fill talks to it directly.
// Timing decides nothing: the figures and the goal are printed for a human to read.
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { Client } = require('pg');
const { call, freePort, freshDatabase, percentile, startServer, stopServer } = require('./support');
/* global fetch */

const LEADS = Number(process.env.BENCH_LEADS || 10000);
const DEALS = Number(process.env.BENCH_DEALS || 5000);
const TASKS = Number(process.env.BENCH_TASKS || 500);
const ACTIVITY = Number(process.env.BENCH_ACTIVITY || 50000);
const SAMPLES = Number(process.env.BENCH_SAMPLES || 300);
const GOAL_P99_MS = 50;

async function timed(samples, work) {
  const times = [];
  for (let i = 0; i < samples; i += 1) {
    const start = process.hrtime.bigint();
    await work();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

/** User + system CPU milliseconds of a process so far, or null where /proc is missing. */
function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

async function exists(db, table) {
  const { rows } = await db.query('SELECT to_regclass($1) IS NOT NULL AS present', [table]);
  return rows[0].present;
}

async function fill(db, { workspaceId, companyId, userId }) {
  await db.query('BEGIN');
  if (await exists(db, 'leads')) {
    await db.query(
      `INSERT INTO leads (workspace_id, company_id, customer_name, country, contact_name, contact_email,
                          estimated_value, currency, status, submitted_by_id, created_at)
       SELECT $1, $2, 'Customer ' || g, 'DE', 'Contact', 'c' || g || '@example.test', 1000, 'EUR',
              (ARRAY['submitted','approved','rejected','qualified','won','lost'])[1 + g % 6], $3,
              now() - (g % 700) * interval '1 day'
         FROM generate_series(1, $4) g`,
      [workspaceId, companyId, userId, LEADS],
    );
  }
  if (await exists(db, 'deals')) {
    await db.query(
      `INSERT INTO deals (workspace_id, company_id, name, customer_name, value, currency, stage, created_by_id)
       SELECT $1, $2, 'Deal ' || g, 'Customer ' || g, 5000, 'EUR',
              (ARRAY['prospecting','proposal','negotiation','closed_won','closed_lost'])[1 + g % 5], $3
         FROM generate_series(1, $4) g`,
      [workspaceId, companyId, userId, DEALS],
    );
  }
  const { rows: projects } = await db.query(
    `INSERT INTO projects (workspace_id, company_id, name, created_by_id)
     SELECT $1, $2, 'Project ' || g, $3 FROM generate_series(1, 10) g RETURNING id`,
    [workspaceId, companyId, userId],
  );
  await db.query(
    `INSERT INTO project_tasks (project_id, title, due_date, status, position, created_by_id)
     SELECT ($1::uuid[])[1 + g % 10], 'Task ' || g, current_date + (g % 60 - 10),
            (ARRAY['todo','in_progress','blocked','done'])[1 + g % 4], g, $2
       FROM generate_series(1, $3) g`,
    [projects.map((p) => p.id), userId, TASKS],
  );
  await db.query(
    `INSERT INTO activity (workspace_id, company_id, actor_id, type, entity, summary, at)
     SELECT $1, $2, $3, 'bench.event', 'bench', 'Event ' || g, now() - (g * interval '1 minute')
       FROM generate_series(1, $4) g`,
    [workspaceId, companyId, userId, ACTIVITY],
  );
  await db.query('COMMIT');
  await db.query('ANALYZE');
}

async function main() {
  if (!process.env.DATABASE_URL) {
    throw new Error(
      'bench:overview needs DATABASE_URL (the fill and the baseline talk to Postgres directly)',
    );
  }
  const external = await freshDatabase(process.env.DATABASE_URL);
  const dataDir = mkdtempSync(join(tmpdir(), 'pws-bench-'));
  const port = await freePort();
  const env = { ...process.env, PORT: String(port), DATA_DIR: dataDir, HOST: '127.0.0.1' };
  env.DATABASE_URL = external.url;
  env.LOG_LEVEL = process.env.LOG_LEVEL || 'warn';
  let child;
  const db = new Client({ connectionString: external.url });
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
    const company = await call(base, 'POST', '/api/v1/companies', { name: 'Busy Partner' }, token);
    await db.connect();
    await fill(db, { workspaceId: setup.workspace.id, companyId: company.id, userId: setup.user.id });

    const url = `${base}/api/v1/companies/${company.id}/overview`;
    const get = async () => {
      const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      if (res.status !== 200) throw new Error(`overview: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    };
    const select = () =>
      db.query('SELECT * FROM activity WHERE company_id = $1 ORDER BY seq DESC LIMIT 50', [company.id]);
    await timed(30, get);
    await timed(30, select);
    const cpuBefore = cpuMs(child.pid);
    const api = await timed(SAMPLES, get);
    const cpuAfter = cpuMs(child.pid);
    const plain = await timed(SAMPLES, select);

    console.log(
      `Postgres (DATABASE_URL); one company with ${LEADS} leads, ${DEALS} deals, ${TASKS} tasks, ` +
        `${ACTIVITY} activity rows; ${SAMPLES} sequential samples after a warm-up`,
    );
    console.log('');
    console.log('                                               p50 ms    p99 ms');
    console.log(
      `GET /companies/:id/overview                  ${api.p50.toFixed(1).padStart(8)}  ${api.p99.toFixed(1).padStart(8)}`,
    );
    console.log(
      `one indexed SELECT (latest activity, baseline) ${plain.p50.toFixed(1).padStart(6)}  ${plain.p99.toFixed(1).padStart(8)}`,
    );
    if (cpuBefore !== null && cpuAfter !== null) {
      console.log(
        `server CPU per overview (user + system)    ${((cpuAfter - cpuBefore) / SAMPLES).toFixed(2)} ms`,
      );
    }
    console.log('');
    console.log(
      `Goal: overview p99 ≤ ${GOAL_P99_MS} ms: ${api.p99 <= GOAL_P99_MS ? 'met' : 'NOT met'} (${api.p99.toFixed(1)} ms)`,
    );
  } finally {
    await db.end().catch(() => undefined);
    if (child) await stopServer(child);
    await external.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
