import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { LocalObjectStorage } from '../../src/core/storage/local-object-storage';
import {
  InvalidObjectKeyError,
  InvalidRangeError,
  newObjectKey,
  ObjectNotFoundError,
  ObjectSizeMismatchError,
  ObjectStorage,
  ObjectTooLargeError,
  StorageUnsupportedError,
} from '../../src/core/storage/object-storage';
import { S3ObjectStorage, S3Settings } from '../../src/core/storage/s3-object-storage';
import { eventually } from '../support/collab-clients';

const S3rver = require('s3rver');

const MiB = 1024 * 1024;

/** A stream of `size` pseudo-random bytes made chunk by chunk, and the SHA-256 of what it produced. */
function generated(size: number, chunkSize = 64 * 1024) {
  const hash = createHash('sha256');
  const block = randomBytes(chunkSize);
  let produced = 0;
  let counter = 0;
  const stream = Readable.from(
    (function* () {
      while (produced < size) {
        const length = Math.min(chunkSize, size - produced);
        const chunk = Buffer.from(block.subarray(0, length));
        if (length >= 4) chunk.writeUInt32LE(counter++ >>> 0, 0);
        produced += length;
        hash.update(chunk);
        yield chunk;
      }
    })(),
  );
  return { stream, digest: () => hash.digest('hex'), produced: () => produced };
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function sha256Of(stream: Readable): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

interface Harness {
  storage: ObjectStorage;
  /** Every file the driver left on disk (objects, temp files, s3rver's part files). */
  filesOnDisk(): string[];
  close(): Promise<void>;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

async function localHarness(): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'pws-objects-'));
  return {
    storage: new LocalObjectStorage(dir),
    filesOnDisk: () => listFiles(dir),
    close: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

let s3Settings: S3Settings;

async function s3Harness(): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'pws-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir });
  const { port } = (await server.run()) as { port: number };
  s3Settings = {
    endpoint: `http://127.0.0.1:${port}`,
    accessKey: 'S3RVER',
    secretKey: 'S3RVER',
    bucket: 'pws-test',
    region: 'us-east-1',
  };
  return {
    storage: new S3ObjectStorage(s3Settings, { partSize: 5 * MiB }),
    filesOnDisk: () => listFiles(dir),
    close: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe.each([
  ['local', localHarness],
  ['s3', s3Harness],
] as const)('object storage, %s driver', (driver, start) => {
  let harness: Harness;
  let storage: ObjectStorage;

  beforeAll(async () => {
    harness = await start();
    storage = harness.storage;
  });
  afterAll(() => harness.close());

  it('reports its driver as healthy', async () => {
    expect(storage.driver).toBe(driver);
    expect(await storage.health()).toMatchObject({ state: 'up', driver });
  });

  it.each([
    ['0 B', 0],
    ['1 B', 1],
    ['5 MiB', 5 * MiB],
    ['13 MiB (several parts on S3)', 13 * MiB + 7],
  ])('round-trips %s byte-identical', async (_, size) => {
    const key = newObjectKey();
    const source = generated(size);
    const put = await storage.put(key, source.stream, { contentType: 'application/octet-stream' });
    const expected = source.digest();
    expect(put).toEqual({ size, sha256: expected });
    expect(await sha256Of(await storage.get(key))).toEqual({ size, sha256: expected });
    expect(await storage.stat(key)).toMatchObject({ size });
    expect(await storage.exists(key)).toBe(true);
  });

  it('reads byte ranges', async () => {
    const key = newObjectKey();
    const data = randomBytes(100_000);
    await storage.put(key, Readable.from([data]));
    // Not bytes=0-0: s3rver reads an end of 0 as "to the end" (S3 and MinIO do not).
    expect(
      (await readAll(await storage.get(key, { start: 0, end: 4095 }))).equals(data.subarray(0, 4096)),
    ).toBe(true);
    expect((await readAll(await storage.get(key, { start: 7, end: 7 }))).equals(data.subarray(7, 8))).toBe(
      true,
    );
    expect(
      (await readAll(await storage.get(key, { start: 1000, end: 65_999 }))).equals(
        data.subarray(1000, 66_000),
      ),
    ).toBe(true);
    // An end past the object is cut at the last byte, as HTTP ranges are.
    expect(
      (await readAll(await storage.get(key, { start: 99_990, end: 200_000 }))).equals(data.subarray(99_990)),
    ).toBe(true);
    await expect(storage.get(key, { start: 100_000, end: 100_010 })).rejects.toBeInstanceOf(
      InvalidRangeError,
    );
    await expect(storage.get(key, { start: 10, end: 5 })).rejects.toBeInstanceOf(InvalidRangeError);
  });

  it('cuts a stream at limit+1 byte and keeps nothing', async () => {
    const before = harness.filesOnDisk();
    const limit = 6 * MiB;
    for (const size of [limit + 1, 40 * MiB]) {
      const key = newObjectKey();
      const source = generated(size);
      await expect(storage.put(key, source.stream, { maxBytes: limit })).rejects.toBeInstanceOf(
        ObjectTooLargeError,
      );
      expect(source.stream.destroyed).toBe(true);
      // Stopped at the limit plus the source's read-ahead (16 chunks), not after the whole 40 MiB.
      expect(source.produced()).toBeLessThanOrEqual(limit + 17 * 64 * 1024);
      expect(await storage.exists(key)).toBe(false);
    }
    const exact = newObjectKey();
    expect((await storage.put(exact, generated(limit).stream, { maxBytes: limit })).size).toBe(limit);
    await storage.delete(exact);
    // s3rver does not implement AbortMultipartUpload, so parts of aborted uploads stay in its upload area.
    expect(harness.filesOnDisk().filter((f) => !before.includes(f) && !f.includes('_uploads'))).toEqual([]);
  });

  it('rejects a stream whose length differs from the announced size', async () => {
    const short = newObjectKey();
    await expect(storage.put(short, generated(10).stream, { size: 11 })).rejects.toBeInstanceOf(
      ObjectSizeMismatchError,
    );
    const long = newObjectKey();
    await expect(storage.put(long, generated(12).stream, { size: 11 })).rejects.toBeInstanceOf(
      ObjectSizeMismatchError,
    );
    expect(await storage.exists(short)).toBe(false);
    expect(await storage.exists(long)).toBe(false);
  });

  it('leaves nothing when the source stream fails midway', async () => {
    const key = newObjectKey();
    const failing = Readable.from(
      (async function* () {
        yield randomBytes(1000);
        throw new Error('client went away');
      })(),
    );
    await expect(storage.put(key, failing)).rejects.toThrow('client went away');
    expect(await storage.exists(key)).toBe(false);
  });

  it('deletes, and treats a missing object as missing', async () => {
    const key = newObjectKey();
    await storage.put(key, Readable.from([Buffer.from('bye')]));
    await storage.delete(key);
    expect(await storage.exists(key)).toBe(false);
    expect(await storage.stat(key)).toBeNull();
    await expect(storage.get(key)).rejects.toBeInstanceOf(ObjectNotFoundError);
    await expect(storage.delete(key)).resolves.toBeUndefined();
  });

  it('refuses keys that are not generated keys', async () => {
    for (const key of [
      '../escape',
      '/etc/passwd',
      'a/../../b',
      'a//b',
      '',
      '.hidden',
      'report final.pdf',
      'a\\b',
    ]) {
      await expect(storage.put(key, Readable.from([Buffer.from('x')]))).rejects.toBeInstanceOf(
        InvalidObjectKeyError,
      );
      await expect(storage.get(key)).rejects.toBeInstanceOf(InvalidObjectKeyError);
    }
  });

  if (driver === 'local') {
    it('has no presigned URLs or multipart uploads', async () => {
      const key = newObjectKey();
      expect(await storage.presignGet(key, { expiresSeconds: 60 })).toBeNull();
      await expect(storage.createMultipartUpload(key)).rejects.toBeInstanceOf(StorageUnsupportedError);
    });

    it('streams 200 MiB through with the same checksum', async () => {
      const key = newObjectKey();
      const source = generated(200 * MiB, 256 * 1024);
      const put = await storage.put(key, source.stream);
      const expected = source.digest();
      expect(put).toEqual({ size: 200 * MiB, sha256: expected });
      expect(await sha256Of(await storage.get(key))).toEqual({ size: 200 * MiB, sha256: expected });
      await storage.delete(key);
    });

    const temps = () => harness.filesOnDisk().filter((path) => path.endsWith('.part'));

    it('keeps an unfinished put out of sight and discards it when its key is deleted', async () => {
      const key = newObjectKey();
      const source = new PassThrough();
      const put = storage.put(key, source);
      put.catch(() => undefined);
      source.write(randomBytes(MiB));
      await eventually(() => temps().length === 1, 'the temp file');
      expect(await storage.exists(key)).toBe(false);
      await expect(storage.get(key)).rejects.toBeInstanceOf(ObjectNotFoundError);

      await storage.delete(key);
      expect(temps()).toEqual([]);
      source.end(randomBytes(10));
      await expect(put).rejects.toThrow();
      expect(await storage.exists(key)).toBe(false);
      expect(temps()).toEqual([]);
    });

    it('sweeps temp files a crash left behind once they are older than asked, and no others', async () => {
      const local = storage as LocalObjectStorage;
      const left = newObjectKey();
      const fresh = newObjectKey();
      const sourceOf = (key: string) => {
        const source = new PassThrough();
        const put = storage.put(key, source);
        put.catch(() => undefined);
        source.write(randomBytes(1000));
        return { source, put };
      };
      const abandoned = sourceOf(left);
      const running = sourceOf(fresh);
      // Both chunks on disk: a write landing after the backdating below would make the file fresh again.
      await eventually(
        () => temps().length === 2 && temps().every((path) => statSync(path).size === 1000),
        'both temp files written',
      );
      const [old] = temps().filter((path) => path.includes(encodeURIComponent(left)));
      const anHourAgo = new Date(Date.now() - 3600_000);
      utimesSync(old, anHourAgo, anHourAgo);

      expect(await local.sweepIncomplete(new Date(Date.now() - 60_000))).toBe(1);
      expect(temps()).toEqual([expect.stringContaining(encodeURIComponent(fresh))]);

      running.source.end(randomBytes(10));
      expect((await running.put).size).toBe(1010);
      abandoned.source.end();
      await expect(abandoned.put).rejects.toThrow();
      expect(await storage.exists(left)).toBe(false);
      expect(await local.sweepIncomplete(new Date())).toBe(0);
      await storage.delete(fresh);
      expect(temps()).toEqual([]);
    });
  }

  if (driver === 's3') {
    it('names the multipart upload a large put opens before its first part is sent', async () => {
      const calls: string[] = [];
      const small = newObjectKey();
      await storage.put(small, Readable.from([randomBytes(1000)]), {
        onMultipartStarted: async (id) => void calls.push(id),
      });
      expect(calls).toEqual([]);
      const large = newObjectKey();
      const source = generated(11 * MiB, MiB);
      const put = await storage.put(large, source.stream, {
        onMultipartStarted: async (id) => {
          calls.push(id);
          // The put waits for the journal: nothing of the object is visible yet.
          expect(await storage.exists(large)).toBe(false);
        },
      });
      expect(calls).toHaveLength(1);
      expect(calls[0]).toMatch(/^\S+$/);
      expect(put).toEqual({ size: 11 * MiB, sha256: source.digest() });
      await storage.delete(large);
      await storage.delete(small);
      expect(await storage.sweepIncomplete(new Date())).toBe(0);
    });

    it('serves a presigned GET to plain fetch, as an attachment, and only until it expires', async () => {
      const key = newObjectKey();
      const data = randomBytes(4096);
      await storage.put(key, Readable.from([data]), { contentType: 'application/pdf' });
      const url = await storage.presignGet(key, {
        expiresSeconds: 120,
        filename: 'Q3 plan – draft.pdf',
        contentType: 'application/pdf',
      });
      expect(new URL(url!).searchParams.get('X-Amz-Expires')).toBe('120');
      const response = await fetch(url!);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-disposition')).toBe(
        `attachment; filename="Q3 plan _ draft.pdf"; filename*=UTF-8''Q3%20plan%20%E2%80%93%20draft.pdf`,
      );
      expect(Buffer.from(await response.arrayBuffer()).equals(data)).toBe(true);

      await expect(storage.presignGet(key, { expiresSeconds: 301 })).rejects.toThrow('1..300');
      const signedEarlier = new S3ObjectStorage(s3Settings, {
        now: () => new Date(Date.now() - 10 * 60_000),
      });
      const expired = await signedEarlier.presignGet(key, { expiresSeconds: 300 });
      const refused = await fetch(expired);
      expect(refused.status).toBe(403);
      expect(await refused.text()).toContain('expired');
    });

    it('completes a multipart upload sent by a client to presigned part URLs', async () => {
      const key = newObjectKey();
      const uploadId = await storage.createMultipartUpload(key, { contentType: 'video/mp4' });
      const first = randomBytes(5 * MiB);
      const second = randomBytes(1234);
      const parts = [];
      for (const [index, body] of [first, second].entries()) {
        const url = await storage.presignPart(key, uploadId, index + 1, 900);
        const response = await fetch(url, { method: 'PUT', body });
        expect(response.status).toBe(200);
        parts.push({ partNumber: index + 1, etag: response.headers.get('etag')! });
      }
      expect(await storage.exists(key)).toBe(false);
      await storage.completeMultipartUpload(key, uploadId, parts.reverse());
      const expected = createHash('sha256').update(first).update(second).digest('hex');
      expect(await sha256Of(await storage.get(key))).toEqual({
        size: first.length + second.length,
        sha256: expected,
      });
      expect((await storage.stat(key))?.contentType).toBe('video/mp4');

      await expect(storage.presignPart(key, uploadId, 1, 901)).rejects.toThrow('1..900');
      await expect(storage.presignPart(key, uploadId, 0, 60)).rejects.toThrow('1..10000');
    });

    it('creates its bucket when missing', async () => {
      const fresh = new S3ObjectStorage({ ...s3Settings, bucket: 'pws-created-on-demand' });
      const key = newObjectKey();
      await fresh.put(key, Readable.from([Buffer.from('hello')]));
      expect((await readAll(await fresh.get(key))).toString()).toBe('hello');
    });
  }
});
