import { Api } from '../support/api';
import { connect as collab, eventually, rawSession, synced } from '../support/collab-clients';
import { buildWorld, World } from '../support/factories';
import { closeSockets, connect as socketOf, request, waitFor } from '../support/realtime';
import { startTestApp, TestApp } from '../support/test-app';
import { upload } from '../files/files-helpers';
import { ok } from '../projects/projects-helpers';

/**
 * A custom room from creation to being disabled and enabled again, with what it carries: its co-edited page
 * (`room:<roomId>` over a stock y-websocket client), its folder and its conversation.
 */
describe('custom room lifecycle: page document, folder, conversation, disabled → 404', () => {
  let app: TestApp;
  let api: Api;
  let world: World;
  let room: any;
  let conversation: any;

  beforeAll(async () => {
    app = await startTestApp();
    api = new Api(app.baseUrl);
    world = await buildWorld(api);
  }, 120000);

  afterAll(async () => {
    closeSockets();
    await app.close();
  });

  const partner = () => world.a.partner_member;
  const children = (token: string) => api.get(`/folders/${room.rootFolderId}/children`, token);

  it('is created by the admin and listed for the company’s partners only', async () => {
    room = ok(
      await api.post(
        `/companies/${world.companyA}/rooms`,
        { kind: 'custom', name: 'War room', description: 'Joint pursuit of Acme' },
        world.admin.token,
      ),
      'create',
    );
    expect(room).toMatchObject({ kind: 'custom', name: 'War room', enabled: true });
    expect(room.rootFolderId).toEqual(expect.any(String));
    const listed = ok(await api.get(`/companies/${world.companyA}/rooms`, partner().token), 'rooms');
    expect(listed.find((r: any) => r.id === room.id)).toMatchObject({
      name: 'War room',
      description: 'Joint pursuit of Acme',
    });
    expect((await api.get(`/companies/${world.companyA}/rooms`, world.b.partner_member.token)).status).toBe(
      404,
    );
    expect(
      (await api.post(`/companies/${world.companyA}/rooms`, { kind: 'custom', name: 'X' }, partner().token))
        .status,
    ).toBe(403);
  });

  it('has a page both sides co-edit live, kept after everyone leaves', async () => {
    const vendor = collab(app.baseUrl, `room:${room.id}`, world.manager.token);
    const member = collab(app.baseUrl, `room:${room.id}`, partner().token);
    await Promise.all([synced(vendor), synced(member)]);
    vendor.doc.getText('page').insert(0, 'Agenda: ');
    await eventually(() => member.doc.getText('page').toString() === 'Agenda: ', 'the partner to see it');
    member.doc.getText('page').insert(8, 'pricing');
    await eventually(
      () => vendor.doc.getText('page').toString() === 'Agenda: pricing',
      'the vendor to see it',
    );
    await eventually(async () => {
      const rows = await app.dataSource.query('SELECT 1 FROM collab_updates WHERE doc_name = $1', [
        `room:${room.id}`,
      ]);
      return rows.length >= 2;
    }, 'both edits to be stored');
    vendor.destroy();
    member.destroy();

    const later = collab(app.baseUrl, `room:${room.id}`, world.a.partner_executive.token);
    await synced(later);
    expect(later.doc.getText('page').toString()).toBe('Agenda: pricing');
    later.destroy();
    const stranger = rawSession(app.baseUrl, `/room:${room.id}?token=${world.b.partner_executive.token}`);
    expect(await stranger.closed).toMatchObject({ code: 4404, messages: [] });
  });

  it('has its own folder: a partner uploads, both sides list it, another partner cannot', async () => {
    const uploaded = await upload(
      app.baseUrl,
      partner().token,
      room.rootFolderId,
      'brief.txt',
      Buffer.from('the brief'),
    );
    expect(uploaded.status).toBe(201);
    expect(uploaded.body).toMatchObject({ name: 'brief.txt', folderId: room.rootFolderId });
    for (const token of [partner().token, world.manager.token]) {
      const list = ok(await children(token), 'children');
      expect(list.items.map((e: any) => [e.type, (e.folder ?? e.file).name])).toEqual([
        ['file', 'brief.txt'],
      ]);
    }
    expect((await children(world.b.partner_executive.token)).status).toBe(404);
  });

  it('has its own conversation: a message sent over the socket reaches the partner and reads back', async () => {
    conversation = ok(
      await api.post(
        '/conversations',
        { roomId: room.id, kind: 'channel', name: 'War room chat' },
        world.admin.token,
      ),
      'conversation',
    );
    expect(conversation).toMatchObject({ roomId: room.id, companyId: world.companyA });
    const listed = ok(await api.get(`/conversations?roomId=${room.id}`, partner().token), 'list');
    expect(listed.items.map((c: any) => c.id)).toEqual([conversation.id]);

    const vendor = await socketOf(app.baseUrl, world.manager.token);
    const member = await socketOf(app.baseUrl, partner().token);
    expect((await request(vendor, 'room:join', { roomId: room.id })).ok).toBe(true);
    expect((await request(member, 'room:join', { roomId: room.id })).ok).toBe(true);
    const arrives = waitFor(member, 'message:new', (m) => m.conversationId === conversation.id);
    const ack = await request(vendor, 'message:send', {
      conversationId: conversation.id,
      body: 'Kick-off on Monday',
      clientId: 'war-room-1',
    });
    expect(ack).toMatchObject({ ok: true, message: { body: 'Kick-off on Monday' } });
    expect((await arrives).id).toBe(ack.message.id);
    const read = ok(await api.get(`/conversations/${conversation.id}/messages`, partner().token), 'read');
    expect(read.items.map((m: any) => m.body)).toEqual(['Kick-off on Monday']);
    expect(
      (await api.get(`/conversations/${conversation.id}/messages`, world.b.partner_member.token)).status,
    ).toBe(404);
  });

  it('disabled, answers 404 to partners on its routes, socket join and page, not to vendor staff; enabled again, opens', async () => {
    const toggle = (enabled: boolean) =>
      api.patch(`/companies/${world.companyA}/rooms/${room.id}`, { enabled }, world.admin.token);
    ok(await toggle(false), 'disable');

    expect((await children(partner().token)).status).toBe(404);
    expect((await api.get(`/conversations/${conversation.id}/messages`, partner().token)).status).toBe(404);
    expect(
      (await api.post(`/conversations/${conversation.id}/messages`, { body: 'anyone?' }, partner().token))
        .status,
    ).toBe(404);
    expect((await api.get(`/conversations?roomId=${room.id}`, partner().token)).status).toBe(404);
    const blocked = await upload(
      app.baseUrl,
      partner().token,
      room.rootFolderId,
      'late.txt',
      Buffer.from('x'),
    );
    expect(blocked.status).toBe(404);
    const socket = await socketOf(app.baseUrl, partner().token);
    const refused = await request(socket, 'room:join', { roomId: room.id });
    expect(refused).toMatchObject({ ok: false, error: { statusCode: 404 } });
    const page = rawSession(app.baseUrl, `/room:${room.id}?token=${partner().token}`);
    expect(await page.closed).toMatchObject({ code: 4404, messages: [] });

    expect((await children(world.manager.token)).status).toBe(200);
    expect((await api.get(`/conversations/${conversation.id}/messages`, world.manager.token)).status).toBe(
      200,
    );
    const vendorPage = collab(app.baseUrl, `room:${room.id}`, world.manager.token);
    await synced(vendorPage);
    expect(vendorPage.doc.getText('page').toString()).toBe('Agenda: pricing');
    vendorPage.destroy();

    ok(await toggle(true), 'enable');
    expect((await children(partner().token)).status).toBe(200);
    expect((await request(socket, 'room:join', { roomId: room.id })).ok).toBe(true);
    const back = collab(app.baseUrl, `room:${room.id}`, partner().token);
    await synced(back);
    expect(back.doc.getText('page').toString()).toBe('Agenda: pricing');
    back.destroy();
  });
});
