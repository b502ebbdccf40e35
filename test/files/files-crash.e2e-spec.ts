import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { Api } from '../support/api';
import { eventually } from '../support/collab-clients';
import { PASSWORD } from '../support/factories';
import { createTestDatabase } from '../support/test-app';
import { DatabaseHandle } from '../../src/core/database/embedded-postgres';
import {
  download,
  filesUnder,
  MiB,
  PNG_HEAD,
  pngOf,
  S3Server,
  sha256,
  startS3,
  streamedUpload,
  upload,
} from './files-helpers';

const ROOT = resolve(__dirname, '../..');
const MAIN = join(ROOT, 'dist/src/main.js');
/** Announced size of the upload that is cut by the kill: large, so it is surely still streaming. */
const ANNOUNCED = 512 * MiB;
/** Sent before the kill: past the S3 driver's first 8 MiB part, so a multipart upload is open. */
const SENT_BEFORE_KILL = 12 * MiB;

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

function exited(child: ChildProcess): Promise<unknown> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => child.once('exit', done));
}

interface Server {
  child: ChildProcess;
  baseUrl: string;
  output: () => string;
}

/** The compiled server as a child process; resolves once it listens. */
async function startServer(env: NodeJS.ProcessEnv): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start in 90 s:\n${output}`)), 90000);
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (/listening on/.test(output)) {
        clearTimeout(timer);
        done();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  return { child, baseUrl: `http://127.0.0.1:${port}`, output: () => output };
}

/**
 * Starts a multipart upload announcing ANNOUNCED bytes of file, sends the first `sent` of them and then
 * holds the connection open: the server is mid-upload until it dies.
 */
function startHeldUpload(baseUrl: string, token: string, folderId: string, name: string, sent: number) {
  const { head, options } = streamedUpload(baseUrl, token, folderId, name, ANNOUNCED, 'crash');
  const request = http.request(options);
  const ended = new Promise<string>((done) => {
    request.once('error', (error) => done(error.message));
    request.once('response', (response) => {
      response.resume();
      done(`answered ${response.statusCode}`);
    });
  });
  request.write(head);
  request.write(pngOf(sent));
  return { ended, request };
}

describe.each(['local', 's3'] as const)('files: the server killed mid-upload, %s driver', (driver) => {
  let database: DatabaseHandle;
  let pg: Client | null = null;
  let s3: S3Server | null = null;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let server: Server | null = null;

  const journalRows = async () =>
    pg ? Number((await pg.query('SELECT COUNT(*) AS n FROM file_uploads')).rows[0].n) : null;
  const tempFiles = () => {
    const dir = join(dataDir, 'objects', '.tmp');
    return existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.part')) : [];
  };
  const storedObjects = () =>
    filesUnder(s3 ? join(s3.dir, 'pws-crash') : join(dataDir, 'objects')).filter(
      (path) => !path.endsWith('.part'),
    );

  beforeAll(async () => {
    // Build, so the child runs this source tree.
    const build = spawnSync(
      process.execPath,
      [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    if (!existsSync(MAIN))
      throw new Error(`build failed (${build.status}):\n${build.stdout}\n${build.stderr}`);
    dataDir = mkdtempSync(join(tmpdir(), 'pws-crash-'));
    s3 = driver === 's3' ? await startS3('pws-crash') : null;
    env = { ...process.env };
    for (const name of Object.keys(env)) {
      if (/^(DATABASE_URL|REDIS_|S3_|SMTP_URL|NODE_OPTIONS)/.test(name)) delete env[name];
    }
    // With a real Postgres the child gets a database of its own, which the test also reads; otherwise
    // the child embeds one in DATA_DIR and the journal is observed through its log.
    if (process.env.DATABASE_URL) {
      database = await createTestDatabase();
      pg = new Client({ connectionString: database.url });
      await pg.connect();
      env.DATABASE_URL = database.url;
    }
    Object.assign(env, {
      ...(s3?.env ?? {}),
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      JWT_SECRET: randomBytes(32).toString('hex'),
      FILES_UPLOAD_LEASE_SECONDS: '1',
      FILES_MAX_UPLOAD_BYTES: String(ANNOUNCED + MiB),
    });
  }, 240000);

  afterAll(async () => {
    if (server && server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGKILL');
      await exited(server.child);
    }
    await pg?.end();
    await database?.close();
    await s3?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps no version, sweeps the temp file and journal at start-up, and a retry succeeds', async () => {
    server = await startServer(env);
    let api = new Api(server.baseUrl);
    const setup = await api.post('/setup', {
      workspaceName: 'Crash Co',
      name: 'Cass Crash',
      email: 'cass@crash.example',
      password: PASSWORD,
    });
    expect(setup.status).toBe(201);
    const company = await api.post('/companies', { name: 'Partner' }, setup.body.accessToken);
    expect(company.status).toBe(201);
    const login = async () =>
      (await api.post('/auth/login', { email: 'cass@crash.example', password: PASSWORD })).body
        .accessToken as string;
    let token = await login();
    const rooms = await api.get(`/companies/${company.body.id}/rooms`, token);
    const folderId = (rooms.body as Array<{ kind: string; rootFolderId: string }>).find(
      (room) => room.kind === 'files',
    )!.rootFolderId;

    const held = startHeldUpload(server.baseUrl, token, folderId, 'crash.png', SENT_BEFORE_KILL);
    // Mid-upload: the journal row is committed and bytes are being stored.
    if (driver === 'local') {
      await eventually(
        () => tempFiles().length === 1 && statSync(join(dataDir, 'objects', '.tmp', tempFiles()[0])).size > 0,
        'the temp file to receive bytes',
        30000,
      );
    }
    if (s3) {
      // s3rver keeps each open multipart upload as a directory holding its key.
      const openUploads = () =>
        (readdirSync(s3!.dir, { recursive: true }) as string[]).filter((path) =>
          /uploads.*[/\\]key$/.test(path),
        );
      await eventually(() => openUploads().length === 1, 'the multipart upload to open', 30000);
    }
    if (pg) {
      await eventually(
        async () =>
          (
            await pg!.query('SELECT 1 FROM file_uploads WHERE multipart_id IS NOT NULL OR $1', [
              driver === 'local',
            ])
          ).rows.length === 1,
        'the journal row (with its multipart upload on S3)',
        30000,
      );
    }
    expect(await journalRows()).not.toBe(0);

    server.child.kill('SIGKILL');
    await exited(server.child);
    expect(await held.ended).not.toMatch(/answered 2/);
    expect(storedObjects()).toEqual([]);

    server = await startServer(env);
    api = new Api(server.baseUrl);
    token = await login();
    await eventually(() => /swept 1 unfinished uploads/.test(server!.output()), 'the start-up sweep', 30000);
    expect(await journalRows()).toBe(pg ? 0 : null);
    expect(tempFiles()).toEqual([]);
    expect(storedObjects()).toEqual([]);
    const children = await api.get(`/folders/${folderId}/children`, token);
    expect(children.status).toBe(200);
    expect(children.body.items).toEqual([]);
    if (pg) expect((await pg.query('SELECT COUNT(*) AS n FROM file_versions')).rows[0].n).toBe('0');

    const data = Buffer.concat([PNG_HEAD, randomBytes(SENT_BEFORE_KILL - PNG_HEAD.length)]);
    const retry = await upload(server.baseUrl, token, folderId, 'crash.png', data);
    expect(retry.status).toBe(201);
    expect(retry.body.currentVersion).toMatchObject({ number: 1, size: data.length, sha256: sha256(data) });
    const got = await download(server.baseUrl, token, retry.body.id);
    expect(sha256(got.data)).toBe(sha256(data));
    expect(await journalRows()).toBe(pg ? 0 : null);
    expect(tempFiles()).toEqual([]);
  }, 240000);
});
