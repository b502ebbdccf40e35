// File transfer: upload and download of one large file through the server (streamed multipart in,
// streamed or presigned-redirect out) beside writing and reading the same bytes directly to the same
// storage, in the same run, with the server's RSS sampled throughout. Local disk by default; BENCH_S3=1
// runs both sides against an in-process s3rver. BENCH_FILE_MB sets the size (default 1024).
// Timing decides nothing: the figures and the goal are printed for a human to read.
const { spawn } = require('node:child_process');
const { createHash, randomBytes } = require('node:crypto');
const { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync } = require('node:fs');
const http = require('node:http');
const { createServer } = require('node:net');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { Readable } = require('node:stream');
const { pipeline } = require('node:stream/promises');
/* global fetch, Buffer, URL, setInterval, clearInterval */

const ROOT = resolve(__dirname, '..');
const MiB = 1024 * 1024;
const SIZE = Number(process.env.BENCH_FILE_MB || 1024) * MiB;
const USE_S3 = process.env.BENCH_S3 === '1';
const GOAL_RATIO = 0.8;
const GOAL_RSS_MB = 64;

function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/** `SIZE` bytes starting with a PNG signature (so the upload passes type detection), 1 MiB at a time. */
const BLOCK = randomBytes(MiB);
BLOCK.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 0);

function* content() {
  const block = BLOCK;
  for (let offset = 0, n = 0; offset < SIZE; offset += MiB, n++) {
    const chunk = Buffer.from(block.subarray(0, Math.min(MiB, SIZE - offset)));
    if (n > 0 && chunk.length >= 12) chunk.writeUInt32LE(n, 8);
    yield chunk;
  }
}

function digestOf() {
  const hash = createHash('sha256');
  for (const chunk of content()) hash.update(chunk);
  return hash.digest('hex');
}

async function drain(stream) {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { size, sha256: hash.digest('hex') };
}

function startServer(env) {
  const child = spawn(process.execPath, [join(ROOT, 'dist/src/main.js')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((done, fail) => {
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk.toString();
      if (/listening on/.test(stderr)) done(child);
    });
    child.once('exit', (code) => fail(new Error(`server exited with ${code}:\n${stderr}`)));
  });
}

function rssOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) * 1024;
}

/** Samples the server's RSS every 20 ms while `work` runs; returns its result and the peak. */
async function sampled(pid, work) {
  let peak = rssOf(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 20);
  try {
    const started = process.hrtime.bigint();
    const result = await work();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { result, seconds, peak };
  } finally {
    clearInterval(timer);
  }
}

function uploadThroughServer(base, token, folderId) {
  const boundary = `bench-${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="folderId"\r\n\r\n${folderId}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench.png"\r\n` +
      'Content-Type: image/png\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const url = new URL(`${base}/api/v1/files`);
  return new Promise((done, fail) => {
    const request = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': head.length + SIZE + tail.length,
        },
      },
      (response) => {
        response.resume();
        response.once('end', () => done(response.statusCode));
      },
    );
    request.on('error', fail);
    pipeline(
      Readable.from(
        (function* () {
          yield head;
          yield* content();
          yield tail;
        })(),
      ),
      request,
    ).catch(fail);
  });
}

async function call(base, method, path, body, token) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(base + path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const json = await res.json();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

const mbps = (seconds) => SIZE / MiB / seconds;

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'pws-bench-files-'));
  const port = await freePort();
  const env = { ...process.env, PORT: String(port), DATA_DIR: dataDir, HOST: '127.0.0.1' };
  delete env.DATABASE_URL;
  env.LOG_LEVEL = process.env.LOG_LEVEL || 'warn';
  env.FILES_MAX_UPLOAD_BYTES = String(SIZE + MiB);
  let s3rver = null;
  let direct;
  if (USE_S3) {
    const S3rver = require('s3rver');
    s3rver = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: join(dataDir, 's3') });
    const { port: s3port } = await s3rver.run();
    const settings = {
      endpoint: `http://127.0.0.1:${s3port}`,
      accessKey: 'S3RVER',
      secretKey: 'S3RVER',
      bucket: 'pws-bench',
      region: 'us-east-1',
    };
    Object.assign(env, {
      S3_ENDPOINT: settings.endpoint,
      S3_ACCESS_KEY: 'S3RVER',
      S3_SECRET_KEY: 'S3RVER',
      S3_BUCKET: settings.bucket,
    });
    const { S3ObjectStorage } = require(join(ROOT, 'dist/src/core/storage/s3-object-storage.js'));
    const storage = new S3ObjectStorage(settings);
    direct = {
      name: 's3rver (minio client)',
      put: () => storage.put('bench/direct', Readable.from(content())),
      get: async () => drain(await storage.get('bench/direct')),
    };
  } else {
    const path = join(dataDir, 'direct.bin');
    direct = {
      name: 'local disk (fs streams)',
      put: () => pipeline(Readable.from(content()), createWriteStream(path)),
      get: () => drain(createReadStream(path)),
    };
  }

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
    const company = await call(base, 'POST', '/api/v1/companies', { name: 'Partner' }, token);
    const rooms = await call(base, 'GET', `/api/v1/companies/${company.id}/rooms`, undefined, token);
    const folderId = rooms.find((r) => r.kind === 'files').rootFolderId;
    const expected = digestOf();

    const directUp = await sampled(child.pid, () => direct.put());
    const directDown = await sampled(child.pid, () => direct.get());
    if (directDown.result.sha256 !== expected) throw new Error('direct read returned other bytes');

    const idle = rssOf(child.pid);
    const up = await sampled(child.pid, () => uploadThroughServer(base, token, folderId));
    if (up.result !== 201) throw new Error(`upload answered ${up.result}`);
    const children = await call(base, 'GET', `/api/v1/folders/${folderId}/children`, undefined, token);
    const file = children.items.find((e) => e.file && e.file.name === 'bench.png').file;
    if (file.currentVersion.sha256 !== expected) throw new Error('the server stored other bytes');
    const down = await sampled(child.pid, async () => {
      const res = await fetch(`${base}/api/v1/files/${file.id}/download`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return drain(Readable.fromWeb(res.body));
    });
    if (down.result.sha256 !== expected) throw new Error('download returned other bytes');

    const upRatio = mbps(up.seconds) / mbps(directUp.seconds);
    const downRatio = mbps(down.seconds) / mbps(directDown.seconds);
    const growth = (Math.max(up.peak, down.peak) - idle) / MiB;
    console.log(
      `File: ${SIZE / MiB} MiB; storage: ${direct.name}; server RSS before transfers ${(idle / MiB).toFixed(0)} MB`,
    );
    console.log('');
    console.log('transfer                 direct MB/s   server MB/s   ratio   server peak RSS');
    console.log(
      `upload                   ${mbps(directUp.seconds).toFixed(0).padStart(11)} ${mbps(up.seconds).toFixed(0).padStart(13)} ` +
        `${(upRatio * 100).toFixed(0).padStart(6)}% ${(up.peak / MiB).toFixed(0).padStart(12)} MB`,
    );
    console.log(
      `download${USE_S3 ? ' (302 → presign)' : '                '} ${mbps(directDown.seconds).toFixed(0).padStart(11)} ${mbps(down.seconds).toFixed(0).padStart(13)} ` +
        `${(downRatio * 100).toFixed(0).padStart(6)}% ${(down.peak / MiB).toFixed(0).padStart(12)} MB`,
    );
    console.log('');
    const met = (ok) => (ok ? '(met)' : '(NOT met)');
    console.log(
      `Goal: ≥ ${GOAL_RATIO * 100}% of direct throughput: upload ${(upRatio * 100).toFixed(0)}% ${met(upRatio >= GOAL_RATIO)}, ` +
        `download ${(downRatio * 100).toFixed(0)}% ${met(downRatio >= GOAL_RATIO)}`,
    );
    console.log(
      `Goal: RSS growth ≤ ${GOAL_RSS_MB} MB: ${growth.toFixed(0)} MB ${met(growth <= GOAL_RSS_MB)}`,
    );
  } finally {
    if (child && child.exitCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    }
    if (s3rver) await s3rver.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
