import { randomUUID } from 'node:crypto';
import { Conversation } from '../../src/rooms/messages/conversation.entity';
import { ConversationsService } from '../../src/rooms/messages/conversations.service';
import { Api } from '../support/api';
import { createCustomRoom } from '../support/collab-clients';
import { buildWorld, createUser, World } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { messagesRoomOf, openChannel, openDirect, post } from './messages-helpers';

describe('conversations: channels, direct conversations, custom rooms, entity threads', () => {
  let app: TestApp;
  let world: World;
  let roomA: string;

  const count = () => app.dataSource.getRepository(Conversation).count();
  const authOf = async (token: string) =>
    (await world.api.get('/me', token)).body as { user: { id: string } };

  beforeAll(async () => {
    app = await startTestApp();
    world = await buildWorld(new Api(app.baseUrl));
    roomA = await messagesRoomOf(world.api, world.admin.token, world.companyA);
  }, 120000);
  afterAll(() => app.close());

  it('opens a named channel in the company’s messages room that the whole room sees', async () => {
    const res = await world.api.post(
      '/conversations',
      { companyId: world.companyA, kind: 'channel', name: 'Implementation', topic: 'Go-live in May' },
      world.a.partner_manager.token,
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      kind: 'channel',
      name: 'Implementation',
      topic: 'Go-live in May',
      roomId: roomA,
      companyId: world.companyA,
      participantIds: [],
      lastSeq: 0,
      unreadCount: 0,
    });
    for (const actor of [world.a.partner_member, world.vendorMember, world.otherManager, world.admin]) {
      const list = await world.api.get(`/conversations?companyId=${world.companyA}`, actor.token);
      expect(list.body.items.map((c: any) => c.id)).toContain(res.body.id);
    }
    const outsider = await world.api.get('/conversations', world.b.partner_member.token);
    expect(outsider.body.items.map((c: any) => c.id)).not.toContain(res.body.id);
  });

  it('refuses channels without a name, members who may not create, and bad bodies', async () => {
    const before = await count();
    const cases: Array<[unknown, string, number]> = [
      [{ companyId: world.companyA, kind: 'channel' }, world.admin.token, 400],
      [{ companyId: world.companyA, kind: 'channel', name: null }, world.admin.token, 400],
      [{ companyId: world.companyA, kind: 'group', name: 'x' }, world.admin.token, 400],
      [{ kind: 'channel', name: 'x' }, world.admin.token, 400],
      [{ companyId: 'nope', kind: 'channel', name: 'x' }, world.admin.token, 400],
      [{ companyId: randomUUID(), kind: 'channel', name: 'x' }, world.admin.token, 404],
      [{ companyId: world.companyA, kind: 'channel', name: 'x' }, world.a.partner_member.token, 403],
      [{ companyId: world.companyB, kind: 'channel', name: 'x' }, world.a.partner_executive.token, 404],
      [
        { companyId: world.companyA, kind: 'channel', name: 'x', participantIds: [world.manager.id] },
        world.admin.token,
        400,
      ],
    ];
    for (const [body, token, status] of cases) {
      const res = await world.api.post('/conversations', body, token);
      expect({ body, status: res.status }).toEqual({ body, status });
    }
    expect(await count()).toBe(before);
  });

  it('direct conversations take 2..8 people of the company or vendor staff, the caller included', async () => {
    const dm = await openDirect(world, world.companyA, world.a.partner_member, [
      world.manager,
      world.a.partner_executive,
    ]);
    expect(dm.participantIds.sort()).toEqual(
      [world.a.partner_member.id, world.manager.id, world.a.partner_executive.id].sort(),
    );
    const before = await count();
    const crowd = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        createUser(world.api, world.admin, 'partner_member', world.companyA, `P${i}`),
      ),
    );
    const refused: Array<[string[], string]> = [
      [[], 'nobody'],
      [[world.a.partner_member.id], 'only oneself'],
      [crowd.map((c) => c.id), 'nine in all'],
      [[world.b.partner_member.id], 'another company’s partner'],
      [[randomUUID()], 'an unknown user'],
    ];
    for (const [participantIds, why] of refused) {
      const res = await world.api.post(
        '/conversations',
        { companyId: world.companyA, kind: 'direct', participantIds },
        world.a.partner_member.token,
      );
      expect({ why, status: res.status }).toEqual({ why, status: 400 });
    }
    expect(await count()).toBe(before);
    const seven = await openDirect(world, world.companyA, world.a.partner_member, crowd.slice(0, 7));
    expect(seven.participantIds).toHaveLength(8);
    // Not a participant: not even the admin sees it.
    expect((await world.api.get(`/conversations/${dm.id}`, world.admin.token)).status).toBe(404);
    expect((await world.api.get(`/conversations/${dm.id}`, world.manager.token)).status).toBe(200);
  });

  it('renames, sets the topic, archives and reopens a channel; archived channels take no posts', async () => {
    const channel = await openChannel(world, world.companyA, 'Old name', world.a.partner_manager);
    const byMember = await world.api.patch(
      `/conversations/${channel.id}`,
      { name: 'x' },
      world.a.partner_member.token,
    );
    expect(byMember.status).toBe(403);
    const renamed = await world.api.patch(
      `/conversations/${channel.id}`,
      { name: 'New name', topic: 'Now with a topic' },
      world.a.partner_manager.token,
    );
    expect(renamed.body).toMatchObject({ name: 'New name', topic: 'Now with a topic', archivedAt: null });
    const archived = await world.api.patch(
      `/conversations/${channel.id}`,
      { archived: true },
      world.manager.token,
    );
    expect(archived.body.archivedAt).toEqual(expect.any(String));
    const posted = await world.api.post(
      `/conversations/${channel.id}/messages`,
      { body: 'hi' },
      world.admin.token,
    );
    expect(posted.status).toBe(409);
    const open = (await world.api.get(`/conversations?companyId=${world.companyA}`, world.admin.token)).body
      .items;
    expect(open.map((c: any) => c.id)).not.toContain(channel.id);
    const archivedList = await world.api.get(
      `/conversations?companyId=${world.companyA}&archived=true`,
      world.admin.token,
    );
    expect(archivedList.body.items.map((c: any) => c.id)).toEqual([channel.id]);
    await world.api.patch(`/conversations/${channel.id}`, { archived: false }, world.manager.token);
    expect(
      (await world.api.post(`/conversations/${channel.id}/messages`, { body: 'hi' }, world.admin.token))
        .status,
    ).toBe(201);
    const activity = await world.api.get(`/activity?roomId=${roomA}`, world.admin.token);
    expect(activity.body.items.map((a: any) => a.type)).toEqual(
      expect.arrayContaining([
        'conversation.created',
        'conversation.updated',
        'conversation.archived',
        'conversation.reopened',
      ]),
    );
    const dm = await openDirect(world, world.companyA, world.manager, [world.a.partner_member]);
    expect(
      (await world.api.patch(`/conversations/${dm.id}`, { name: 'DM' }, world.manager.token)).status,
    ).toBe(400);
  });

  it('a direct conversation of the same people in the same room is answered with the existing one', async () => {
    const people = [world.a.partner_manager, world.vendorMember];
    const first = await world.api.post(
      '/conversations',
      { companyId: world.companyA, kind: 'direct', participantIds: people.map((p) => p.id) },
      world.a.partner_executive.token,
    );
    expect(first.status).toBe(201);
    const before = await count();
    // The same set, named in another order, by another of its participants, with upper-case ids.
    const again = await world.api.post(
      '/conversations',
      {
        companyId: world.companyA,
        kind: 'direct',
        participantIds: [world.a.partner_executive.id.toUpperCase(), world.a.partner_manager.id],
      },
      world.vendorMember.token,
    );
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: first.body.id, kind: 'direct' });
    expect(again.body.participantIds.sort()).toEqual(first.body.participantIds.sort());
    expect(await count()).toBe(before);

    // Two identical first requests at once make one conversation.
    const pair = [world.a.partner_member.id];
    const racing = await Promise.all(
      [0, 1].map(() =>
        world.api.post(
          '/conversations',
          { companyId: world.companyA, kind: 'direct', participantIds: pair },
          world.otherManager.token,
        ),
      ),
    );
    expect(racing.map((r) => r.status).sort()).toEqual([200, 201]);
    expect(racing[0].body.id).toBe(racing[1].body.id);
    expect(await count()).toBe(before + 1);

    // A subset, a superset or the same people in another room are new conversations.
    const subset = await openDirect(world, world.companyA, world.a.partner_executive, [
      world.a.partner_manager,
    ]);
    const superset = await openDirect(world, world.companyA, world.a.partner_executive, [
      ...people,
      world.a.partner_member,
    ]);
    const custom = await createCustomRoom(world.api, world.admin, world.companyA, 'Side room');
    const elsewhere = await world.api.post(
      '/conversations',
      { roomId: custom, kind: 'direct', participantIds: people.map((p) => p.id) },
      world.a.partner_executive.token,
    );
    expect(elsewhere.status).toBe(201);
    expect(new Set([first.body.id, subset.id, superset.id, elsewhere.body.id]).size).toBe(4);
    expect(await count()).toBe(before + 4);
  });

  it('custom rooms hold their own conversations, counted per room', async () => {
    const custom = await createCustomRoom(world.api, world.admin, world.companyA, 'War room');
    const res = await world.api.post(
      '/conversations',
      { roomId: custom, kind: 'channel', name: 'Deal desk' },
      world.manager.token,
    );
    expect(res.status).toBe(201);
    expect(res.body.roomId).toBe(custom);
    const overview = (await world.api.get(`/companies/${world.companyA}/rooms`, world.admin.token)).body.find(
      (r: any) => r.kind === 'overview',
    );
    expect(
      (
        await world.api.post(
          '/conversations',
          { roomId: overview.id, kind: 'channel', name: 'x' },
          world.admin.token,
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await world.api.post(
          '/conversations',
          { roomId: custom, companyId: world.companyB, kind: 'channel', name: 'x' },
          world.admin.token,
        )
      ).status,
    ).toBe(400);
    const inMessages = await openChannel(world, world.companyA, 'Counted');
    await post(world, res.body.id, world.manager, 'one');
    await post(world, res.body.id, world.manager, 'two @partner_member');
    await post(world, inMessages.id, world.manager, 'three');
    const unread = (
      await world.api.get(`/conversations/unread?companyId=${world.companyA}`, world.a.partner_member.token)
    ).body;
    expect(unread.rooms.find((r: any) => r.roomId === custom)).toEqual({
      roomId: custom,
      unreadCount: 2,
      mentionCount: 1,
    });
    expect(unread.rooms.find((r: any) => r.roomId === roomA).unreadCount).toBeGreaterThanOrEqual(1);
    expect(unread.conversations.find((c: any) => c.conversationId === inMessages.id)).toMatchObject({
      unreadCount: 1,
    });
  });

  it('threadFor gives other rooms one conversation per entity; vendor-only threads stay hidden from partners', async () => {
    const service = app.running.app.get(ConversationsService);
    const me = await authOf(world.manager.token);
    const auth = {
      id: me.user.id,
      workspaceId: world.workspaceId,
      companyId: null,
      role: 'channel_manager' as const,
      name: 'Cora Manager',
      email: world.manager.email,
      sessionId: '',
    };
    // A type no room registered a rule for follows the messages room's rule (deal notes: deal-notes.e2e-spec).
    const deal = { type: 'contact', id: randomUUID(), title: 'Acme renewal' };
    const [first, second] = await Promise.all([
      service.threadFor(auth, world.companyA, deal),
      service.threadFor(auth, world.companyA, deal),
    ]);
    expect(second.id).toBe(first.id);
    expect(first).toMatchObject({
      entityType: 'contact',
      entityId: deal.id,
      name: 'Acme renewal',
      roomId: roomA,
    });
    await post(world, first.id, world.a.partner_member, 'Question on the deal');

    const notes = await service.threadFor(auth, world.companyA, {
      type: 'deal_notes',
      id: deal.id,
      title: 'Notes',
      vendorOnly: true,
    });
    expect((await world.api.get(`/conversations/${notes.id}`, world.a.partner_executive.token)).status).toBe(
      404,
    );
    expect((await world.api.get(`/conversations/${notes.id}`, world.vendorMember.token)).status).toBe(200);
    const partnerAuth = {
      ...auth,
      id: world.a.partner_executive.id,
      companyId: world.companyA,
      role: 'partner_executive' as const,
    };
    await expect(
      service.threadFor(partnerAuth, world.companyA, {
        type: 'deal_notes',
        id: deal.id,
        title: 'Notes',
        vendorOnly: true,
      }),
    ).rejects.toMatchObject({ status: 404 });
    const otherPartner = { ...partnerAuth, id: world.b.partner_executive.id, companyId: world.companyB };
    await expect(service.threadFor(otherPartner, world.companyA, deal)).rejects.toMatchObject({
      status: 404,
    });
  });
});
