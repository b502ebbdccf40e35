import { RealtimeGateway } from '../../src/core/realtime/realtime.gateway';
import { Api } from '../support/api';
import { Actor, buildWorld, createUser, World } from '../support/factories';
import {
  closeSockets,
  ClientSocket,
  connect,
  connected,
  record,
  request,
  waitFor,
} from '../support/realtime';
import { startTestApp, TestApp } from '../support/test-app';
import { dealIn } from '../leads/leads-helpers';
import { messagesRoomOf, openChannel, post } from './messages-helpers';

/**
 * A socket that recovers its session gets the messages it missed only for conversations its user may still
 * read: access lost while it was away drops them from the replay.
 */
describe('messages: a recovered socket is not replayed messages it may no longer read', () => {
  let app: TestApp;
  let world: World;
  let api: Api;

  beforeAll(async () => {
    app = await startTestApp();
    api = new Api(app.baseUrl);
    world = await buildWorld(api);
  }, 120000);
  afterEach(() => closeSockets());
  afterAll(() => app.close());

  /** A socket in the messages room that has received one message (recovery resumes from its offset). */
  async function joined(actor: Actor, companyId: string, warmUp: string) {
    const socket = await connect(app.baseUrl, actor.token);
    const roomId = await messagesRoomOf(api, world.admin.token, companyId);
    expect((await request(socket, 'room:join', { roomId })).ok).toBe(true);
    const channel = await openChannel(world, companyId, warmUp);
    const first = waitFor(socket, 'message:new', (m) => m.body === warmUp);
    await post(world, channel.id, world.admin, warmUp);
    await first;
    return { socket, roomId, channel };
  }

  /** Closes the transport and waits until the server has seen it, so what follows is really missed. */
  async function drop(socket: ClientSocket) {
    const gone = new Promise((resolve) =>
      app.running.app
        .get(RealtimeGateway)
        .server.of('/')
        .sockets.get(socket.id!)!
        .once('disconnect', resolve),
    );
    socket.io.engine.close();
    await gone;
  }

  it('drops a channel’s messages once the messages room was disabled meanwhile, replays the rest', async () => {
    const company = (
      await api.post('/companies', { name: 'Gamma Works', ownerId: world.manager.id }, world.admin.token)
    ).body as { id: string };
    const member = await createUser(api, world.admin, 'partner_member', company.id, 'Gus Member');
    const deal = await dealIn(world, 'proposal', { by: member });
    const { socket, roomId, channel } = await joined(member, company.id, 'Warm up');
    const seen = record(socket, 'message:new');

    await drop(socket);
    await post(world, channel.id, world.admin, 'Sent before the room closed');
    const disabled = await api.patch(
      `/companies/${company.id}/rooms/${roomId}`,
      { enabled: false },
      world.admin.token,
    );
    expect(disabled.status).toBe(200);
    // The deal's notes do not depend on the messages room: still theirs, so replayed.
    const note = await api.post(`/deals/${deal.id}/notes`, { body: 'Still yours' }, world.admin.token);
    expect(note.status).toBe(201);

    const control = waitFor(socket, 'message:new', (m) => m.body === 'Still yours', 10_000);
    await connected(socket.connect());
    expect(socket.recovered).toBe(true);
    await control;
    expect(seen.map((m) => m.body)).toEqual(['Still yours']);
    expect((await api.get(`/conversations/${channel.id}`, member.token)).status).toBe(404);
  });

  it('drops a deal thread’s messages once the user may no longer read the deal', async () => {
    const executive = await createUser(api, world.admin, 'partner_executive', world.companyA, 'Eve Exec');
    const deal = await dealIn(world, 'qualification', { by: world.a.partner_member });
    const { socket, channel } = await joined(executive, world.companyA, 'Hello');
    const seen = record(socket, 'message:new');

    await drop(socket);
    // Sent while the executive could read the deal, so it waits in their session...
    const note = await api.post(`/deals/${deal.id}/notes`, { body: 'Margin detail' }, world.admin.token);
    expect(note.status).toBe(201);
    // ...but by the time they are back, as a partner member, the deal is not theirs.
    const demoted = await api.patch(`/users/${executive.id}`, { role: 'partner_member' }, world.admin.token);
    expect(demoted.status).toBe(200);
    await post(world, channel.id, world.admin, 'Channel news');

    const control = waitFor(socket, 'message:new', (m) => m.body === 'Channel news', 10_000);
    await connected(socket.connect());
    expect(socket.recovered).toBe(true);
    await control;
    expect(seen.map((m) => m.body)).toEqual(['Channel news']);
    expect((await api.get(`/messages/${note.body.id}`, executive.token)).status).toBe(404);
  });
});
