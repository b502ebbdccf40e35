// Web client: production bundle size (JS gzip, initial vs lazily loaded chunks) and time until the overview,
// the plans page and a plan page are usable in headless Chromium against the built server (`npm run bench:client`
// builds both first). Baseline in the same run: the same browser loading GET /health from the same server.
// Timing decides nothing: the figures and the goals are printed for a human to read.
const { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { gzipSync } = require('node:zlib');
const { chromium } = require('playwright-core');
const { ROOT, call, freePort, freshDatabase, startServer, stopServer } = require('./support');

const RUNS = Number(process.env.BENCH_RUNS || 5);
const GOAL_INITIAL_KB = 250;
const GOAL_INTERACTIVE_MS = 1500;
const DIST = join(ROOT, 'client', 'dist');

function bundle() {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const initialNames = new Set(
    [...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map((match) => match[1]),
  );
  const chunks = readdirSync(join(DIST, 'assets'))
    .filter((name) => name.endsWith('.js'))
    .map((name) => {
      const source = readFileSync(join(DIST, 'assets', name));
      return {
        name,
        raw: source.length,
        gzip: gzipSync(source, { level: 9 }).length,
        initial: initialNames.has(name),
      };
    });
  return chunks;
}

const kb = (bytes) => (bytes / 1024).toFixed(1);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function timeTo(browser, base, session, path, ready) {
  const context = await browser.newContext({ baseURL: base });
  if (session) {
    // A signed-in tab: the session the client keeps in localStorage, set before any page script runs.
    await context.addInitScript(
      `localStorage.setItem('pws.session', ${JSON.stringify(JSON.stringify(session))})`,
    );
  }
  const page = await context.newPage();
  const started = Date.now();
  if (process.env.BENCH_TRACE) {
    page.on('request', (r) =>
      console.log(`    ${Date.now() - started} ms  → ${r.method()} ${r.url().replace(base, '')}`),
    );
    page.on('requestfinished', (r) =>
      console.log(`    ${Date.now() - started} ms  ← ${r.url().replace(base, '')}`),
    );
  }
  await page.goto(path);
  await ready(page);
  const elapsed = Date.now() - started;
  await context.close();
  return elapsed;
}

async function main() {
  if (!existsSync(join(DIST, 'index.html')))
    throw new Error('client/dist is missing: run `npm run build` first');
  const chunks = bundle();
  const initial = chunks.filter((c) => c.initial);
  const lazy = chunks.filter((c) => !c.initial);
  const sum = (list, key) => list.reduce((total, c) => total + c[key], 0);
  console.log('Bundle (client/dist/assets, gzip -9):');
  for (const c of [...initial, ...lazy]) {
    console.log(
      `  ${c.initial ? 'initial' : 'lazy   '}  ${c.name.padEnd(36)} ${kb(c.raw).padStart(7)} KB raw  ${kb(c.gzip).padStart(6)} KB gzip`,
    );
  }
  const editor = lazy.find((c) => c.name.startsWith('section-narrative'));
  console.log(
    `  initial JS: ${kb(sum(initial, 'gzip'))} KB gzip (goal ≤ ${GOAL_INITIAL_KB} KB); ` +
      `lazy JS: ${kb(sum(lazy, 'gzip'))} KB gzip, of which the editor chunk ${editor ? kb(editor.gzip) : '?'} KB`,
  );

  const external = process.env.DATABASE_URL ? await freshDatabase(process.env.DATABASE_URL) : null;
  const dataDir = mkdtempSync(join(tmpdir(), 'pws-bench-'));
  const port = await freePort();
  const env = { ...process.env, PORT: String(port), DATA_DIR: dataDir, HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  if (external) env.DATABASE_URL = external.url;
  let child;
  let browser;
  try {
    child = await startServer(env);
    const base = `http://127.0.0.1:${port}`;
    const password = 'a bench password that is long';
    const setup = await call(base, 'POST', '/api/v1/setup', {
      workspaceName: 'Bench Co',
      name: 'Bench Admin',
      email: 'bench@bench.example',
      password,
    });
    const admin = setup.accessToken;
    const company = await call(base, 'POST', '/api/v1/companies', { name: 'Bench Partner' }, admin);
    let planId;
    for (let year = 0; year < 6; year += 1) {
      const plan = await call(
        base,
        'POST',
        '/api/v1/plans',
        { companyId: company.id, name: `Plan FY${2027 + year}`, fiscalYear: 2027 + year },
        admin,
      );
      planId ??= plan.id;
      await call(
        base,
        'POST',
        `/api/v1/plans/${plan.id}/goals`,
        {
          sectionId: plan.sections[0].id,
          type: 'checklist',
          title: 'Launch',
          items: [{ text: 'One' }, { text: 'Two' }, { text: 'Three' }],
        },
        admin,
      );
    }
    const login = await call(base, 'POST', '/api/v1/auth/login', { email: 'bench@bench.example', password });
    const session = {
      accessToken: login.accessToken,
      refreshToken: login.refreshToken,
      expiresAt: Date.now() + login.expiresIn * 1000,
      lifetimeMs: login.expiresIn * 1000,
      user: login.user,
    };

    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
      ],
    });
    const scenarios = [
      {
        name: 'GET /health (baseline)',
        path: '/health',
        session: null,
        ready: (p) => p.waitForLoadState('load'),
      },
      {
        name: 'overview: figures shown',
        path: `/c/${company.id}/overview`,
        session,
        ready: (p) => p.getByRole('heading', { name: 'Figures' }).waitFor(),
      },
      {
        name: 'plans page: tiles shown',
        path: `/c/${company.id}/plans`,
        session,
        ready: (p) => p.getByRole('link', { name: 'Plan FY2027' }).waitFor(),
      },
      {
        name: 'plan page: editor ready',
        path: `/c/${company.id}/plans/${planId}`,
        session,
        ready: (p) => p.locator('.narrative-frame[data-sync="connected"] [contenteditable="true"]').waitFor(),
      },
    ];
    // One warm-up of each so the server's first-request work is not counted.
    for (const s of scenarios) await timeTo(browser, base, s.session, s.path, s.ready);
    console.log(`\nTime to interactive, fresh browser context each run (cold cache), median of ${RUNS}:`);
    for (const s of scenarios) {
      const times = [];
      for (let i = 0; i < RUNS; i += 1) times.push(await timeTo(browser, base, s.session, s.path, s.ready));
      console.log(
        `  ${s.name.padEnd(28)} ${String(median(times)).padStart(5)} ms  (min ${Math.min(...times)}, max ${Math.max(...times)})`,
      );
    }
    console.log(`  goal: overview page interactive ≤ ${GOAL_INTERACTIVE_MS} ms locally`);
  } finally {
    await browser?.close();
    await stopServer(child);
    await external?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
