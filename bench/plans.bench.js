// The plans manage table at scale: 2,000 partner companies with one plan of 12 goals each and 100k deals. Prints the p50/p99
// of a 50-row page sorted by completion through the API beside the same rows read with a plain SELECT, and the
// CSV export of every row with the server's peak memory, all from one run. Runs the built server
// (`npm run bench:plans` builds first) on the real Postgres when DATABASE_URL is set, else embedded.
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { Client } = require('pg');
const { call, freePort, freshDatabase, percentile, startServer, stopServer } = require('./support');
/* global fetch */

const COMPANIES = Number(process.env.BENCH_COMPANIES || 2000);
const GOALS = 12;
const DEALS = Number(process.env.BENCH_DEALS || 100000);
const SAMPLES = Number(process.env.BENCH_SAMPLES || 200);

function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)[1]);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

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

async function fill(db, workspaceId, adminId) {
  await db.query('BEGIN');
  await db.query(
    `INSERT INTO companies (workspace_id, name, owner_id, currency)
     SELECT $1, 'Partner ' || lpad(g::text, 5, '0'), $2, 'USD' FROM generate_series(1, $3) g`,
    [workspaceId, adminId, COMPANIES],
  );
  await db.query(
    `INSERT INTO rooms (workspace_id, company_id, kind, name, position)
     SELECT $1, c.id, 'plans', 'Business plans', 1 FROM companies c WHERE c.workspace_id = $1`,
    [workspaceId],
  );
  await db.query(
    `INSERT INTO plans (workspace_id, company_id, name, fiscal_year, start_date, end_date, currency, status,
                        author_id, overall_completion, section_completion, revenue_target, revenue_actual)
     SELECT $1, c.id, c.name || ' FY2027', 2027, '2027-01-01', '2027-12-31', 'USD',
            (ARRAY['draft','scheduled','active','completed'])[1 + (random() * 3)::int], $2,
            round((random() * 100)::numeric, 1),
            jsonb_build_object('Strategy', round((random() * 100)::numeric, 1), 'Sales', round((random() * 100)::numeric, 1)),
            500000, round((random() * 500000)::numeric, 2)
       FROM companies c WHERE c.workspace_id = $1`,
    [workspaceId, adminId],
  );
  await db.query(
    `INSERT INTO plan_sections (plan_id, kind, title, position)
     SELECT p.id, s.kind, s.title, s.pos FROM plans p
     CROSS JOIN (VALUES ('strategy', 'Strategy', 0), ('sales', 'Sales', 1)) AS s(kind, title, pos)`,
  );
  await db.query(
    `INSERT INTO plan_goals (plan_id, section_id, type, title, weight, target, settings, position)
     SELECT s.plan_id, s.id, 'manual', 'Goal ' || g, 1 + (g % 5), 100, '{"aggregate":"sum"}', g
       FROM plan_sections s CROSS JOIN generate_series(1, $1 / 2) g`,
    [GOALS],
  );
  // 100k deals across the partners, a quarter of them won, so the data the plans read is at scale too.
  await db.query(
    `INSERT INTO deals (workspace_id, company_id, name, customer_name, value, currency, stage, created_by_id, closed_at)
     SELECT $1, c.id, 'Deal ' || g, 'Customer ' || g, round((random() * 100000)::numeric, 2), 'USD',
            CASE WHEN g % 4 = 0 THEN 'closed_won' ELSE 'proposal' END, $2,
            CASE WHEN g % 4 = 0 THEN now() END
       FROM generate_series(1, $3) g
       JOIN LATERAL (SELECT id FROM companies WHERE workspace_id = $1 OFFSET (g % $4) LIMIT 1) c ON true`,
    [workspaceId, adminId, DEALS, COMPANIES],
  );
  await db.query('COMMIT');
  await db.query('ANALYZE');
}

async function main() {
  const external = process.env.DATABASE_URL ? await freshDatabase(process.env.DATABASE_URL) : null;
  const dataDir = mkdtempSync(join(tmpdir(), 'pws-bench-'));
  const port = await freePort();
  const env = { ...process.env, PORT: String(port), DATA_DIR: dataDir, HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  if (external) env.DATABASE_URL = external.url;
  let child;
  let db;
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
    if (!external) {
      console.log(
        'Embedded database: the plain SELECT baseline needs DATABASE_URL; set it for the full comparison.',
      );
    }
    db = external ? new Client({ connectionString: external.url }) : null;
    if (!db)
      throw new Error('bench:plans needs DATABASE_URL (the fill and the baseline talk to Postgres directly)');
    await db.connect();
    const filling = Date.now();
    await fill(db, setup.workspace.id, setup.user.id);
    console.log(
      `Filled ${COMPANIES} companies × 1 plan × ${GOALS} goals and ${DEALS} deals in ${Date.now() - filling} ms`,
    );

    const page = `${base}/api/v1/plans?sort=-overallCompletion&limit=50`;
    const first = await call(base, 'GET', '/api/v1/plans?sort=-overallCompletion&limit=50', undefined, token);
    if (first.items.length !== 50) throw new Error(`expected 50 rows, got ${first.items.length}`);
    const headers = { authorization: `Bearer ${token}` };
    await timed(20, () => fetch(page, { headers }).then((r) => r.text()));
    const api = await timed(SAMPLES, () => fetch(page, { headers }).then((r) => r.text()));
    const plain = await timed(SAMPLES, () =>
      db.query(
        `SELECT p.*, c.name AS company_name FROM plans p JOIN companies c ON c.id = p.company_id
          WHERE p.workspace_id = $1 AND p.deleted_at IS NULL ORDER BY p.overall_completion DESC, p.id DESC LIMIT 51`,
        [setup.workspace.id],
      ),
    );

    const before = memory(child.pid);
    const exportStart = process.hrtime.bigint();
    const response = await fetch(`${base}/api/v1/plans/export.csv?sort=-overallCompletion`, { headers });
    let bytes = 0;
    let lines = 0;
    for await (const chunk of response.body) {
      bytes += chunk.length;
      for (const byte of chunk) if (byte === 10) lines += 1;
    }
    const exportMs = Number(process.hrtime.bigint() - exportStart) / 1e6;
    const after = memory(child.pid);

    console.log('');
    console.log('what                                         p50 ms    p99 ms');
    console.log(
      `GET /plans page (50 rows, by completion)  ${api.p50.toFixed(1).padStart(8)}  ${api.p99.toFixed(1).padStart(8)}`,
    );
    console.log(
      `plain SELECT of the same rows (baseline)  ${plain.p50.toFixed(1).padStart(8)}  ${plain.p99.toFixed(1).padStart(8)}`,
    );
    console.log('');
    console.log(
      `CSV export: ${lines - 1} rows, ${(bytes / 1024).toFixed(0)} KiB in ${exportMs.toFixed(0)} ms; ` +
        `server RSS ${before.rss.toFixed(0)} → ${after.rss.toFixed(0)} MiB (peak ${after.peak.toFixed(0)} MiB)`,
    );
    console.log('');
    console.log(
      `Goals: page p99 ≤ 100 ms: ${api.p99 <= 100 ? 'met' : 'NOT met'}; export ≤ 2 s: ${exportMs <= 2000 ? 'met' : 'NOT met'}`,
    );
  } finally {
    if (db) await db.end();
    await stopServer(child);
    if (external) await external.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
