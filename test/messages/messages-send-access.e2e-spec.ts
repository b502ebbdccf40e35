import { randomUUID } from 'node:crypto';
import { Message } from '../../src/rooms/messages/message.entity';
import { Api } from '../support/api';
import { Actor, buildWorld, createCompany, createUser, World } from '../support/factories';
import { ClientSocket, closeSockets, connect, request } from '../support/realtime';
import { startTestApp, TestApp } from '../support/test-app';
import { awaitMentions, messagesRoomOf, notificationsOf, openChannel, openDirect } from './messages-helpers';

/**
 * A send decides access from facts kept per conversation, checked again inside the write itself: a socket
 * that keeps sending meets an archive, a disabled room or a deleted company at its very next message, and
 * each caller is judged as who they are now.
 */
describe('messages: a socket that keeps sending meets every access change at its next message', () => {
  let app: TestApp;
  let world: World;
  let api: Api;

  const seqs = async (conversationId: string) =>
    (
      await app.dataSource
        .getRepository(Message)
        .find({ where: { conversationId }, order: { seq: 'ASC' }, select: { seq: true } })
    ).map((m) => m.seq);

  async function sender(actor: Actor) {
    return connect(app.baseUrl, actor.token);
  }

  function send(socket: ClientSocket, conversationId: string, body: string, clientId: string = randomUUID()) {
    return request(socket, 'message:send', { conversationId, body, clientId });
  }

  beforeAll(async () => {
    app = await startTestApp();
    api = new Api(app.baseUrl);
    world = await buildWorld(api);
  }, 120000);
  afterEach(() => closeSockets());
  afterAll(() => app.close());

  it('an archived channel refuses the next message at once, and after reopening the seqs go on without a gap', async () => {
    const channel = await openChannel(world, world.companyA, 'Archive me');
    const socket = await sender(world.a.partner_manager);
    expect(await send(socket, channel.id, 'before')).toMatchObject({ ok: true, message: { seq: 1 } });

    const archived = await api.patch(`/conversations/${channel.id}`, { archived: true }, world.manager.token);
    expect(archived.status).toBe(200);
    expect(await send(socket, channel.id, 'while archived')).toMatchObject({
      ok: false,
      error: { statusCode: 409 },
    });
    expect(await seqs(channel.id)).toEqual([1]);

    await api.patch(`/conversations/${channel.id}`, { archived: false }, world.manager.token);
    expect(await send(socket, channel.id, 'after')).toMatchObject({ ok: true, message: { seq: 2 } });
    expect(await seqs(channel.id)).toEqual([1, 2]);
  });

  it('a disabled messages room refuses its partners’ next message and still takes the vendor’s', async () => {
    const company = await createCompany(api, world.admin, 'Gamma Rooms', world.manager.id);
    const member = await createUser(api, world.admin, 'partner_member', company.id, 'Gil Member');
    const roomId = await messagesRoomOf(api, world.admin.token, company.id);
    const channel = await openChannel(world, company.id, 'Room switch');
    const partner = await sender(member);
    const vendor = await sender(world.manager);
    expect((await send(partner, channel.id, 'partner before')).ok).toBe(true);
    expect((await send(vendor, channel.id, 'vendor before')).ok).toBe(true);

    const path = `/companies/${company.id}/rooms/${roomId}`;
    expect((await api.patch(path, { enabled: false }, world.admin.token)).status).toBe(200);
    expect(await send(partner, channel.id, 'partner while disabled')).toMatchObject({
      ok: false,
      error: { statusCode: 404, message: 'Conversation not found' },
    });
    expect(await send(vendor, channel.id, 'vendor while disabled')).toMatchObject({
      ok: true,
      message: { seq: 3 },
    });

    expect((await api.patch(path, { enabled: true }, world.admin.token)).status).toBe(200);
    expect(await send(partner, channel.id, 'partner again')).toMatchObject({ ok: true, message: { seq: 4 } });
  });

  it('a deleted company’s conversations refuse the next message', async () => {
    const company = await createCompany(api, world.admin, 'Delta Gone', world.manager.id);
    const channel = await openChannel(world, company.id, 'Soon gone');
    const vendor = await sender(world.manager);
    expect((await send(vendor, channel.id, 'before')).ok).toBe(true);

    expect((await api.delete(`/companies/${company.id}`, world.admin.token)).status).toBe(204);
    expect(await send(vendor, channel.id, 'after')).toMatchObject({
      ok: false,
      error: { statusCode: 404 },
    });
    expect(await seqs(channel.id)).toEqual([1]);
  });

  it('each sender is judged as who they are: a direct conversation busy between two refuses a third', async () => {
    const direct = await openDirect(world, world.companyA, world.a.partner_executive, [
      world.a.partner_manager,
    ]);
    const participant = await sender(world.a.partner_executive);
    expect((await send(participant, direct.id, 'just us')).ok).toBe(true);

    const outsider = await sender(world.a.partner_member);
    expect(await send(outsider, direct.id, 'let me in')).toMatchObject({
      ok: false,
      error: { statusCode: 404 },
    });
    const otherCompany = await sender(world.b.partner_executive);
    expect(await send(otherCompany, direct.id, 'let me in')).toMatchObject({
      ok: false,
      error: { statusCode: 404 },
    });
    expect(await seqs(direct.id)).toEqual([1]);
  });

  it('alerts name the conversation as it is now, after a rename', async () => {
    const channel = await openChannel(world, world.companyA, 'First name');
    const socket = await sender(world.manager);
    expect((await send(socket, channel.id, 'warm up')).ok).toBe(true);

    const renamed = await api.patch(
      `/conversations/${channel.id}`,
      { name: 'Second name' },
      world.manager.token,
    );
    expect(renamed.status).toBe(200);
    const mention = await send(socket, channel.id, '@partner_member have a look');
    expect(mention.ok).toBe(true);
    await awaitMentions(world, [world.a.partner_member], mention.message.id);
    const alert = (await notificationsOf(world, world.a.partner_member)).find(
      (n) => n.data.messageId === mention.message.id,
    );
    expect(alert?.title).toBe('Cora Manager mentioned you in Second name');
  });

  it('racing resends of one clientId, and its reuse in another conversation, leave no gap in the seqs', async () => {
    const first = await openChannel(world, world.companyB, 'Race one');
    const second = await openChannel(world, world.companyB, 'Race two');
    const socket = await sender(world.b.partner_manager);
    const clientId = `race-${randomUUID()}`;
    const answers = await Promise.all([1, 2, 3].map(() => send(socket, first.id, 'once', clientId)));
    expect(new Set(answers.map((a) => a.message.id)).size).toBe(1);
    expect(await send(socket, second.id, 'elsewhere', clientId)).toMatchObject({
      ok: false,
      error: { statusCode: 409 },
    });

    expect(await send(socket, first.id, 'next')).toMatchObject({ ok: true, message: { seq: 2 } });
    expect(await send(socket, second.id, 'first here')).toMatchObject({ ok: true, message: { seq: 1 } });
    expect(await seqs(first.id)).toEqual([1, 2]);
    expect(await seqs(second.id)).toEqual([1]);
  });

  it('a clientId last used more than 24 h ago writes a new message', async () => {
    const channel = await openChannel(world, world.companyB, 'Old keys');
    const socket = await sender(world.b.partner_member);
    const clientId = `old-${randomUUID()}`;
    const first = await send(socket, channel.id, 'yesterday', clientId);
    expect(first).toMatchObject({ ok: true, message: { seq: 1 } });
    await app.dataSource.query(`UPDATE messages SET created_at = now() - interval '25 hours' WHERE id = $1`, [
      first.message.id,
    ]);

    const again = await send(socket, channel.id, 'today', clientId);
    expect(again).toMatchObject({ ok: true, message: { seq: 2, body: 'today', clientId } });
    expect(again.message.id).not.toBe(first.message.id);
    expect(await seqs(channel.id)).toEqual([1, 2]);
  });
});
