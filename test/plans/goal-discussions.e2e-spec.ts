import { Api } from '../support/api';
import { Actor, buildWorld, World } from '../support/factories';
import { closeSockets, connect, record, request, waitFor } from '../support/realtime';
import { startTestApp, TestApp } from '../support/test-app';
import {
  awaitMentions,
  messagesRoomOf,
  notificationsOf,
  openChannel,
  post,
  searchMessages,
  unreadConversations,
} from '../messages/messages-helpers';
import { planIn } from './plans-helpers';

describe('plan goal discussions: entity threads read by exactly those who may read the plan', () => {
  let app: TestApp;
  let world: World;
  let api: Api;

  const notifications = (actor: Actor) => notificationsOf(world, actor);
  const search = (actor: Actor, q: string) => searchMessages(world, actor, q);
  const unread = (actor: Actor) => unreadConversations(world, actor, world.companyA);
  /** A plan of company A in `status` with one manual goal. */
  const goalIn = async (status: string) => {
    const plan = await planIn(world, status, `Discussed ${status}`);
    const res = await api.post(
      `/plans/${plan.id}/goals`,
      { sectionId: plan.sections[0].id, type: 'manual', title: 'Certified engineers', target: '12' },
      world.admin.token,
    );
    expect(res.status).toBe(201);
    const goal = res.body.sections[0].goals.find((g: any) => g.title === 'Certified engineers');
    return { plan, goal, path: `/plans/${plan.id}/goals/${goal.id}/discussion` };
  };

  beforeAll(async () => {
    app = await startTestApp();
    api = new Api(app.baseUrl);
    world = await buildWorld(api);
  }, 120000);
  afterEach(() => closeSockets());
  afterAll(() => app.close());

  it('a mention notifies its reader; search, unread counts and the thread are the plan’s readers’ alone', async () => {
    const { plan, goal, path } = await goalIn('draft');
    const { partner_executive: executive, partner_manager: manager, partner_member: member } = world.a;
    const body =
      `Kestrel forecast: twelve by Q3, @${executive.id} and @${world.manager.email} please confirm;` +
      ` @${member.id} may not read plans.`;
    const res = await api.post(path, { body }, manager.token);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      planId: plan.id,
      goalId: goal.id,
      authorId: manager.id,
      body,
      replyCount: 0,
      editedAt: null,
    });
    // The body's handles resolve among the plan's readers only: the partner member is not mentioned.
    expect(new Set(res.body.mentions)).toEqual(new Set([executive.id, world.manager.id]));
    const thread = res.body.conversationId;

    await awaitMentions(world, [executive, world.manager], res.body.id);
    expect(await notifications(member)).toEqual([]);

    // Vendor staff and the partner's executive and manager find it; the partner member and company B do not.
    for (const actor of [
      world.admin,
      world.manager,
      world.otherManager,
      world.vendorMember,
      executive,
      manager,
    ]) {
      expect((await search(actor, 'kestrel')).map((h) => h.message.id)).toEqual([res.body.id]);
    }
    for (const actor of [member, world.b.partner_executive, world.b.partner_manager]) {
      expect(await search(actor, 'kestrel')).toEqual([]);
    }

    const conversation = await api.get(`/conversations/${thread}`, executive.token);
    expect(conversation.body).toMatchObject({
      entityType: 'plan_goal',
      entityId: goal.id,
      unreadCount: 1,
      mentionCount: 1,
    });
    expect(await unread(executive)).toContain(thread);
    expect(await unread(member)).not.toContain(thread);
    for (const actor of [member, world.b.partner_executive]) {
      for (const route of [`/conversations/${thread}`, `/conversations/${thread}/messages`, path]) {
        expect((await api.get(route, actor.token)).status).toBe(404);
      }
      expect((await api.post(path, { body: 'sneaking in' }, actor.token)).status).toBe(404);
      expect(
        (await api.post(`/conversations/${thread}/messages`, { body: 'sneaking in' }, actor.token)).status,
      ).toBe(404);
    }

    // The plans room logs it; a reply posted in the messages room is part of the same thread.
    const reply = await post(world, thread, world.admin, 'Kestrel numbers confirmed');
    const listed = await api.get(path, executive.token);
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({
      items: [expect.objectContaining({ id: res.body.id }), expect.objectContaining({ id: reply.id })],
      nextCursor: null,
    });
    const activity = await api.get(`/activity?companyId=${world.companyA}`, executive.token);
    expect(activity.status).toBe(200);
    expect(activity.body.items).toContainEqual(
      expect.objectContaining({ type: 'goal.discussed', entityId: plan.id }),
    );
  });

  it('explicit mentions must be the plan’s readers; a refused post writes nothing', async () => {
    const { path } = await goalIn('active');
    const refused = await api.post(
      path,
      { body: 'Loop in the member', mentions: [world.a.partner_member.id] },
      world.admin.token,
    );
    expect(refused.status).toBe(400);
    expect(refused.body.details).toEqual([{ field: 'mentions', problem: expect.any(String) }]);
    expect((await api.get(path, world.admin.token)).body.items).toEqual([]);

    const res = await api.post(
      path,
      { body: 'Over to you', mentions: [world.a.partner_executive.id.toUpperCase()] },
      world.admin.token,
    );
    expect(res.status).toBe(201);
    expect(res.body.mentions).toEqual([world.a.partner_executive.id]);
  });

  it('pages oldest first', async () => {
    const { path } = await goalIn('active');
    const bodies = ['Osprey one', 'Osprey two', 'Osprey three'];
    for (const body of bodies) expect((await api.post(path, { body }, world.admin.token)).status).toBe(201);
    const first = await api.get(`${path}?limit=2`, world.a.partner_manager.token);
    expect(first.body.items.map((m: any) => m.body)).toEqual(bodies.slice(0, 2));
    const rest = await api.get(`${path}?limit=2&cursor=${first.body.nextCursor}`, world.admin.token);
    expect(rest.body).toMatchObject({
      items: [expect.objectContaining({ body: 'Osprey three' })],
      nextCursor: null,
    });
  });

  it('an outline’s discussion is the vendor’s until the plan is shared; then the partner reads it', async () => {
    const { plan, path } = await goalIn('draft_outline');
    const executive = world.a.partner_executive;
    const res = await api.post(path, { body: 'Heron margin target' }, world.manager.token);
    expect(res.status).toBe(201);
    expect(await search(executive, 'heron')).toEqual([]);
    expect((await api.get(`/conversations/${res.body.conversationId}`, executive.token)).status).toBe(404);
    expect((await api.get(path, executive.token)).status).toBe(404);

    const shared = await api.post(`/plans/${plan.id}/transitions`, { to: 'draft' }, world.admin.token);
    expect(shared.status).toBe(200);
    expect((await search(executive, 'heron')).map((h) => h.message.id)).toEqual([res.body.id]);
    expect((await api.get(path, executive.token)).body.items).toHaveLength(1);
  });

  it('new messages reach the sockets of the plan’s readers and no one else', async () => {
    const { path } = await goalIn('active');
    const roomId = await messagesRoomOf(api, world.admin.token, world.companyA);
    const channel = await openChannel(world, world.companyA, 'Everyone here');
    const reader = await connect(app.baseUrl, world.a.partner_manager.token);
    const outsider = await connect(app.baseUrl, world.a.partner_member.token);
    for (const socket of [reader, outsider])
      expect((await request(socket, 'room:join', { roomId })).ok).toBe(true);
    const seen = record(outsider, 'message:new');
    const delivered = waitFor(reader, 'message:new', (m) => m.body === 'Live goal talk');
    const after = waitFor(outsider, 'message:new', (m) => m.body === 'For all of Alpha');

    const sent = await api.post(path, { body: 'Live goal talk' }, world.a.partner_executive.token);
    expect(sent.status).toBe(201);
    expect((await delivered).id).toBe(sent.body.id);
    await post(world, channel.id, world.manager, 'For all of Alpha');
    await after;
    expect(seen.map((m) => m.body)).toEqual(['For all of Alpha']);
  });

  it('deleting the goal deletes its discussion', async () => {
    const { plan, goal, path } = await goalIn('draft');
    const res = await api.post(path, { body: 'Pelican detail' }, world.admin.token);
    expect(res.status).toBe(201);
    const removed = await api.delete(`/plans/${plan.id}/goals/${goal.id}`, world.admin.token);
    expect(removed.status).toBe(200);
    expect((await api.get(`/conversations/${res.body.conversationId}`, world.admin.token)).status).toBe(404);
    expect(await search(world.admin, 'pelican')).toEqual([]);
    expect((await api.get(path, world.admin.token)).status).toBe(404);
  });

  it('the routes are in the OpenAPI document', async () => {
    const res = await api.get('/api/docs-json');
    expect(res.status).toBe(200);
    const route = res.body.paths['/api/v1/plans/{id}/goals/{goalId}/discussion'];
    expect(Object.keys(route ?? {}).sort()).toEqual(['get', 'post']);
    expect(route.post.requestBody).toBeDefined();
  });
});
