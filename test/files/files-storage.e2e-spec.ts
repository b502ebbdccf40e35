import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Api } from '../support/api';
import { expectRefused } from '../support/bad-input';
import { buildWorld, World } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { FilesJanitor } from '../../src/rooms/files/files-janitor.service';
import {
  download,
  filesUnder,
  MiB,
  multipart,
  PDF_HEAD,
  pngOf,
  roots,
  S3Server,
  sha256,
  startS3,
  upload,
} from './files-helpers';

const LIMIT = 10 * MiB;

/** The same suite on both drivers: local disk, and S3 against s3rver. */
describe.each(['local', 's3'] as const)('files room uploads and downloads, %s driver', (driver) => {
  let app: TestApp;
  let api: Api;
  let world: World;
  let s3: S3Server | null = null;
  let root: Record<string, string>;
  let objectsDir: string;

  const stored = () => filesUnder(objectsDir);
  const rows = async (table: string) =>
    Number((await app.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);

  beforeAll(async () => {
    s3 = driver === 's3' ? await startS3('pws-files') : null;
    app = await startTestApp({ FILES_MAX_UPLOAD_BYTES: String(LIMIT), ...(s3?.env ?? {}) });
    api = new Api(app.baseUrl);
    world = await buildWorld(api);
    root = await roots(world, world.companyA);
    objectsDir = s3 ? join(s3.dir, 'pws-files') : join(app.config.dataDir, 'objects');
  }, 120000);
  afterAll(async () => {
    await app.close();
    await s3?.close();
  });

  it('gives each file room of a company its own root folder', async () => {
    expect(Object.keys(root).sort()).toEqual(['brand', 'files', 'resources']);
    const partnerView = await roots(world, world.companyA, world.a.partner_member.token);
    expect(partnerView).toEqual(root);
    const custom = await api.post(
      `/companies/${world.companyA}/rooms`,
      { kind: 'custom', name: 'War room' },
      world.admin.token,
    );
    expect(custom.status).toBe(201);
    expect(custom.body.rootFolderId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await api.get(`/folders/${custom.body.rootFolderId}`, world.a.partner_member.token)).status).toBe(
      200,
    );
  });

  it.each([
    ['0 B', 'empty.txt', Buffer.alloc(0)],
    ['1 B', 'one.txt', Buffer.from('a')],
    ['5 MiB', 'big.png', pngOf(5 * MiB)],
  ])('round-trips %s byte-identical', async (_, name, data) => {
    const res = await upload(app.baseUrl, world.a.partner_member.token, root.files, name, data);
    expect(res.status).toBe(201);
    expect(res.body.currentVersion).toMatchObject({ number: 1, size: data.length, sha256: sha256(data) });
    const got = await download(app.baseUrl, world.a.partner_member.token, res.body.id);
    expect(got.status).toBe(200);
    expect(got.data.length).toBe(data.length);
    expect(sha256(got.data)).toBe(sha256(data));
    expect(got.headers.get('content-disposition')).toContain(`filename*=UTF-8''${name}`);
    if (driver === 'local') expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    else expect(got.redirectedTo).toMatch(/X-Amz-Expires=300/);
  });

  it('refuses limit+1 bytes with 413 and keeps nothing; exactly the limit is accepted', async () => {
    const before = { objects: stored(), files: await rows('files'), versions: await rows('file_versions') };
    const res = await upload(
      app.baseUrl,
      world.a.partner_member.token,
      root.files,
      'huge.png',
      pngOf(LIMIT + 1),
    );
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
    expect(stored()).toEqual(before.objects);
    expect(await rows('files')).toBe(before.files);
    expect(await rows('file_versions')).toBe(before.versions);
    expect(await rows('file_uploads')).toBe(0);
    const exact = await upload(
      app.baseUrl,
      world.a.partner_member.token,
      root.files,
      'exact.png',
      pngOf(LIMIT),
    );
    expect(exact.status).toBe(201);
  });

  it.each([
    ['a PDF named .png', 'spoof.png', Buffer.concat([PDF_HEAD, randomBytes(100)])],
    ['a double extension', 'x.jpg.php', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3])],
    [
      'SVG',
      'logo.svg',
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ],
    ['SVG named .txt', 'logo.txt', Buffer.from('<svg onload="alert(1)"/>')],
    ['HTML named .md', 'x.md', Buffer.from('<!doctype html><script>alert(1)</script>')],
    [
      'a PNG/HTML polyglot named .html',
      'poly.html',
      Buffer.concat([pngOf(16), Buffer.from('<script>1</script>')]),
    ],
  ])('refuses %s with 415 and keeps nothing', async (_, name, data) => {
    const before = stored();
    const res = await upload(app.baseUrl, world.a.partner_member.token, root.files, name, data);
    expect(res.status).toBe(415);
    expect(stored()).toEqual(before);
    expect(await rows('file_uploads')).toBe(0);
  });

  it('normalises path-traversal and control-character names', async () => {
    const res = await upload(
      app.baseUrl,
      world.manager.token,
      root.files,
      '../../etc/\u0007report.pdf',
      Buffer.concat([PDF_HEAD, randomBytes(10)]),
    );
    expect(res.status).toBe(201);
    expect(res.body.name).toBe('report.pdf');
    const empty = await upload(app.baseUrl, world.manager.token, root.files, '../..', Buffer.from('x'));
    expect(empty.status).toBe(400);
  });

  it('adds versions for the same name, lists them, and restores an old one as a new version', async () => {
    const token = world.a.partner_manager.token;
    const v1 = Buffer.from('first draft\n');
    const v2 = Buffer.from('second draft\n');
    const first = await upload(app.baseUrl, token, root.files, 'plan.md', v1, { comment: 'draft' });
    const second = await upload(app.baseUrl, world.manager.token, root.files, 'plan.md', v2, {
      comment: 'edits',
    });
    expect(second.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    expect(second.body.currentVersion).toMatchObject({
      number: 2,
      comment: 'edits',
      uploaderId: world.manager.id,
    });
    const versions = await api.get(`/files/${first.body.id}/versions`, token);
    expect(versions.body.items.map((v: any) => [v.number, v.sha256])).toEqual([
      [2, sha256(v2)],
      [1, sha256(v1)],
    ]);
    const restored = await api.post(
      `/files/${first.body.id}/versions/${first.body.currentVersion.id}/restore`,
      {},
      token,
    );
    expect(restored.status).toBe(201);
    expect(restored.body.currentVersion).toMatchObject({ number: 3, restoredFrom: 1, sha256: sha256(v1) });
    expect((await download(app.baseUrl, token, first.body.id)).data.equals(v1)).toBe(true);
    expect((await download(app.baseUrl, token, first.body.id, '?version=2')).data.equals(v2)).toBe(true);
    expect((await download(app.baseUrl, token, first.body.id, '?version=9')).status).toBe(404);
    const activity = await api.get(`/activity?companyId=${world.companyA}`, world.admin.token);
    expect(
      activity.body.items.filter((a: any) => a.type === 'file.version_added' && a.entityId === first.body.id),
    ).toHaveLength(3);
  });

  it('serves byte ranges and records every download for vendor staff only', async () => {
    const data = Buffer.from('0123456789abcdefghij');
    const file = (await upload(app.baseUrl, world.manager.token, root.files, 'range.txt', data)).body;
    const part = await download(app.baseUrl, world.a.partner_member.token, file.id, '', {
      range: 'bytes=5-9',
    });
    expect(part.status).toBe(206);
    expect(part.data.toString()).toBe('56789');
    if (driver === 'local') {
      expect(part.headers.get('content-range')).toBe('bytes 5-9/20');
      expect(
        (await download(app.baseUrl, world.manager.token, file.id, '', { range: 'bytes=50-' })).status,
      ).toBe(416);
    }
    await download(app.baseUrl, world.a.partner_member.token, file.id);
    await download(app.baseUrl, world.a.partner_executive.token, file.id);
    const log = await api.get(`/files/${file.id}/downloads`, world.vendorMember.token);
    expect(log.status).toBe(200);
    const users = log.body.items.map((d: any) => d.userId);
    // The ranged request continues a download, so it is not counted as another one.
    expect(users.sort()).toEqual([world.a.partner_member.id, world.a.partner_executive.id].sort());
    expect(log.body.items[0]).toMatchObject({ versionNumber: 1 });
    expect((await api.get(`/files/${file.id}/downloads`, world.a.partner_executive.token)).status).toBe(403);
  });

  it('replays a multipart upload sent again with the same Idempotency-Key', async () => {
    const form = multipart({ folderId: root.files }, { name: 'once.txt', data: Buffer.from('once') });
    const send = () =>
      fetch(`${app.baseUrl}/api/v1/files`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${world.a.partner_member.token}`,
          'content-type': form.contentType,
          'idempotency-key': `upload-${driver}`,
        },
        body: form.body,
      });
    const first = await send();
    const second = await send();
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const a = (await first.json()) as { id: string };
    const b = await second.json();
    expect(b).toEqual(a);
    expect((await api.get(`/files/${a.id}/versions`, world.admin.token)).body.items).toHaveLength(1);
  });

  it('refuses bad multipart input with 400', async () => {
    const token = world.a.partner_member.token;
    expect((await upload(app.baseUrl, token, undefined, 'a.txt', Buffer.from('x'))).status).toBe(400);
    expect((await upload(app.baseUrl, token, 'nope', 'a.txt', Buffer.from('x'))).status).toBe(400);
    expect(
      (await upload(app.baseUrl, token, root.files, 'a.txt', Buffer.from('x'), { comment: 'c'.repeat(1001) }))
        .status,
    ).toBe(400);
    expect(
      (await upload(app.baseUrl, token, root.files, 'a.txt', Buffer.from('x'), { category: 'training' }))
        .status,
    ).toBe(400);
    const noFile = multipart({ folderId: root.files }, null);
    const res = await fetch(`${app.baseUrl}/api/v1/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': noFile.contentType },
      body: noFile.body,
    });
    expect(res.status).toBe(400);
    expect((await api.post('/files', { folderId: root.files }, token)).status).toBe(400);
  });

  it('leaves no row and no object when the client aborts mid-upload, and sweeps stale journal rows', async () => {
    const before = { objects: stored(), versions: await rows('file_versions') };
    const head = multipart({ folderId: root.files }, { name: 'aborted.png', data: pngOf(3 * MiB) });
    const controller = new AbortController();
    const body = new ReadableStream({
      start(c) {
        c.enqueue(head.body.subarray(0, 2 * MiB));
      },
      pull() {
        controller.abort();
      },
    });
    await fetch(`${app.baseUrl}/api/v1/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${world.a.partner_member.token}`, 'content-type': head.contentType },
      body,
      signal: controller.signal,
      duplex: 'half',
    } as RequestInit).catch(() => undefined);
    for (let i = 0; i < 100 && (await rows('file_uploads')) > 0; i++)
      await new Promise((r) => setImmediate(r));
    await app.running.app.get(FilesJanitor).sweepOrphans(new Date(Date.now() + 2 * 3600_000));
    expect(await rows('file_uploads')).toBe(0);
    expect(await rows('file_versions')).toBe(before.versions);
    // Temp files of unfinished puts included.
    expect(stored().filter((f) => !before.objects.includes(f))).toEqual([]);
  });

  it('enforces the workspace quota and reports usage', async () => {
    const usage = await api.get(`/files/usage?companyId=${world.companyA}`, world.admin.token);
    expect(usage.status).toBe(200);
    expect(usage.body.companyBytes).toBeGreaterThan(5 * MiB);
    expect(usage.body.workspaceBytes).toBeGreaterThanOrEqual(usage.body.companyBytes);
    expect(usage.body.maxUploadBytes).toBe(LIMIT);
    const partner = await api.get('/files/usage', world.b.partner_member.token);
    expect(partner.body).toMatchObject({ companyBytes: 0, workspaceBytes: null });
    expect(
      (await api.get(`/files/usage?companyId=${world.companyA}`, world.b.partner_member.token)).status,
    ).toBe(404);
  });

  if (driver === 's3') {
    it('completes a presigned multipart upload after checking size and checksum', async () => {
      const data = pngOf(9 * MiB + 123);
      const digest = createHash('sha256').update(data).digest('hex');
      const token = world.a.partner_member.token;
      const created = await api.post(
        '/files/uploads',
        { folderId: root.files, name: 'direct.png', size: data.length, sha256: digest },
        token,
      );
      expect(created.status).toBe(201);
      expect(created.body.parts).toHaveLength(2);
      expect(new Date(created.body.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(900_000);
      const parts = [];
      for (const part of created.body.parts) {
        const start = (part.partNumber - 1) * created.body.partSize;
        const res = await fetch(part.url, {
          method: 'PUT',
          body: data.subarray(start, start + created.body.partSize),
        });
        expect(res.status).toBe(200);
        parts.push({ partNumber: part.partNumber, etag: res.headers.get('etag')! });
      }
      expect(
        (
          await api.post(
            `/files/uploads/${created.body.id}/complete`,
            { parts },
            world.b.partner_member.token,
          )
        ).status,
      ).toBe(404);
      const done = await api.post(`/files/uploads/${created.body.id}/complete`, { parts }, token);
      expect(done.status).toBe(201);
      expect(done.body.currentVersion).toMatchObject({
        size: data.length,
        sha256: digest,
        contentType: 'image/png',
      });
      expect(sha256((await download(app.baseUrl, token, done.body.id)).data)).toBe(digest);
      expect(await rows('file_uploads')).toBe(0);
    });

    it('resumes a presigned upload with fresh URLs for the parts not sent yet', async () => {
      const data = pngOf(9 * MiB + 1);
      const digest = sha256(data);
      const token = world.a.partner_member.token;
      const created = await api.post(
        '/files/uploads',
        { folderId: root.files, name: 'resumed.png', size: data.length, sha256: digest },
        token,
      );
      expect(created.status).toBe(201);
      const { id, partSize } = created.body;
      expect(created.body.parts.map((p: { partNumber: number }) => p.partNumber)).toEqual([1, 2]);
      const send = async (part: { partNumber: number; url: string }) => {
        const start = (part.partNumber - 1) * partSize;
        const res = await fetch(part.url, { method: 'PUT', body: data.subarray(start, start + partSize) });
        expect(res.status).toBe(200);
        return { partNumber: part.partNumber, etag: res.headers.get('etag')! };
      };
      const first = await send(created.body.parts[0]);

      // The other parts' URLs are lost (expired); the uploader asks again for those parts only.
      const refreshed = await api.post(`/files/uploads/${id}/parts`, { partNumbers: [2, 2] }, token);
      expect(refreshed.status).toBe(200);
      expect(refreshed.body).toMatchObject({ id, partSize });
      expect(refreshed.body.parts.map((p: { partNumber: number }) => p.partNumber)).toEqual([2]);
      expect(new Date(refreshed.body.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(900_000);
      expect((await api.post(`/files/uploads/${id}/parts`, {}, token)).body.parts).toHaveLength(2);
      // Only the uploader, and only while they may still write in the folder.
      for (const other of [world.b.partner_member.token, world.a.partner_manager.token, world.admin.token]) {
        expect((await api.post(`/files/uploads/${id}/parts`, {}, other)).status).toBe(404);
      }
      const suite = { dataSource: app.dataSource, api };
      for (const partNumbers of [[0], [3], [1.5], ['2'], 'all', [null]]) {
        await expectRefused(
          suite,
          () => api.post(`/files/uploads/${id}/parts`, { partNumbers }, token),
          'partNumbers',
        );
      }
      expect((await api.post(`/files/uploads/not-a-uuid/parts`, {}, token)).status).toBe(400);

      const rest = [];
      for (const part of refreshed.body.parts) rest.push(await send(part));
      const done = await api.post(`/files/uploads/${id}/complete`, { parts: [first, ...rest] }, token);
      expect(done.status).toBe(201);
      expect(done.body.currentVersion).toMatchObject({ size: data.length, sha256: digest });
      expect((await api.post(`/files/uploads/${id}/parts`, {}, token)).status).toBe(404);
      expect(await rows('file_uploads')).toBe(0);
    });

    it('refuses a presigned upload whose bytes do not match the announced checksum', async () => {
      const data = pngOf(1000);
      const token = world.a.partner_member.token;
      const created = await api.post(
        '/files/uploads',
        { folderId: root.files, name: 'liar.png', size: 1000, sha256: 'a'.repeat(64) },
        token,
      );
      const res = await fetch(created.body.parts[0].url, { method: 'PUT', body: data });
      const done = await api.post(
        `/files/uploads/${created.body.id}/complete`,
        { parts: [{ partNumber: 1, etag: res.headers.get('etag')! }] },
        token,
      );
      expect(done.status).toBe(400);
      expect(done.body.details[0].field).toBe('sha256');
      expect(await rows('file_uploads')).toBe(0);
      expect(
        (
          await api.post(
            '/files/uploads',
            { folderId: root.files, name: 'x.svg', size: 10, sha256: 'a'.repeat(64) },
            token,
          )
        ).status,
      ).toBe(415);
      expect(
        (
          await api.post(
            '/files/uploads',
            { folderId: root.files, name: 'x.png', size: LIMIT + 1, sha256: 'a'.repeat(64) },
            token,
          )
        ).status,
      ).toBe(413);
      expect(
        (
          await api.post(
            '/files/uploads',
            { folderId: root.files, name: 'x.png', size: -1, sha256: 'nope' },
            token,
          )
        ).status,
      ).toBe(400);
    });

    it('hands a partner who lost access no new download link; links already issued expire within 5 minutes', async () => {
      const token = world.a.partner_member.token;
      const data = pngOf(64 * 1024);
      const res = await upload(app.baseUrl, token, root.files, 'revoked.png', data);
      expect(res.status).toBe(201);
      const before = await download(app.baseUrl, token, res.body.id);
      expect(sha256(before.data)).toBe(sha256(data));
      const issued = new URL(before.redirectedTo!);
      expect(Number(issued.searchParams.get('X-Amz-Expires'))).toBeLessThanOrEqual(300);

      const rooms = await api.get(`/companies/${world.companyA}/rooms`, world.admin.token);
      const files = rooms.body.find((r: { kind: string }) => r.kind === 'files');
      const patch = (enabled: boolean) =>
        api.patch(`/companies/${world.companyA}/rooms/${files.id}`, { enabled }, world.admin.token);
      expect((await patch(false)).status).toBe(200);
      try {
        const again = await fetch(`${app.baseUrl}/api/v1/files/${res.body.id}/download`, {
          headers: { authorization: `Bearer ${token}` },
          redirect: 'manual',
        });
        expect(again.status).toBe(404);
        expect(again.headers.get('location')).toBeNull();
      } finally {
        expect((await patch(true)).status).toBe(200);
      }
    });
  } else {
    it('has no presigned uploads on the local driver', async () => {
      const res = await api.post(
        '/files/uploads',
        { folderId: root.files, name: 'x.png', size: 10, sha256: 'a'.repeat(64) },
        world.manager.token,
      );
      expect(res.status).toBe(409);
    });
  }
});
