import { Api } from '../support/api';
import { buildWorld, World } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { FilesJanitor } from '../../src/rooms/files/files-janitor.service';
import { filesUnder, MiB, multipart, pngOf, roots } from './files-helpers';
import { join } from 'node:path';

/** A streamed upload whose journal the sweep took while it ran ends in a clear 409, leaving nothing. */
describe('files room: an upload swept while it streams', () => {
  let app: TestApp;
  let world: World;
  let root: Record<string, string>;

  const rows = async (table: string) =>
    Number((await app.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);

  beforeAll(async () => {
    // The running upload renews its lease every 1/3 s, so the sweep below is what takes it.
    app = await startTestApp({ FILES_UPLOAD_LEASE_SECONDS: '1' });
    world = await buildWorld(new Api(app.baseUrl));
    root = await roots(world, world.companyA);
  });
  afterAll(() => app?.close());

  it('answers 409 and stores no version, row or object', async () => {
    const objectsDir = join(app.config.dataDir, 'objects');
    const before = { objects: filesUnder(objectsDir), versions: await rows('file_versions') };
    const form = multipart({ folderId: root.files }, { name: 'stalled.png', data: pngOf(3 * MiB) });
    let release: () => void = () => undefined;
    const stalled = new Promise<void>((resolve) => (release = resolve));
    // Sends the first 2 MiB, then holds the stream open until the test lets it end.
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(form.body.subarray(0, 2 * MiB));
      },
      async pull(controller) {
        await stalled;
        controller.close();
      },
    });
    const response = fetch(`${app.baseUrl}/api/v1/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${world.a.partner_member.token}`, 'content-type': form.contentType },
      body,
      duplex: 'half',
    } as RequestInit);

    const deadline = Date.now() + 10_000;
    while ((await rows('file_uploads')) === 0 && Date.now() < deadline)
      await new Promise((r) => setImmediate(r));
    expect(await rows('file_uploads')).toBe(1);
    // As if the lease had run out long ago.
    expect(await app.running.app.get(FilesJanitor).sweepOrphans(new Date(Date.now() + 3600_000))).toBe(1);

    // The client resumes; the server has cut the upload by then (fetch resolves once the body is sent).
    release();
    const answer = await response;
    expect(answer.status).toBe(409);
    const error = await answer.json();
    expect(error).toMatchObject({ statusCode: 409, message: expect.stringContaining('send it again') });
    expect(await rows('file_uploads')).toBe(0);
    expect(await rows('file_versions')).toBe(before.versions);
    expect(filesUnder(objectsDir).filter((f) => !before.objects.includes(f))).toEqual([]);
  });
});
