import { randomUUID } from 'node:crypto';
import { Message } from '../../src/rooms/messages/message.entity';
import { Api } from '../support/api';
import { buildWorld, World } from '../support/factories';
import { closeSockets, connect, record, request, waitFor } from '../support/realtime';
import { startTestApp, TestApp } from '../support/test-app';
import { allMessages, messageRate, messagesRoomOf, openChannel, openDirect, post } from './messages-helpers';

describe('messages over sockets: send, fan-out, retries, catch-up, typing, unread', () => {
  let app: TestApp;
  let world: World;
  let roomA: string;
  let roomB: string;

  const rows = (conversationId: string) =>
    app.dataSource.getRepository(Message).count({ where: { conversationId } });

  async function joined(token: string, roomId: string) {
    const socket = await connect(app.baseUrl, token);
    const answer = await request(socket, 'room:join', { roomId });
    if (!answer.ok) throw new Error(`join: ${JSON.stringify(answer)}`);
    return socket;
  }

  beforeAll(async () => {
    app = await startTestApp();
    world = await buildWorld(new Api(app.baseUrl));
    roomA = await messagesRoomOf(world.api, world.admin.token, world.companyA);
    roomB = await messagesRoomOf(world.api, world.admin.token, world.companyB);
    messageRate(app).messages = 100_000;
  }, 120000);
  afterEach(() => closeSockets());
  afterAll(() => app.close());

  it('two users on two sockets exchange messages, acked after commit', async () => {
    const channel = await openChannel(world, world.companyA, 'Q3 campaign');
    const vendor = await joined(world.manager.token, roomA);
    const partner = await joined(world.a.partner_member.token, roomA);
    const toPartner = waitFor(partner, 'message:new', (m) => m.body === 'Hello from Cora');
    const ack = await request(vendor, 'message:send', {
      conversationId: channel.id,
      body: 'Hello from Cora',
      clientId: 'c-1',
    });
    expect(ack).toMatchObject({ ok: true, message: { seq: 1, body: 'Hello from Cora', clientId: 'c-1' } });
    // Acked means committed: the row is there for anyone to read at once.
    expect((await world.api.get(`/messages/${ack.message.id}`, world.a.partner_member.token)).status).toBe(
      200,
    );
    expect(await toPartner).toEqual(ack.message);

    const toVendor = waitFor(vendor, 'message:new', (m) => m.body === 'Hi Cora');
    const reply = await request(partner, 'message:send', {
      conversationId: channel.id,
      body: 'Hi Cora',
      clientId: 'p-1',
    });
    expect(reply).toMatchObject({ ok: true, message: { seq: 2, authorId: world.a.partner_member.id } });
    expect((await toVendor).id).toBe(reply.message.id);
  });

  it('a resend after a dropped ack returns the first message and writes nothing', async () => {
    const channel = await openChannel(world, world.companyA, 'Retries');
    const sender = await joined(world.a.partner_executive.token, roomA);
    const clientId = `retry-${randomUUID()}`;
    // The ack is "lost": the client never listens for it, then reconnects and sends again.
    const delivered = waitFor(sender, 'message:new', (m) => m.clientId === clientId);
    sender.emit('message:send', { conversationId: channel.id, body: 'exactly once', clientId });
    await delivered;
    sender.disconnect();
    const again = await joined(world.a.partner_executive.token, roomA);
    const seen = record(again, 'message:new');
    const second = await request(again, 'message:send', {
      conversationId: channel.id,
      body: 'exactly once',
      clientId,
    });
    expect(second).toMatchObject({ ok: true, message: { seq: 1, clientId } });
    expect(await rows(channel.id)).toBe(1);
    // Two racing sends of one clientId still make one row.
    const raced = `race-${randomUUID()}`;
    const answers = await Promise.all(
      [1, 2, 3].map(() =>
        request(again, 'message:send', { conversationId: channel.id, body: 'race', clientId: raced }),
      ),
    );
    expect(new Set(answers.map((a) => a.message.id)).size).toBe(1);
    expect(await rows(channel.id)).toBe(2);
    // Nothing new was broadcast for the replays.
    const marker = waitFor(again, 'message:new', (m) => m.clientId === 'marker');
    await request(again, 'message:send', { conversationId: channel.id, body: 'marker', clientId: 'marker' });
    await marker;
    expect(seen.map((m) => m.clientId)).toEqual([raced, 'marker']);
  });

  it('thread replies, edits and deletes fan out to everyone in the room', async () => {
    const channel = await openChannel(world, world.companyA, 'Fan-out');
    const author = await joined(world.a.partner_manager.token, roomA);
    const watcher = await joined(world.vendorMember.token, roomA);
    const root = (
      await request(author, 'message:send', { conversationId: channel.id, body: 'root', clientId: 'r' })
    ).message;
    const parentUpdate = waitFor(watcher, 'message:updated', (m) => m.id === root.id && m.replyCount === 1);
    const replyNew = waitFor(watcher, 'message:new', (m) => m.parentId === root.id);
    const reply = await request(author, 'message:send', {
      conversationId: channel.id,
      body: 'in thread',
      parentId: root.id,
      clientId: 'r2',
    });
    expect(reply.ok).toBe(true);
    expect((await replyNew).id).toBe(reply.message.id);
    expect((await parentUpdate).lastReplyAt).toEqual(expect.any(String));

    const edited = waitFor(watcher, 'message:updated', (m) => m.id === root.id && m.body === 'root, edited');
    await world.api.patch(`/messages/${root.id}`, { body: 'root, edited' }, world.a.partner_manager.token);
    expect((await edited).editedAt).toEqual(expect.any(String));

    const deleted = waitFor(watcher, 'message:deleted', (m) => m.id === root.id);
    expect((await world.api.delete(`/messages/${root.id}`, world.a.partner_manager.token)).status).toBe(204);
    expect(await deleted).toMatchObject({ deleted: true, body: '', replyCount: 1, seq: root.seq });
  });

  it('a reconnecting client asks after=<last seq> and gets exactly what it missed', async () => {
    const channel = await openChannel(world, world.companyA, 'Catch-up');
    const reader = await joined(world.a.partner_member.token, roomA);
    const seen = record(reader, 'message:new');
    const fifth = waitFor(reader, 'message:new', (m) => m.body === 'live 5');
    for (let i = 1; i <= 5; i++) await post(world, channel.id, world.manager, `live ${i}`);
    await fifth;
    const lastSeq = Math.max(...seen.map((m) => m.seq));
    reader.disconnect();
    for (let i = 1; i <= 63; i++) await post(world, channel.id, world.manager, `missed ${i}`);
    const back = await joined(world.a.partner_member.token, roomA);
    const live = record(back, 'message:new');
    const fresh = waitFor(back, 'message:new', (m) => m.body === 'after reconnect');
    await post(world, channel.id, world.manager, 'after reconnect');
    await fresh;
    const missed = await allMessages(world, channel.id, world.a.partner_member.token, lastSeq);
    const all = [...seen, ...missed];
    const seqs = all.map((m) => m.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs).toEqual(Array.from({ length: 69 }, (_, i) => i + 1));
    expect(live.map((m) => m.seq)).toEqual([69]);
  });

  it('direct messages reach only the participants', async () => {
    const dm = await openDirect(world, world.companyA, world.manager, [world.a.partner_executive]);
    const participant = await joined(world.a.partner_executive.token, roomA);
    const bystander = await joined(world.a.partner_manager.token, roomA);
    const admin = await joined(world.admin.token, roomA);
    const leaked = record(bystander, 'message:new');
    const adminSaw = record(admin, 'message:new');
    const arrived = waitFor(participant, 'message:new', (m) => m.conversationId === dm.id);
    await post(world, dm.id, world.manager, 'just us');
    await arrived;
    // A later channel message to the same sockets proves the direct one was not merely late.
    const channel = await openChannel(world, world.companyA, 'After DM');
    const toBystander = waitFor(bystander, 'message:new', (m) => m.conversationId === channel.id);
    const toAdmin = waitFor(admin, 'message:new', (m) => m.conversationId === channel.id);
    await post(world, channel.id, world.manager, 'everyone');
    await Promise.all([toBystander, toAdmin]);
    expect([...leaked, ...adminSaw].filter((m) => m.conversationId === dm.id)).toEqual([]);
    expect((await world.api.get(`/conversations/${dm.id}/messages`, world.admin.token)).status).toBe(404);
  });

  it('typing goes to the others in the conversation, only from a socket that joined its room', async () => {
    const channel = await openChannel(world, world.companyA, 'Typing');
    const typist = await joined(world.a.partner_member.token, roomA);
    const other = await joined(world.manager.token, roomA);
    const seen = waitFor(other, 'typing', (t) => t.conversationId === channel.id);
    expect(await request(typist, 'typing', { conversationId: channel.id })).toEqual({ ok: true });
    expect(await seen).toEqual({
      conversationId: channel.id,
      roomId: roomA,
      userId: world.a.partner_member.id,
    });
    expect(await request(typist, 'typing', { conversationId: channel.id })).toEqual({
      ok: true,
      throttled: true,
    });

    const notJoined = await connect(app.baseUrl, world.a.partner_member.token);
    const refused = {
      ok: false,
      error: { statusCode: 403, error: 'Forbidden', message: 'Join the room first' },
    };
    expect(await request(notJoined, 'typing', { conversationId: channel.id })).toEqual(refused);
    expect(await request(notJoined, 'typing', { conversationId: randomUUID() })).toEqual(refused);
  });

  it('a partner can neither join nor write to another company’s conversation', async () => {
    const channelB = await openChannel(world, world.companyB, 'Beta only');
    const before = await rows(channelB.id);
    const outsider = await connect(app.baseUrl, world.a.partner_executive.token);
    expect(await request(outsider, 'room:join', { roomId: roomB })).toMatchObject({
      ok: false,
      error: { statusCode: 404 },
    });
    expect(
      await request(outsider, 'message:send', {
        conversationId: channelB.id,
        body: 'let me in',
        clientId: 'x',
      }),
    ).toMatchObject({ ok: false, error: { statusCode: 404, message: 'Conversation not found' } });
    expect(await request(outsider, 'typing', { conversationId: channelB.id })).toMatchObject({
      ok: false,
      error: { statusCode: 403 },
    });
    expect(await rows(channelB.id)).toBe(before);
    const token = world.a.partner_executive.token;
    expect((await world.api.get(`/conversations/${channelB.id}`, token)).status).toBe(404);
    expect((await world.api.get(`/conversations/${channelB.id}/messages`, token)).status).toBe(404);
    expect((await world.api.get(`/conversations?companyId=${world.companyB}`, token)).status).toBe(404);
    const mine = (await world.api.get('/conversations', token)).body.items;
    expect(mine.every((c: any) => c.companyId === world.companyA)).toBe(true);
  });

  it('unread and mention counts follow on every tab of the user', async () => {
    const channel = await openChannel(world, world.companyA, 'Unread');
    const tab1 = await joined(world.a.partner_manager.token, roomA);
    const tab2 = await joined(world.a.partner_manager.token, roomA);
    await post(world, channel.id, world.manager, 'one');
    await post(world, channel.id, world.manager, 'two');
    const mentionOnTab2 = waitFor(
      tab2,
      'message:unread',
      (s) => s.conversationId === channel.id && s.mentionCount === 1,
    );
    const third = await post(world, channel.id, world.manager, '@partner_manager three');
    expect(await mentionOnTab2).toMatchObject({ unreadCount: 3, mentionCount: 1, room: { roomId: roomA } });
    const counts = (await world.api.get(`/conversations/${channel.id}`, world.a.partner_manager.token)).body;
    expect(counts).toMatchObject({ unreadCount: 3, mentionCount: 1, lastReadSeq: 0 });

    const on1 = waitFor(
      tab1,
      'message:unread',
      (s) => s.conversationId === channel.id && s.unreadCount === 0,
    );
    const on2 = waitFor(
      tab2,
      'message:unread',
      (s) => s.conversationId === channel.id && s.unreadCount === 0,
    );
    const read = await world.api.post(
      `/conversations/${channel.id}/read`,
      { messageId: third.id },
      world.a.partner_manager.token,
    );
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ lastReadSeq: 3, unreadCount: 0, mentionCount: 0 });
    expect(await on1).toEqual(read.body);
    expect(await on2).toEqual(read.body);
    // Reading an older message never moves the mark back.
    const all = await allMessages(world, channel.id, world.a.partner_manager.token);
    const back = await world.api.post(
      `/conversations/${channel.id}/read`,
      { messageId: all[0].id },
      world.a.partner_manager.token,
    );
    expect(back.body.lastReadSeq).toBe(3);
    const summary = (await world.api.get('/conversations/unread', world.a.partner_manager.token)).body;
    expect(summary.conversations.find((c: any) => c.conversationId === channel.id)).toBeUndefined();
  });

  it('refuses bad socket payloads without writing', async () => {
    const channel = await openChannel(world, world.companyA, 'Bad payloads');
    const socket = await joined(world.manager.token, roomA);
    for (const payload of [
      { conversationId: channel.id, body: 'no client id' },
      { conversationId: 'nope', body: 'x', clientId: 'a' },
      { conversationId: channel.id, body: 'x'.repeat(10001), clientId: 'b' },
      { conversationId: channel.id, body: 'x', clientId: 'c', attachmentIds: [randomUUID()] },
    ]) {
      expect(await request(socket, 'message:send', payload)).toMatchObject({
        ok: false,
        error: { statusCode: 400 },
      });
    }
    expect(await rows(channel.id)).toBe(0);
  });
  it('refuses a socket flood with a 429 error ack while others keep sending', async () => {
    messageRate(app).messages = 20;
    const channel = await openChannel(world, world.companyB, 'Socket flood');
    const flooder = await joined(world.b.partner_member.token, roomB);
    const answers = [];
    for (let i = 0; i < 22; i++) {
      answers.push(
        await request(flooder, 'message:send', {
          conversationId: channel.id,
          body: `f${i}`,
          clientId: `f${i}`,
        }),
      );
    }
    expect(answers.slice(0, 20).every((a) => a.ok)).toBe(true);
    expect(answers[20]).toMatchObject({ ok: false, error: { statusCode: 429, error: 'Too Many Requests' } });
    expect(await rows(channel.id)).toBe(20);
    const calm = await joined(world.b.partner_manager.token, roomB);
    expect(
      (await request(calm, 'message:send', { conversationId: channel.id, body: 'calm', clientId: 'c' })).ok,
    ).toBe(true);
  });
});
