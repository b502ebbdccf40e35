import { randomUUID } from 'node:crypto';
import { Message } from '../../src/rooms/messages/message.entity';
import { Api } from '../support/api';
import { buildWorld, World } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { allMessages, messageRate, openChannel, post } from './messages-helpers';

describe('messages over REST: seq, threads, edit, delete, reactions, mentions, bad input', () => {
  let app: TestApp;
  let world: World;
  let channel: { id: string; roomId: string };

  const count = () => app.dataSource.getRepository(Message).count();

  beforeAll(async () => {
    app = await startTestApp();
    world = await buildWorld(new Api(app.baseUrl));
    channel = await openChannel(world, world.companyA, 'Implementation');
    messageRate(app).messages = 100_000;
  }, 120000);
  afterAll(() => app.close());

  it('numbers messages 1, 2, 3 and keeps markdown as written', async () => {
    const bodies = ['# Kickoff\n\n- item *one*', '<script>alert(1)</script> `code`', '  spaced  '];
    const sent = [];
    for (const body of bodies) sent.push(await post(world, channel.id, world.a.partner_member, body));
    expect(sent.map((m) => m.seq)).toEqual([1, 2, 3]);
    const history = await allMessages(world, channel.id, world.manager.token);
    expect(history.map((m) => m.body)).toEqual(bodies);
    expect(history[0]).toMatchObject({ authorId: world.a.partner_member.id, deleted: false, editedAt: null });
  });

  it('threads one level deep with reply counts and last reply time', async () => {
    const root = await post(world, channel.id, world.manager, 'Who owns the rollout?');
    const r1 = await post(world, channel.id, world.a.partner_executive, 'I do', { parentId: root.id });
    const r2 = await post(world, channel.id, world.manager, 'Great', { parentId: root.id });
    const parent = (await world.api.get(`/messages/${root.id}`, world.admin.token)).body;
    expect(parent).toMatchObject({ replyCount: 2, parentId: null });
    expect(new Date(parent.lastReplyAt).getTime()).toBeGreaterThanOrEqual(
      new Date(parent.createdAt).getTime(),
    );
    const thread = await world.api.get(
      `/conversations/${channel.id}/messages?parentId=${root.id}`,
      world.a.partner_member.token,
    );
    expect(thread.body.items.map((m: any) => m.id)).toEqual([r1.id, r2.id]);
    const nested = await world.api.post(
      `/conversations/${channel.id}/messages`,
      { body: 'deeper', parentId: r1.id },
      world.manager.token,
    );
    expect(nested.status).toBe(400);
    expect(nested.body.details).toEqual([expect.objectContaining({ field: 'parentId' })]);
  });

  it('edits keep editedAt; only the author edits; deletes leave a placeholder', async () => {
    const msg = await post(world, channel.id, world.a.partner_manager, 'first draft');
    const reply = await post(world, channel.id, world.manager, 'noted', { parentId: msg.id });
    const byOther = await world.api.patch(`/messages/${msg.id}`, { body: 'hijack' }, world.manager.token);
    expect(byOther.status).toBe(403);
    const edited = await world.api.patch(
      `/messages/${msg.id}`,
      { body: 'final text' },
      world.a.partner_manager.token,
    );
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ body: 'final text', editedAt: expect.any(String), seq: msg.seq });

    const memberDelete = await world.api.delete(`/messages/${msg.id}`, world.a.partner_member.token);
    expect(memberDelete.status).toBe(403);
    expect((await world.api.delete(`/messages/${msg.id}`, world.a.partner_manager.token)).status).toBe(204);
    const gone = (await world.api.get(`/messages/${msg.id}`, world.admin.token)).body;
    expect(gone).toMatchObject({ deleted: true, body: '', seq: msg.seq, replyCount: 1 });
    const stillThere = (await world.api.get(`/messages/${reply.id}`, world.admin.token)).body;
    expect(stillThere).toMatchObject({ parentId: msg.id, body: 'noted' });
    const row = await app.dataSource.getRepository(Message).findOneByOrFail({ id: msg.id });
    expect(row.body).toBe('');
    expect(
      (await world.api.patch(`/messages/${msg.id}`, { body: 'back' }, world.a.partner_manager.token)).status,
    ).toBe(409);
  });

  it('reactions gather users per emoji', async () => {
    const msg = await post(world, channel.id, world.manager, 'Ship it?');
    await world.api.post(`/messages/${msg.id}/reactions`, { emoji: '👍' }, world.a.partner_member.token);
    await world.api.post(`/messages/${msg.id}/reactions`, { emoji: '👍' }, world.admin.token);
    const res = await world.api.post(`/messages/${msg.id}/reactions`, { emoji: '🎉' }, world.admin.token);
    expect(res.body.reactions).toEqual([
      { emoji: '👍', userIds: [world.a.partner_member.id, world.admin.id], count: 2 },
      { emoji: '🎉', userIds: [world.admin.id], count: 1 },
    ]);
    const removed = await world.api.delete(
      `/messages/${msg.id}/reactions/${encodeURIComponent('👍')}`,
      world.admin.token,
    );
    expect(removed.body.reactions).toEqual([
      { emoji: '🎉', userIds: [world.admin.id], count: 1 },
      { emoji: '👍', userIds: [world.a.partner_member.id], count: 1 },
    ]);
  });

  it('resolves @name and @email mentions to people of the room only', async () => {
    const res = await post(
      world,
      channel.id,
      world.admin,
      `@Cora Manager and @${world.a.partner_member.email} please look; @partner_member of Beta cannot`,
    );
    const mentions = (await world.api.get(`/messages/${res.id}`, world.admin.token)).body.mentions;
    // Beta's partner_member has the same display name but is not in Alpha's room; Alpha's is, by email.
    expect(mentions.sort()).toEqual([world.manager.id, world.a.partner_member.id].sort());
  });

  it('refuses oversize bodies, bad ids and forged attachments, writing nothing', async () => {
    const before = await count();
    const lastSeq = (await world.api.get(`/conversations/${channel.id}`, world.admin.token)).body.lastSeq;
    const cases: Array<[string, unknown, number]> = [
      [`/conversations/${channel.id}/messages`, { body: 'x'.repeat(10001) }, 400],
      [`/conversations/${channel.id}/messages`, { body: null }, 400],
      [`/conversations/${channel.id}/messages`, { body: '   ' }, 400],
      [`/conversations/${channel.id}/messages`, { body: 'hi', parentId: 'nope' }, 400],
      [`/conversations/${channel.id}/messages`, { body: 'hi', parentId: randomUUID() }, 400],
      [`/conversations/${channel.id}/messages`, { body: 'hi', attachmentIds: [randomUUID()] }, 400],
      [`/conversations/${channel.id}/messages`, { body: 'hi', attachmentIds: ['../../etc/passwd'] }, 400],
      [`/conversations/${channel.id}/messages`, { body: 'hi', extra: true }, 400],
      [`/conversations/not-a-uuid/messages`, { body: 'hi' }, 400],
      [`/conversations/${randomUUID()}/messages`, { body: 'hi' }, 404],
    ];
    for (const [path, body, status] of cases) {
      const res = await world.api.post(path, body, world.manager.token);
      expect({ path, body, status: res.status }).toEqual({ path, body, status });
      expect(res.body).toMatchObject({ statusCode: status, error: expect.any(String) });
    }
    expect(await count()).toBe(before);
    expect((await world.api.get(`/conversations/${channel.id}`, world.admin.token)).body.lastSeq).toBe(
      lastSeq,
    );
    const okAtLimit = await world.api.post(
      `/conversations/${channel.id}/messages`,
      { body: 'y'.repeat(10000) },
      world.manager.token,
    );
    expect(okAtLimit.status).toBe(201);
    expect(okAtLimit.body.body).toHaveLength(10000);
  });

  it('replays a POST with the same Idempotency-Key: one row, same message', async () => {
    const before = await count();
    const key = `send-${randomUUID()}`;
    const first = await world.api.post(
      `/conversations/${channel.id}/messages`,
      { body: 'once' },
      world.manager.token,
      {
        'Idempotency-Key': key,
      },
    );
    const again = await world.api.post(
      `/conversations/${channel.id}/messages`,
      { body: 'once' },
      world.manager.token,
      {
        'Idempotency-Key': key,
      },
    );
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    expect(await count()).toBe(before + 1);
  });

  it('keeps seq strictly increasing without gaps under concurrent senders', async () => {
    const other = await openChannel(world, world.companyA, 'Busy');
    const senders = [
      world.admin,
      world.manager,
      world.vendorMember,
      world.a.partner_executive,
      world.a.partner_manager,
    ];
    await Promise.all(
      senders.map(async (by) => {
        for (let i = 0; i < 8; i++) await post(world, other.id, by, `${by.id} ${i}`);
      }),
    );
    const history = await allMessages(world, other.id, world.admin.token);
    expect(history.map((m) => m.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    // Each sender's own messages keep their order.
    for (const by of senders) {
      const mine = history.filter((m) => m.authorId === by.id).map((m) => m.body);
      expect(mine).toEqual(Array.from({ length: 8 }, (_, i) => `${by.id} ${i}`));
    }
  });

  it('pages history by 50: before= goes back, after= catches up exactly', async () => {
    const long = await openChannel(world, world.companyA, 'Long');
    for (let i = 1; i <= 120; i++) await post(world, long.id, world.a.partner_executive, `m${i}`);
    const latest = await world.api.get(`/conversations/${long.id}/messages`, world.manager.token);
    expect(latest.body.items.map((m: any) => m.seq)).toEqual(Array.from({ length: 50 }, (_, i) => 71 + i));
    expect(latest.body.lastSeq).toBe(120);
    const older = await world.api.get(`/conversations/${long.id}/messages?before=71`, world.manager.token);
    expect(older.body.items.map((m: any) => m.seq)).toEqual(Array.from({ length: 50 }, (_, i) => 21 + i));
    const oldest = await world.api.get(
      `/conversations/${long.id}/messages?cursor=${older.body.nextCursor}`,
      world.manager.token,
    );
    expect(oldest.body.items.map((m: any) => m.seq)).toEqual(Array.from({ length: 20 }, (_, i) => 1 + i));
    expect(oldest.body.nextCursor).toBeNull();
    const after = await world.api.get(`/conversations/${long.id}/messages?after=60`, world.manager.token);
    expect(after.body.items.map((m: any) => m.seq)).toEqual(Array.from({ length: 50 }, (_, i) => 61 + i));
    const caughtUp = await allMessages(world, long.id, world.manager.token, 60);
    expect(caughtUp.map((m) => m.seq)).toEqual(Array.from({ length: 60 }, (_, i) => 61 + i));
  });

  it('limits each user to 20 messages in 10 s with 429 and Retry-After', async () => {
    messageRate(app).messages = 20;
    const flood = await openChannel(world, world.companyB, 'Flood');
    const results = [];
    for (let i = 0; i < 22; i++) {
      results.push(
        await world.api.post(
          `/conversations/${flood.id}/messages`,
          { body: `f${i}` },
          world.b.partner_member.token,
        ),
      );
    }
    expect(results.slice(0, 20).every((r) => r.status === 201)).toBe(true);
    expect(results[20].status).toBe(429);
    expect(Number(results[20].headers.get('retry-after'))).toBeGreaterThan(0);
    // Someone else is not slowed down.
    expect(
      (
        await world.api.post(
          `/conversations/${flood.id}/messages`,
          { body: 'calm' },
          world.b.partner_manager.token,
        )
      ).status,
    ).toBe(201);
  });
});
