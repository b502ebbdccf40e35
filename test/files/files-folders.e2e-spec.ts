import { join } from 'node:path';
import { AuthUser } from '../../src/core/auth/auth-user';
import { CollabDocuments } from '../../src/core/collab/collab-documents';
import { Attachments } from '../../src/core/storage/attachments';
import { FilesJanitor } from '../../src/rooms/files/files-janitor.service';
import { Api } from '../support/api';
import { eventually } from '../support/collab-clients';
import { Actor, buildWorld, World } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { download, filesUnder, roots, upload } from './files-helpers';

describe('files room: folders, deletion, comments, attachments and documents', () => {
  let app: TestApp;
  let api: Api;
  let world: World;
  let root: Record<string, string>;

  const authOf = (actor: Actor): AuthUser => ({
    id: actor.id,
    workspaceId: world.workspaceId,
    companyId: actor.companyId,
    role: actor.role,
    name: actor.role,
    email: actor.email,
    sessionId: 'test',
  });

  beforeAll(async () => {
    app = await startTestApp();
    api = new Api(app.baseUrl);
    world = await buildWorld(api);
    root = await roots(world, world.companyA);
  }, 120000);
  afterAll(() => app.close());

  it('builds a tree, pages children (folders first, by name), renames and moves', async () => {
    const t = world.a.partner_member.token;
    const mk = async (parentId: string, name: string) =>
      (await api.post('/folders', { parentId, name }, t)).body;
    const docs = await mk(root.files, 'Docs');
    const sub = await mk(docs.id, 'Sub');
    await mk(docs.id, 'Another');
    for (const name of ['b.txt', 'a.txt', 'c.txt'])
      await upload(app.baseUrl, t, docs.id, name, Buffer.from(name));
    expect((await api.post('/folders', { parentId: docs.id, name: 'Sub' }, t)).status).toBe(409);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await api.get(
        `/folders/${docs.id}/children?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        t,
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((e: any) => `${e.type}:${(e.folder ?? e.file).name}`));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['folder:Another', 'folder:Sub', 'file:a.txt', 'file:b.txt', 'file:c.txt']);

    const got = await api.get(`/folders/${sub.id}`, t);
    expect(got.body.path.map((f: any) => f.id)).toEqual([root.files, docs.id]);
    expect((await api.patch(`/folders/${docs.id}`, { parentId: sub.id }, t)).status).toBe(400);
    expect((await api.patch(`/folders/${docs.id}`, { parentId: docs.id }, t)).status).toBe(400);
    expect((await api.patch(`/folders/${sub.id}`, { parentId: root.brand }, world.admin.token)).status).toBe(
      400,
    );
    expect((await api.patch(`/folders/${root.files}`, { name: 'x' }, world.admin.token)).status).toBe(409);
    const moved = await api.patch(`/folders/${sub.id}`, { parentId: root.files, name: 'Top' }, t);
    expect(moved.body).toMatchObject({ parentId: root.files, name: 'Top' });
    const all = await api.get(`/folders?roomId=${docs.roomId}`, t);
    expect(all.body.items.map((f: any) => f.name).sort()).toEqual(['Another', 'Docs', 'Shared files', 'Top']);
  });

  it('deletes a non-empty folder only with ?recursive=true, softly, and purges after retention', async () => {
    const t = world.manager.token;
    const folder = (await api.post('/folders', { parentId: root.files, name: 'Old' }, t)).body;
    const file = (await upload(app.baseUrl, t, folder.id, 'old.txt', Buffer.from('old'))).body;
    expect((await api.delete(`/folders/${folder.id}`, t)).status).toBe(409);
    expect((await api.delete(`/folders/${folder.id}?recursive=maybe`, t)).status).toBe(400);
    expect((await api.delete(`/folders/${root.files}?recursive=true`, world.admin.token)).status).toBe(409);
    expect((await api.delete(`/folders/${folder.id}?recursive=true`, t)).status).toBe(204);
    expect((await api.get(`/files/${file.id}`, t)).status).toBe(404);
    expect((await api.get(`/folders/${folder.id}`, t)).status).toBe(404);
    const objects = () => filesUnder(join(app.config.dataDir, 'objects'));
    const before = objects().length;
    const janitor = app.running.app.get(FilesJanitor);
    expect(await janitor.purgeDeleted(new Date())).toBe(0);
    expect(await janitor.purgeDeleted(new Date(Date.now() + 31 * 86400_000))).toBe(1);
    expect(objects().length).toBe(before - 1);
  });

  it('keeps a comment thread with mentions of users who can see the file', async () => {
    const file = (await upload(app.baseUrl, world.admin.token, root.files, 'thread.txt', Buffer.from('x')))
      .body;
    const t = world.a.partner_member.token;
    const posted = await api.post(
      `/files/${file.id}/comments`,
      { body: 'Look @exec', mentions: [world.a.partner_executive.id] },
      t,
    );
    expect(posted.status).toBe(201);
    expect(posted.body).toMatchObject({ fileId: file.id, mentions: [world.a.partner_executive.id] });
    // Comments are the file's thread in the messages room: mentions alert as messages do, after commit.
    await eventually(async () => {
      const notes = await api.get('/notifications', world.a.partner_executive.token);
      return notes.body.items.some(
        (n: any) => n.kind === 'message.mention' && n.data.messageId === posted.body.id,
      );
    }, 'the mention of the executive');
    expect(
      (await api.post(`/files/${file.id}/comments`, { body: 'x', mentions: [world.b.partner_member.id] }, t))
        .status,
    ).toBe(400);
    for (const bad of [
      {},
      { body: '   ' },
      { body: 'x'.repeat(10001) },
      { body: 'x', mentions: ['nope'] },
      { body: null },
    ]) {
      expect((await api.post(`/files/${file.id}/comments`, bad, t)).status).toBe(400);
    }
    const thread = await api.get(`/files/${file.id}/comments`, world.admin.token);
    expect(thread.body.items.map((c: any) => c.body)).toEqual(['Look @exec']);
  });

  it('answers for attachments: files of that company the caller may read', async () => {
    const file = (
      await upload(
        app.baseUrl,
        world.admin.token,
        root.brand,
        'logo.png',
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1]),
      )
    ).body;
    const attachments = app.running.app.get(Attachments);
    const [summary] = await attachments.resolve(authOf(world.a.partner_member), world.companyA, [file.id]);
    expect(summary).toEqual({
      id: file.id,
      versionId: file.currentVersion.id,
      name: 'logo.png',
      size: 9,
      contentType: 'image/png',
    });
    await expect(
      attachments.resolve(authOf(world.b.partner_member), world.companyB, [file.id]),
    ).rejects.toThrow('Unknown attachment');
    await expect(attachments.resolve(authOf(world.admin), world.companyB, [file.id])).rejects.toThrow(
      'Unknown attachment',
    );
    await expect(attachments.resolve(authOf(world.admin), world.companyA, ['x'])).rejects.toThrow(
      'Unknown attachment',
    );
  });

  it('creates doc:<fileId> documents with the room’s access rule, exported as .md versions', async () => {
    const doc = (
      await api.post('/files/docs', { folderId: root.resources, name: 'guide.md' }, world.admin.token)
    ).body;
    expect(doc.kind).toBe('doc');
    const documents = app.running.app.get(CollabDocuments);
    expect(await documents.resolve(authOf(world.admin), `doc:${doc.id}`)).toMatchObject({
      canWrite: true,
      companyId: world.companyA,
    });
    expect(await documents.resolve(authOf(world.a.partner_member), `doc:${doc.id}`)).toMatchObject({
      canWrite: false,
    });
    expect(await documents.resolve(authOf(world.b.partner_executive), `doc:${doc.id}`)).toBeNull();
    await app.dataSource.query(`INSERT INTO collab_updates (doc_name, "update") VALUES ($1, $2)`, [
      `doc:${doc.id}`,
      Buffer.from(
        await (async () => {
          const Y = await import('yjs');
          const d = new Y.Doc();
          d.getText('markdown').insert(0, '# Guide\n');
          return Y.encodeStateAsUpdate(d);
        })(),
      ),
    ]);
    const exported = await api.post(`/files/${doc.id}/export`, {}, world.admin.token);
    expect(exported.status).toBe(201);
    expect(exported.body.currentVersion).toMatchObject({
      number: 1,
      contentType: 'text/markdown; charset=utf-8',
    });
    expect((await download(app.baseUrl, world.a.partner_member.token, doc.id)).data.toString()).toBe(
      '# Guide\n',
    );
    expect(
      (await api.post('/files/docs', { folderId: root.resources, name: 'x.txt' }, world.admin.token)).status,
    ).toBe(400);
  });
});
