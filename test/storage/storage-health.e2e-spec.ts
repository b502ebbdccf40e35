import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { newObjectKey, OBJECT_STORAGE, ObjectStorage } from '../../src/core/storage/object-storage';
import { Api } from '../support/api';
import { startTestApp, TestApp } from '../support/test-app';

const S3rver = require('s3rver');

describe('storage driver chosen by S3_ENDPOINT and reported by /health', () => {
  let app: TestApp;
  let s3rver: any;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pws-s3rver-'));
    s3rver = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir });
    const { port } = await s3rver.run();
    app = await startTestApp({
      S3_ENDPOINT: `http://127.0.0.1:${port}`,
      S3_ACCESS_KEY: 'S3RVER',
      S3_SECRET_KEY: 'S3RVER',
      S3_BUCKET: 'pws-health',
    });
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('uses MinIO/S3, creates the bucket, and reports down when the service goes away', async () => {
    const api = new Api(app.baseUrl);
    const storage = app.running.app.get<ObjectStorage>(OBJECT_STORAGE);
    expect(storage.driver).toBe('s3');
    const up = await api.get('/health');
    expect(up.status).toBe(200);
    expect(up.body.storage).toEqual({ state: 'up', driver: 's3', bucket: 'pws-health' });
    const key = newObjectKey();
    expect((await storage.put(key, Readable.from([Buffer.from('x')]))).size).toBe(1);

    await s3rver.close();
    const down = await api.get('/health');
    expect(down.status).toBe(503);
    expect(down.body.storage).toMatchObject({ state: 'down', driver: 's3' });
  });
});
