import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Api } from '../support/api';
import { PASSWORD } from '../support/factories';

const ROOT = resolve(__dirname, '../..');
const MAIN = join(ROOT, 'dist/src/main.js');
const SEED = join(ROOT, 'dist/src/cli/seed.js');

/** The environment of `npm start` on a fresh machine: nothing that points at external services. */
function embeddedEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) {
    if (
      /^(DATABASE_URL|REDIS_URL|REDIS_PREFIX|S3_|SMTP_URL|JWT_SECRET|PUBLIC_URL|CORS_ORIGINS|PORT|NODE_OPTIONS)/.test(
        name,
      )
    ) {
      delete env[name];
    }
  }
  return { ...env, NODE_ENV: 'development', LOG_LEVEL: 'warn', HOST: '127.0.0.1', ...extra };
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

interface Server {
  child: ChildProcess;
  api: Api;
  stderr: () => string;
  stop(): Promise<number | null>;
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((done) => child.once('exit', (code) => done(code)));
}

/** Starts the compiled server and resolves once it says it listens (or rejects with what it printed). */
async function startServer(dataDir: string): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: embeddedEnv({ PORT: String(port), DATA_DIR: dataDir }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  await new Promise<void>((done, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`server did not start in 90 s:\n${stderr}\n${stdout}`)),
      90000,
    );
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (/listening on/.test(stderr)) {
        clearTimeout(timer);
        done();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`server exited with ${code}:\n${stderr}\n${stdout}`));
    });
  });
  return {
    child,
    api: new Api(`http://127.0.0.1:${port}`),
    stderr: () => stderr,
    async stop() {
      child.kill('SIGTERM');
      return exited(child);
    },
  };
}

describe('embedded mode: the built server with no DATABASE_URL', () => {
  const dirs: string[] = [];
  const children: ChildProcess[] = [];

  function tempDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'pws-embedded-'));
    dirs.push(dir);
    return dir;
  }

  async function start(dataDir: string): Promise<Server> {
    const server = await startServer(dataDir);
    children.push(server.child);
    return server;
  }

  beforeAll(() => {
    // Always build, so the test runs what `npm start` would run from this source tree.
    const build = spawnSync(
      process.execPath,
      [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    if (!existsSync(MAIN) || !existsSync(SEED)) {
      throw new Error(`build failed (${build.status}):\n${build.stdout}\n${build.stderr}`);
    }
  }, 240000);

  afterAll(async () => {
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited(child);
      }
    }
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('sets up, logs in, stops on SIGTERM and keeps its data across a restart', async () => {
    const dataDir = tempDir();
    const first = await start(dataDir);
    const health = await first.api.get('/health');
    expect(health.status).toBe(200);
    expect(health.body.database).toMatchObject({ state: 'up', embedded: true });
    expect((await first.api.get('/setup')).body).toEqual({ needsSetup: true });

    const email = 'founder@embedded.example';
    const setup = await first.api.post('/setup', {
      workspaceName: 'Embedded Co',
      name: 'Fay Founder',
      email,
      password: PASSWORD,
    });
    expect(setup.status).toBe(201);
    const firstLogin = await first.api.post('/auth/login', { email, password: PASSWORD });
    expect(firstLogin.status).toBe(200);
    const company = await first.api.post('/companies', { name: 'Survivor Ltd' }, firstLogin.body.accessToken);
    expect(company.status).toBe(201);

    expect(await first.stop()).toBe(0);
    expect(existsSync(join(dataDir, 'pg'))).toBe(true);
    expect(existsSync(join(dataDir, 'jwt-secret'))).toBe(true);

    const second = await start(dataDir);
    expect((await second.api.get('/setup')).body).toEqual({ needsSetup: false });
    const again = await second.api.post('/auth/login', { email, password: PASSWORD });
    expect(again.status).toBe(200);
    expect(again.body.user).toMatchObject({ email, role: 'admin' });
    const listed = await second.api.get('/companies', again.body.accessToken);
    expect(listed.body.items.map((c: { name: string }) => c.name)).toEqual(['Survivor Ltd']);
    // The generated JWT secret is kept in DATA_DIR, so tokens outlive a restart.
    expect((await second.api.get('/me', firstLogin.body.accessToken)).status).toBe(200);
    expect(await second.stop()).toBe(0);
  }, 240000);

  it('stops at once with exit code 1 and one stderr line naming PORT when PORT is bad', async () => {
    const child = spawn(process.execPath, [MAIN], {
      cwd: ROOT,
      env: embeddedEnv({ PORT: 'eighty', DATA_DIR: tempDir() }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    expect(await exited(child)).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/\bPORT\b/);
  }, 60000);

  it('npm run seed fills an empty data dir, prints logins that work, and refuses a second run', async () => {
    const dataDir = tempDir();
    const run = () =>
      spawnSync(process.execPath, [SEED], {
        cwd: ROOT,
        env: embeddedEnv({ DATA_DIR: dataDir }),
        encoding: 'utf8',
      });
    const seeded = run();
    expect({ status: seeded.status, stderr: seeded.stderr }).toEqual({ status: 0, stderr: '' });
    const password = /password "([^"]+)"/.exec(seeded.stdout)?.[1];
    const email = /^\s+(\S+@\S+)\s+partner_executive\b/m.exec(seeded.stdout)?.[1];
    expect(password).toBeDefined();
    expect(email).toBeDefined();

    const refused = run();
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/already has a workspace/);

    const server = await start(dataDir);
    const session = await server.api.post('/auth/login', { email, password });
    expect(session.status).toBe(200);
    expect((await server.api.get('/me', session.body.accessToken)).body.role).toBe('partner_executive');
    expect(await server.stop()).toBe(0);
  }, 240000);
});
