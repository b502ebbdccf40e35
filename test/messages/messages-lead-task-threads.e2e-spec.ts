import { AuthUser } from '../../src/core/auth/auth-user';
import { ConversationsService } from '../../src/rooms/messages/conversations.service';
import { Api } from '../support/api';
import { Actor, buildWorld, createUser, World } from '../support/factories';
import { closeSockets, connect, record, request, roomOf, waitFor } from '../support/realtime';
import { startTestApp, TestApp } from '../support/test-app';
import { leadIn } from '../leads/leads-helpers';
import { projectOf, taskOf } from '../projects/projects-helpers';
import { messagesRoomOf, openChannel, post } from './messages-helpers';

/**
 * Threads attached to leads and project tasks through the messages room follow the leads and projects
 * rooms' rules: a partner member reads only the leads they registered, a project is read by its company's
 * partner users while the projects room is enabled.
 */
describe('entity threads: lead and project task threads are read by who may read the lead or project', () => {
  let app: TestApp;
  let world: World;
  let api: Api;
  /** A partner member of company A who did not register the leads below. */
  let colleague: Actor;

  const authOf = (actor: Actor): AuthUser => ({
    id: actor.id,
    workspaceId: world.workspaceId,
    companyId: actor.companyId,
    role: actor.role,
    name: actor.email,
    email: actor.email,
    sessionId: '',
  });
  const threadOn = (by: Actor, type: string, id: string, title: string) =>
    app.running.app.get(ConversationsService).threadFor(authOf(by), world.companyA, { type, id, title });
  const search = async (actor: Actor, q: string) => {
    const res = await api.get(`/messages/search?q=${encodeURIComponent(q)}`, actor.token);
    expect(res.status).toBe(200);
    return (res.body.items as Array<{ message: { id: string } }>).map((h) => h.message.id);
  };
  const unread = async (actor: Actor) => {
    const res = await api.get(`/conversations/unread?companyId=${world.companyA}`, actor.token);
    expect(res.status).toBe(200);
    return res.body as {
      rooms: Array<{ roomId: string; unreadCount: number; mentionCount: number }>;
      conversations: Array<{ conversationId: string }>;
    };
  };

  beforeAll(async () => {
    app = await startTestApp();
    api = new Api(app.baseUrl);
    world = await buildWorld(api);
    colleague = await createUser(api, world.admin, 'partner_member', world.companyA, 'Cole Colleague');
  }, 120000);
  afterEach(() => closeSockets());
  afterAll(() => app.close());

  it('a thread on a colleague’s lead is invisible to a partner member: REST, search, unread counts, sockets', async () => {
    const registrant = world.a.partner_member;
    const lead = await leadIn(world, 'approved', { by: registrant });
    const thread = await threadOn(world.manager, 'lead', lead.id, lead.customerName);
    expect(thread).toMatchObject({ entityType: 'lead', entityId: lead.id });

    const roomId = await messagesRoomOf(api, world.admin.token, world.companyA);
    const reader = await connect(app.baseUrl, registrant.token);
    const outsider = await connect(app.baseUrl, colleague.token);
    for (const socket of [reader, outsider])
      expect((await request(socket, 'room:join', { roomId })).ok).toBe(true);
    const seen = record(outsider, 'message:new');
    const delivered = waitFor(reader, 'message:new', (m) => m.conversationId === thread.id);
    const roomUnread = async () => (await unread(colleague)).rooms.find((r) => r.roomId === roomId);
    const before = await roomUnread();

    const message = await post(
      world,
      thread.id,
      world.manager,
      `Walrus renewal terms, @${registrant.id} and @${colleague.id} please check`,
    );
    expect((await delivered).id).toBe(message.id);
    expect((await api.get(`/messages/${message.id}`, world.manager.token)).body.mentions).toEqual([
      registrant.id,
    ]);

    // REST: the thread, its history, the message, posting to it: not found for the colleague and company B.
    for (const actor of [colleague, world.b.partner_executive]) {
      for (const path of [
        `/conversations/${thread.id}`,
        `/conversations/${thread.id}/messages`,
        `/messages/${message.id}`,
      ]) {
        expect((await api.get(path, actor.token)).status).toBe(404);
      }
      expect(
        (await api.post(`/conversations/${thread.id}/messages`, { body: 'Me too' }, actor.token)).status,
      ).toBe(404);
      const listed = await api.get(`/conversations?companyId=${world.companyA}`, actor.token);
      expect((listed.body.items ?? []).map((c: any) => c.id)).not.toContain(thread.id);
    }
    for (const actor of [
      registrant,
      world.a.partner_manager,
      world.a.partner_executive,
      world.vendorMember,
    ]) {
      expect((await api.get(`/conversations/${thread.id}/messages`, actor.token)).status).toBe(200);
    }

    // Search.
    for (const actor of [registrant, world.a.partner_executive, world.a.partner_manager, world.admin]) {
      expect(await search(actor, 'walrus')).toEqual([message.id]);
    }
    for (const actor of [colleague, world.b.partner_executive])
      expect(await search(actor, 'walrus')).toEqual([]);

    // Unread counts: the registrant's count the thread; the colleague's room total did not move.
    expect((await unread(registrant)).conversations.map((c) => c.conversationId)).toContain(thread.id);
    expect((await unread(colleague)).conversations.map((c) => c.conversationId)).not.toContain(thread.id);
    expect(await roomUnread()).toEqual(before);

    // Sockets: the colleague's next message:new is a channel message, not the lead's.
    const channel = await openChannel(world, world.companyA, 'Alpha all hands');
    const after = waitFor(outsider, 'message:new', (m) => m.body === 'All hands at ten');
    await post(world, channel.id, world.manager, 'All hands at ten');
    await after;
    expect(seen.map((m) => m.body)).toEqual(['All hands at ten']);
    const notes = await api.get('/notifications', colleague.token);
    expect(notes.body.items).toEqual([]);
  });

  it('a project task’s thread is read by the company’s partner users while the projects room is enabled', async () => {
    const project = await projectOf(world, 'Narwhal rollout');
    const task = await taskOf(world, project.id, { title: 'Install the gateway' });
    const thread = await threadOn(world.vendorMember, 'project_task', task.id, task.title);
    const message = await post(world, thread.id, world.a.partner_member, 'Narwhal gateway installed');

    // Every partner user of company A reads the project, member of it or not; company B does not.
    for (const actor of [colleague, world.a.partner_member, world.a.partner_executive, world.otherManager]) {
      expect(await search(actor, 'narwhal')).toEqual([message.id]);
    }
    expect(await search(world.b.partner_executive, 'narwhal')).toEqual([]);
    expect((await api.get(`/conversations/${thread.id}`, world.b.partner_executive.token)).status).toBe(404);

    // With the projects room disabled, partners lose the thread; the messages room itself stays open.
    const projectsRoom = await roomOf(api, world.admin.token, world.companyA, 'projects');
    const disabled = await api.patch(
      `/companies/${world.companyA}/rooms/${projectsRoom}`,
      { enabled: false },
      world.admin.token,
    );
    expect(disabled.status).toBe(200);
    try {
      expect((await api.get(`/conversations/${thread.id}`, colleague.token)).status).toBe(404);
      expect(await search(colleague, 'narwhal')).toEqual([]);
      expect(
        (await api.post(`/conversations/${thread.id}/messages`, { body: 'Still here?' }, colleague.token))
          .status,
      ).toBe(404);
      expect(await search(world.vendorMember, 'narwhal')).toEqual([message.id]);
      const channel = await openChannel(world, world.companyA, 'Still open');
      expect((await api.get(`/conversations/${channel.id}`, colleague.token)).status).toBe(200);
    } finally {
      await api.patch(
        `/companies/${world.companyA}/rooms/${projectsRoom}`,
        { enabled: true },
        world.admin.token,
      );
    }
    expect((await api.get(`/conversations/${thread.id}`, colleague.token)).status).toBe(200);
  });
});
