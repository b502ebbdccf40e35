import { EntityThreads1795653900000 } from '../../migrations/1795653900000-EntityThreads';
import { Api } from '../support/api';
import { Actor, buildWorld, createUser, World } from '../support/factories';
import { closeSockets, connect, record, request, waitFor } from '../support/realtime';
import { startTestApp, TestApp } from '../support/test-app';
import { roots, upload } from '../files/files-helpers';
import { dealIn } from '../leads/leads-helpers';
import {
  awaitMentions,
  messagesRoomOf,
  notificationsOf,
  openChannel,
  post,
  searchMessages,
  unreadConversations,
} from './messages-helpers';

describe('entity threads: deal notes and file comments are messages read by who may read the entity', () => {
  let app: TestApp;
  let world: World;
  let api: Api;
  /** A partner member of company A who did not register the deals below, so may not read them. */
  let bystander: Actor;

  const notifications = (actor: Actor) => notificationsOf(world, actor);
  const search = (actor: Actor, q: string) => searchMessages(world, actor, q);

  beforeAll(async () => {
    app = await startTestApp();
    api = new Api(app.baseUrl);
    world = await buildWorld(api);
    bystander = await createUser(api, world.admin, 'partner_member', world.companyA, 'Bea Bystander');
  }, 120000);
  afterEach(() => closeSockets());
  afterAll(() => app.close());

  it('a deal note notifies those it mentions who may read the deal, and is found only by them', async () => {
    const deal = await dealIn(world, 'proposal', { by: world.a.partner_member });
    const body =
      `Zanzibar pricing agreed, @${world.a.partner_executive.id} and @${world.manager.email} please review;` +
      ` @${bystander.id} cannot see this deal.`;
    const res = await api.post(`/deals/${deal.id}/notes`, { body }, world.a.partner_member.token);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ body, authorId: world.a.partner_member.id });
    expect(new Set(res.body.mentionIds)).toEqual(new Set([world.a.partner_executive.id, world.manager.id]));

    await awaitMentions(world, [world.a.partner_executive, world.manager], res.body.id);
    expect(await notifications(bystander)).toEqual([]);

    // Search: the registrant, their executive and vendor staff find it; the bystander and the other partner do not.
    for (const actor of [
      world.a.partner_member,
      world.a.partner_executive,
      world.admin,
      world.vendorMember,
    ]) {
      expect((await search(actor, 'zanzibar')).map((h) => h.message.id)).toEqual([res.body.id]);
    }
    for (const actor of [bystander, world.b.partner_executive]) {
      expect(await search(actor, 'zanzibar')).toEqual([]);
    }

    // The thread follows the deal's rule everywhere in the messages room.
    const [hit] = await search(world.a.partner_executive, 'zanzibar');
    const thread = hit.message.conversationId;
    const conversation = await api.get(`/conversations/${thread}`, world.a.partner_executive.token);
    expect(conversation.body).toMatchObject({
      entityType: 'deal',
      entityId: deal.id,
      unreadCount: 1,
      mentionCount: 1,
    });
    for (const path of [
      `/conversations/${thread}`,
      `/conversations/${thread}/messages`,
      `/messages/${res.body.id}`,
    ]) {
      expect((await api.get(path, bystander.token)).status).toBe(404);
      expect((await api.get(path, world.b.partner_executive.token)).status).toBe(404);
    }
    expect(
      (await api.post(`/conversations/${thread}/messages`, { body: 'sneaking in' }, bystander.token)).status,
    ).toBe(404);
    const unread = (actor: Actor) => unreadConversations(world, actor, world.companyA);
    expect(await unread(world.a.partner_executive)).toContain(thread);
    expect(await unread(bystander)).not.toContain(thread);
    const listed = await api.get(`/conversations?companyId=${world.companyA}`, bystander.token);
    expect(listed.body.items.map((c: any) => c.id)).not.toContain(thread);

    // A reply in the messages room is a note of the deal too.
    await post(world, thread, world.manager, 'Reviewed, fine by me');
    const full = await api.get(`/deals/${deal.id}`, world.a.partner_member.token);
    expect(full.body.notes.map((n: any) => n.body)).toEqual([body, 'Reviewed, fine by me']);
  });

  it('new notes reach the sockets of those who may read the deal and no one else', async () => {
    const deal = await dealIn(world, 'qualification', { by: world.a.partner_member });
    const roomId = await messagesRoomOf(api, world.admin.token, world.companyA);
    const channel = await openChannel(world, world.companyA, 'Everyone');
    const reader = await connect(app.baseUrl, world.a.partner_executive.token);
    const outsider = await connect(app.baseUrl, bystander.token);
    for (const socket of [reader, outsider])
      expect((await request(socket, 'room:join', { roomId })).ok).toBe(true);
    const seen = record(outsider, 'message:new');
    const delivered = waitFor(reader, 'message:new', (m) => m.body === 'Live note');
    const after = waitFor(outsider, 'message:new', (m) => m.body === 'For the whole room');

    const note = await api.post(
      `/deals/${deal.id}/notes`,
      { body: 'Live note' },
      world.a.partner_member.token,
    );
    expect(note.status).toBe(201);
    expect((await delivered).id).toBe(note.body.id);
    await post(world, channel.id, world.manager, 'For the whole room');
    await after;
    expect(seen.map((m) => m.body)).toEqual(['For the whole room']);
  });

  it('file comments are the file’s thread: paged, searchable by the file’s readers only', async () => {
    const root = await roots(world, world.companyA);
    const file = (await upload(app.baseUrl, world.admin.token, root.files, 'plan.txt', Buffer.from('x')))
      .body;
    const bodies = ['Quokka draft one', 'Quokka draft two', 'Quokka final'];
    for (const body of bodies) {
      const res = await api.post(`/files/${file.id}/comments`, { body }, world.a.partner_manager.token);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ fileId: file.id, body, authorId: world.a.partner_manager.id });
    }
    const first = await api.get(`/files/${file.id}/comments?limit=2`, world.admin.token);
    expect(first.body.items.map((c: any) => c.body)).toEqual(bodies.slice(0, 2));
    const rest = await api.get(
      `/files/${file.id}/comments?limit=2&cursor=${first.body.nextCursor}`,
      world.admin.token,
    );
    expect(rest.body).toMatchObject({
      items: [expect.objectContaining({ body: 'Quokka final' })],
      nextCursor: null,
    });

    expect(await search(bystander, 'quokka')).toHaveLength(3);
    expect(await search(world.b.partner_executive, 'quokka')).toEqual([]);
    expect(await search(world.otherManager, 'quokka')).toHaveLength(3);
  });

  it('the migration moves existing notes and comments into their threads, ids kept, and drops the old tables', async () => {
    const deal = await dealIn(world, 'proposal', { by: world.a.partner_member });
    const root = await roots(world, world.companyA);
    const file = (await upload(app.baseUrl, world.admin.token, root.files, 'old.txt', Buffer.from('x'))).body;
    const migration = new EntityThreads1795653900000();
    const runner = app.dataSource.createQueryRunner();
    try {
      // Back to the old tables (threads of deals and files go with them), then rows as the old code wrote them.
      await migration.down(runner);
      const ids = ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222'];
      await runner.query(
        `INSERT INTO deal_notes (id, deal_id, author_id, body, mention_ids, created_at) VALUES
           ($1, $3, $4, 'Old wombat note', ARRAY[$5]::uuid[], now() - interval '2 days'),
           ($2, $3, $5, 'Later wombat note', '{}', now() - interval '1 day')`,
        [...ids, deal.id, world.a.partner_member.id, world.a.partner_executive.id],
      );
      await runner.query(
        `INSERT INTO file_comments (id, file_id, author_id, body, mentions) VALUES ($1, $2, NULL, 'Old numbat comment', '{}')`,
        ['33333333-3333-4333-8333-333333333333', file.id],
      );
      await migration.up(runner);
      const tables = await runner.query(
        `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name IN ('deal_notes', 'file_comments')`,
      );
      expect(tables[0].n).toBe(0);
    } finally {
      await runner.release();
    }
    const full = await api.get(`/deals/${deal.id}`, world.a.partner_member.token);
    expect(full.body.notes).toEqual([
      expect.objectContaining({
        id: '11111111-1111-4111-8111-111111111111',
        body: 'Old wombat note',
        mentionIds: [world.a.partner_executive.id],
      }),
      expect.objectContaining({
        id: '22222222-2222-4222-8222-222222222222',
        authorId: world.a.partner_executive.id,
      }),
    ]);
    const [hit] = await search(world.a.partner_executive, 'wombat');
    const history = await api.get(
      `/conversations/${hit.message.conversationId}/messages?after=0`,
      world.admin.token,
    );
    expect(history.body.items.map((m: any) => m.seq)).toEqual([1, 2]);
    expect(history.body.lastSeq).toBe(2);
    expect(await search(bystander, 'wombat')).toEqual([]);
    // A new note continues the thread.
    const next = await api.post(`/deals/${deal.id}/notes`, { body: 'New wombat note' }, world.admin.token);
    expect(next.status).toBe(201);
    expect((await api.get(`/messages/${next.body.id}`, world.admin.token)).body.seq).toBe(3);
    const comments = await api.get(`/files/${file.id}/comments`, world.admin.token);
    expect(comments.body.items).toEqual([
      expect.objectContaining({ id: '33333333-3333-4333-8333-333333333333', body: 'Old numbat comment' }),
    ]);
  });
});
