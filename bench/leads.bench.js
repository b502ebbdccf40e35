// Lead conflict check against 200k existing registrations: POST /api/v1/leads/check latency (p50/p99)
// beside a primary-key lookup (GET /api/v1/leads/:id) of the same server in the same run. Runs the built
// server (`npm run bench:leads` builds first) on the real Postgres when DATABASE_URL is set (a fresh
// database, dropped afterwards), else embedded PGlite (seeded while the server is stopped, as PGlite has
// one connection). Timing decides nothing: figures and the goal are printed for a human to read.
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { performance } = require('node:perf_hooks');
const { Client } = require('pg');
const { call, freePort, freshDatabase, startServer, stopServer } = require('./support');
/* global fetch */

const LEADS = Number(process.env.BENCH_LEADS || 200_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS || 2000);
const GOAL_P99_MS = 20;
const PASSWORD = 'a bench password that is long';

/** Seeds `LEADS` registrations across two partners in one statement, with every status represented. */
async function seed(query, ids) {
  await query(
    `INSERT INTO leads (workspace_id, company_id, customer_name, customer_domain, domain_key, name_key, country,
       contact_name, contact_email, products, estimated_value, currency, status, registered_by_id, submitted_by_id,
       expires_at, created_at)
     SELECT $1, CASE WHEN i % 2 = 0 THEN $2::uuid ELSE $3::uuid END, 'Customer ' || i, 'www.customer' || i || '.com',
       'customer' || i || '.com', 'customer' || i, 'DE', 'Contact ' || i, 'buyer' || i || '@customer' || i || '.com',
       '{Widgets}', 1000 + i % 5000, 'EUR',
       (ARRAY['submitted','approved','rejected','lost','expired','qualified','demo','won'])[1 + i % 8],
       $4, $4, CASE WHEN i % 8 IN (1, 5, 6) THEN now() + interval '60 days' END, now() - (i || ' seconds')::interval
     FROM generate_series(1, ${LEADS}) AS i`,
    [ids.workspaceId, ids.companyId, ids.otherCompanyId, ids.userId],
  );
  await query('ANALYZE leads');
  const plan = await query(
    `EXPLAIN SELECT l.id FROM leads l WHERE l.workspace_id = $1
       AND l.status IN ('submitted', 'approved', 'qualified', 'demo', 'proposal')
       AND (l.domain_key = 'customer77.com' OR (l.name_key = 'customer77' AND l.country = 'DE')
            OR lower(l.contact_email) = 'buyer77@customer77.com')`,
    [ids.workspaceId],
  );
  const ids2 = (await query('SELECT id FROM leads ORDER BY random() LIMIT 500')).map((r) => r.id);
  const sql = [
    await timeRequests('SQL: lead by primary key', REQUESTS, (i) =>
      query('SELECT * FROM leads WHERE id = $1', [ids2[i % ids2.length]]),
    ),
    await timeRequests('SQL: conflict query', REQUESTS, (i) => {
      const k = 1 + ((i * 7919) % LEADS);
      return query(
        `SELECT l.id, l.company_id, l.status FROM leads l
         WHERE l.workspace_id = $1 AND l.status IN ('submitted', 'approved', 'qualified', 'demo', 'proposal')
           AND (l.expires_at IS NULL OR l.expires_at > now())
           AND (l.domain_key = $2 OR (l.name_key = $3 AND l.country = 'DE') OR lower(l.contact_email) = $4)
         ORDER BY l.created_at LIMIT 50`,
        [ids.workspaceId, `customer${k}.com`, `customer${k}`, `buyer${k}@customer${k}.com`],
      );
    }),
  ];
  return { plan: plan.map((row) => row['QUERY PLAN']).join('\n'), sql };
}

async function withEmbedded(dataDir, work) {
  const { PGlite } = require('@electric-sql/pglite');
  const db = await PGlite.create(join(dataDir, 'pg'));
  try {
    return await work(async (sql, params) => (await db.query(sql, params)).rows);
  } finally {
    await db.close();
  }
}

async function withPostgres(url, work) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(async (sql, params) => (await client.query(sql, params)).rows);
  } finally {
    await client.end();
  }
}

/** CPU time (user + system, ms) a process has used so far, from /proc on Linux; null elsewhere. */
function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

/** Latencies of `count` sequential calls after 100 warm-up calls, and the server's CPU per call (`pid`). */
async function timeRequests(label, count, send, pid) {
  for (let i = 0; i < 100; i += 1) await send(i);
  const cpuBefore = pid ? cpuMs(pid) : null;
  const times = [];
  for (let i = 0; i < count; i += 1) {
    const started = performance.now();
    await send(i);
    times.push(performance.now() - started);
  }
  const cpuAfter = pid ? cpuMs(pid) : null;
  times.sort((a, b) => a - b);
  const at = (p) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))];
  return {
    label,
    count,
    p50: at(50),
    p99: at(99),
    mean: times.reduce((s, t) => s + t, 0) / times.length,
    cpu: cpuBefore !== null && cpuAfter !== null ? (cpuAfter - cpuBefore) / count : null,
  };
}

async function main() {
  const external = process.env.DATABASE_URL ? await freshDatabase(process.env.DATABASE_URL) : null;
  const dataDir = mkdtempSync(join(tmpdir(), 'pws-bench-leads-'));
  const port = await freePort();
  const env = {
    ...process.env,
    PORT: String(port),
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PWS_WORKERS: 'off',
  };
  delete env.DATABASE_URL;
  if (external) env.DATABASE_URL = external.url;
  env.LOG_LEVEL = process.env.LOG_LEVEL || 'warn';
  const base = `http://127.0.0.1:${port}`;
  let child;
  try {
    child = await startServer(env);
    const setup = await call(base, 'POST', '/api/v1/setup', {
      workspaceName: 'Bench Co',
      name: 'Bench Admin',
      email: 'bench@bench.example',
      password: PASSWORD,
    });
    const admin = setup.accessToken;
    const company = await call(base, 'POST', '/api/v1/companies', { name: 'Partner A' }, admin);
    const other = await call(base, 'POST', '/api/v1/companies', { name: 'Partner B' }, admin);
    const user = await call(
      base,
      'POST',
      '/api/v1/users',
      {
        email: 'seller@bench.example',
        name: 'Seller',
        role: 'partner_executive',
        companyId: company.id,
        password: PASSWORD,
      },
      admin,
    );
    const ids = {
      workspaceId: setup.workspace.id,
      companyId: company.id,
      otherCompanyId: other.id,
      userId: user.id,
    };

    const seeding = performance.now();
    let seededWith;
    if (external) {
      seededWith = await withPostgres(external.url, (query) => seed(query, ids));
    } else {
      await stopServer(child);
      seededWith = await withEmbedded(dataDir, (query) => seed(query, ids));
      child = await startServer(env);
    }
    const seeded = ((performance.now() - seeding) / 1000).toFixed(1);
    const session = await call(base, 'POST', '/api/v1/auth/login', {
      email: 'seller@bench.example',
      password: PASSWORD,
    });
    const token = session.accessToken;
    const page = await call(base, 'GET', '/api/v1/leads?limit=200', undefined, token);
    const own = page.items.map((l) => l.id);

    console.log(
      `Database: ${external ? 'Postgres (DATABASE_URL)' : 'embedded PGlite'}; ${LEADS} leads seeded in ${seeded} s; ` +
        `${REQUESTS} sequential requests per route after 100 warm-up`,
    );
    console.log('\nConflict query plan (must use the partial indexes, not a scan of leads):');
    console.log(seededWith.plan.replace(/^/gm, '  '));

    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const results = [];
    const sqlResults = seededWith.sql;
    results.push(
      await timeRequests(
        'GET /leads/:id (primary key)',
        REQUESTS,
        async (i) => {
          const res = await fetch(`${base}/api/v1/leads/${own[i % own.length]}`, { headers });
          if (res.status !== 200) throw new Error(`lookup: ${res.status}`);
          await res.arrayBuffer();
        },
        child.pid,
      ),
    );
    results.push(
      await timeRequests(
        'POST /leads/check',
        REQUESTS,
        async (i) => {
          const k = 1 + ((i * 7919) % LEADS);
          const body =
            i % 3 === 0
              ? { customerDomain: `https://sales.customer${k}.com/path` }
              : i % 3 === 1
                ? {
                    customerName: `Customer ${k} GmbH`,
                    country: 'DE',
                    contactEmail: `BUYER${k}@customer${k}.com`,
                  }
                : { customerDomain: `nobody-${i}.example.org`, contactEmail: `new${i}@nobody.example.org` };
          const res = await fetch(`${base}/api/v1/leads/check`, {
            method: 'POST',
            headers,
            body: JSON.stringify(body),
          });
          if (res.status !== 200) throw new Error(`check: ${res.status} ${await res.text()}`);
          await res.arrayBuffer();
        },
        child.pid,
      ),
    );
    console.log(
      '\nroute                              requests   p50 ms   p99 ms   mean ms   server CPU ms/req',
    );
    for (const r of [...sqlResults, ...results]) {
      console.log(
        `${r.label.padEnd(34)} ${String(r.count).padStart(8)} ${r.p50.toFixed(2).padStart(8)} ${r.p99
          .toFixed(2)
          .padStart(
            8,
          )} ${r.mean.toFixed(2).padStart(9)} ${(r.cpu == null ? '-' : r.cpu.toFixed(2)).padStart(10)}`,
      );
    }
    const check = results[1];
    const sqlCheck = sqlResults[1];
    console.log(
      `\nGoal: conflict check p99 ≤ ${GOAL_P99_MS} ms: ${check.p99.toFixed(2)} ms ` +
        `${check.p99 <= GOAL_P99_MS ? '(met)' : '(NOT met)'}; ${(check.p50 / results[0].p50).toFixed(2)}× the key lookup at p50`,
    );
    console.log(
      `In the database alone: conflict query p99 ${sqlCheck.p99.toFixed(2)} ms beside ${sqlResults[0].p99.toFixed(2)} ms ` +
        'for the key lookup (the rest of the HTTP figure is auth, access checks and serialisation).',
    );
    if (check.cpu != null && results[0].cpu != null) {
      console.log(
        `Server CPU per request: conflict check ${check.cpu.toFixed(2)} ms beside ${results[0].cpu.toFixed(2)} ms ` +
          'for the key lookup (steadier than latency on a shared machine).',
      );
    }
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
