// File transfer: upload and download of one large file through the server (streamed multipart in,
// streamed or presigned-redirect out) beside writing and reading the same bytes directly to the same
// storage, in the same run, with the server's RSS and CPU sampled throughout. Local disk by default;
// BENCH_S3=1 runs both sides against s3rver (in a process of its own). BENCH_FILE_MB sets the size
// (default 1024).
// Like with like: "direct" is the server's own storage driver called in this process (so it hashes what
// it stores, as the server does), and both download sides are read by the same node:http client. On
// local disk "direct" has no network at all, so a second baseline puts the same driver behind a bare
// node:http server (raw PUT/GET, no framework, no multipart): the cost of HTTP itself on this machine.
// Timing decides nothing: the figures and the goal are printed for a human to read.
const { spawn } = require('node:child_process');
const { createHash, randomBytes } = require('node:crypto');
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const http = require('node:http');
const { createServer } = require('node:net');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { Readable } = require('node:stream');
const { pipeline } = require('node:stream/promises');
/* global fetch, Buffer, URL, setInterval, clearInterval, __filename */

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

/** A GET through node:http, following one redirect (the S3 driver answers 302 to a presigned URL). */
function httpGet(url, headers = {}) {
  return new Promise((done, fail) => {
    http
      .get(url, { headers }, (response) => {
        if (response.statusCode === 302) {
          response.resume();
          httpGet(response.headers.location).then(done, fail);
        } else if (response.statusCode !== 200) {
          response.resume();
          fail(new Error(`GET ${url} answered ${response.statusCode}`));
        } else {
          done(response);
        }
      })
      .on('error', fail);
  });
}

/** User + system CPU of a process in milliseconds. */
function cpuOf(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function rssOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) * 1024;
}

/**
 * Samples the server's RSS every 20 ms while `work` runs; returns its result, the peak, and the CPU
 * time the server and this process (client, and direct storage calls) spent on it.
 */
async function sampled(pid, work) {
  let peak = rssOf(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 20);
  try {
    const serverCpu = cpuOf(pid);
    const own = process.cpuUsage();
    const started = process.hrtime.bigint();
    const result = await work();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const used = process.cpuUsage(own);
    return {
      result,
      seconds,
      peak,
      serverCpu: cpuOf(pid) - serverCpu,
      benchCpu: (used.user + used.system) / 1000,
    };
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
const PLAIN_KEY = 'bench/plain';

/** `--plain-http <root>`: the local driver behind a bare node:http server; prints its port. */
function servePlain(root) {
  const { LocalObjectStorage } = require(join(ROOT, 'dist/src/core/storage/local-object-storage.js'));
  const storage = new LocalObjectStorage(root);
  const server = http.createServer((request, response) => {
    void (async () => {
      if (request.method === 'PUT') {
        const result = await storage.put(PLAIN_KEY, request);
        response.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify(result));
      } else {
        const info = await storage.stat(PLAIN_KEY);
        response.writeHead(200, { 'content-length': info.size });
        await pipeline(await storage.get(PLAIN_KEY), response);
      }
    })().catch(() => response.destroy());
  });
  server.listen(0, '127.0.0.1', () => console.log(`listening on ${server.address().port}`));
}

/** `--s3rver <dir>`: s3rver in a process of its own, so its work does not share the bench's thread. */
function serveS3(dir) {
  const S3rver = require('s3rver');
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir });
  server.run().then(({ port }) => console.log(`listening on ${port}`));
}

/** Runs this file in one of its helper modes and resolves with the port it listens on. */
function startHelper(mode, dir) {
  const child = spawn(process.execPath, [__filename, mode, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((done, fail) => {
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk.toString();
      const match = /listening on (\d+)/.exec(stdout);
      if (match) done({ child, port: Number(match[1]), base: `http://127.0.0.1:${match[1]}` });
    });
    child.once('exit', (code) => fail(new Error(`${mode} exited with ${code}`)));
  });
}

function putPlain(base) {
  const url = new URL(`${base}/${PLAIN_KEY}`);
  return new Promise((done, fail) => {
    const request = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'PUT',
        headers: { 'content-length': SIZE },
      },
      (response) => {
        let text = '';
        response.on('data', (chunk) => (text += chunk));
        response.once('end', () => done(JSON.parse(text)));
      },
    );
    request.on('error', fail);
    pipeline(Readable.from(content()), request).catch(fail);
  });
}

async function stop(child) {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  await exited;
}

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
    s3rver = await startHelper('--s3rver', join(dataDir, 's3'));
    const s3port = s3rver.port;
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
    direct = { name: 's3rver (minio client)', storage: new S3ObjectStorage(settings) };
  } else {
    const { LocalObjectStorage } = require(join(ROOT, 'dist/src/core/storage/local-object-storage.js'));
    direct = { name: 'local disk (local driver)', storage: new LocalObjectStorage(join(dataDir, 'direct')) };
  }
  direct.put = () => direct.storage.put('bench/direct', Readable.from(content()));
  direct.get = async () => drain(await direct.storage.get('bench/direct'));

  let child;
  let plain = null;
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
    const down = await sampled(child.pid, async () =>
      drain(await httpGet(`${base}/api/v1/files/${file.id}/download`, { authorization: `Bearer ${token}` })),
    );
    if (down.result.sha256 !== expected) throw new Error('download returned other bytes');
    let plainUp = null;
    let plainDown = null;
    if (!USE_S3) {
      plain = await startHelper('--plain-http', join(dataDir, 'plain'));
      plainUp = await sampled(plain.child.pid, () => putPlain(plain.base));
      if (plainUp.result.sha256 !== expected) throw new Error('the plain server stored other bytes');
      plainDown = await sampled(plain.child.pid, async () =>
        drain(await httpGet(`${plain.base}/${PLAIN_KEY}`)),
      );
      if (plainDown.result.sha256 !== expected) throw new Error('the plain server returned other bytes');
    }

    const upRatio = mbps(up.seconds) / mbps(directUp.seconds);
    const downRatio = mbps(down.seconds) / mbps(directDown.seconds);
    const growth = (Math.max(up.peak, down.peak) - idle) / MiB;
    console.log(
      `File: ${SIZE / MiB} MiB; storage: ${direct.name}; server RSS before transfers ${(idle / MiB).toFixed(0)} MB`,
    );
    console.log('');
    console.log(
      'transfer                 direct MB/s   server MB/s   ratio   server peak RSS   CPU s: server / baseline',
    );
    // The baseline's CPU is that of the process doing its storage work: this one for "direct".
    const row = (label, baseRun, baseCpu, run, ratio) =>
      console.log(
        `${label.padEnd(24)} ${mbps(baseRun.seconds).toFixed(0).padStart(11)} ${mbps(run.seconds).toFixed(0).padStart(13)} ` +
          `${(ratio * 100).toFixed(0).padStart(6)}% ${(run.peak / MiB).toFixed(0).padStart(14)} MB ` +
          `${(run.serverCpu / 1000).toFixed(2).padStart(12)} / ${(baseCpu / 1000).toFixed(2)}`,
      );
    row('upload', directUp, directUp.benchCpu, up, upRatio);
    row(USE_S3 ? 'download (302 → presign)' : 'download', directDown, directDown.benchCpu, down, downRatio);
    if (plainUp && plainDown) {
      console.log('');
      console.log('baseline: the same driver behind a bare node:http server ("direct" column):');
      row('upload', plainUp, plainUp.serverCpu, up, mbps(up.seconds) / mbps(plainUp.seconds));
      row('download', plainDown, plainDown.serverCpu, down, mbps(down.seconds) / mbps(plainDown.seconds));
    }
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
    await stop(child);
    await stop(plain?.child);
    await stop(s3rver?.child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--plain-http') {
  servePlain(process.argv[3]);
} else if (process.argv[2] === '--s3rver') {
  serveS3(process.argv[3]);
} else {
  main().catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}
