import { Api } from '../support/api';
import { buildWorld, World } from '../support/factories';
import { RealtimeGateway } from '../../src/core/realtime/realtime.gateway';
import { closeSockets, connect, connected, record, request, roomOf, waitFor } from '../support/realtime';
import { startTestApp, TestApp } from '../support/test-app';

describe('realtime: connection state recovery replays missed activity in order', () => {
  let app: TestApp;
  let world: World;

  beforeAll(async () => {
    app = await startTestApp();
    world = await buildWorld(new Api(app.baseUrl));
  });
  afterEach(() => closeSockets());
  afterAll(() => app.close());

  it('recovers after a short disconnect with every missed event, in order, once', async () => {
    const roomId = await roomOf(world.api, world.admin.token, world.companyA, 'projects');
    const observer = await connect(app.baseUrl, world.admin.token);
    await request(observer, 'room:join', { roomId });
    const socket = await connect(app.baseUrl, world.a.partner_executive.token);
    expect((await request(socket, 'room:join', { roomId })).ok).toBe(true);
    const seen = record(socket, 'activity');
    // Receive one broadcast first: the client resumes from the offset of the last packet it got.
    const first = waitFor(socket, 'activity', (a) => a.summary.includes('Build'));
    await world.api.patch(
      `/companies/${world.companyA}/rooms/${roomId}`,
      { name: 'Build' },
      world.admin.token,
    );
    await first;

    // Wait until the server has seen the transport close, so the changes below are really missed.
    const gone = new Promise((resolve) =>
      app.running.app
        .get(RealtimeGateway)
        .server.of('/')
        .sockets.get(socket.id!)!
        .once('disconnect', resolve),
    );
    const shipped = waitFor(socket, 'activity', (a) => a.summary.endsWith('Ship'), 10_000);
    socket.io.engine.close();
    await gone;
    const back = waitFor(observer, 'presence', (p) => p.roomId === roomId && p.users.length === 2, 10_000);
    const names = ['Deliver', 'Review', 'Ship'];
    for (const name of names) {
      const res = await world.api.patch(
        `/companies/${world.companyA}/rooms/${roomId}`,
        { name },
        world.admin.token,
      );
      expect(res.status).toBe(200);
    }
    await connected(socket.connect());
    expect(socket.recovered).toBe(true);
    await shipped;
    expect(seen.slice(1).map((a) => a.summary.split(' ').pop())).toEqual(names);
    const seqs = seen.map((a) => BigInt(a.seq));
    expect([...seqs].sort((x, y) => (x < y ? -1 : 1))).toEqual(seqs);
    expect(new Set(seen.map((a) => a.id)).size).toBe(seen.length);

    // Still in the room: presence is restored and later events keep coming.
    await back;
    const later = waitFor(socket, 'activity', (a) => a.summary.endsWith('Done'));
    await world.api.patch(
      `/companies/${world.companyA}/rooms/${roomId}`,
      { name: 'Done' },
      world.admin.token,
    );
    await later;
  });

  it('does not recover a session whose user was disabled meanwhile', async () => {
    const roomId = await roomOf(world.api, world.admin.token, world.companyA, 'projects');
    const user = world.a.partner_member;
    const socket = await connect(app.baseUrl, user.token, { reconnection: true, reconnectionDelay: 50 });
    expect((await request(socket, 'room:join', { roomId })).ok).toBe(true);
    const seen = record(socket, 'activity');
    const first = waitFor(socket, 'activity', (a) => a.summary.endsWith('Alpha'));
    await world.api.patch(
      `/companies/${world.companyA}/rooms/${roomId}`,
      { name: 'Alpha' },
      world.admin.token,
    );
    await first;
    socket.io.reconnection(false);
    const closed = waitFor(socket, 'disconnect');
    socket.io.engine.close();
    await closed;
    await world.api.patch(
      `/companies/${world.companyA}/rooms/${roomId}`,
      { name: 'Secret' },
      world.admin.token,
    );
    expect(
      (await world.api.patch(`/users/${user.id}`, { status: 'disabled' }, world.admin.token)).status,
    ).toBe(200);
    const refused = waitFor(socket, 'connect_error');
    socket.connect();
    expect((await refused).data).toMatchObject({ statusCode: 401 });
    expect(seen.map((a) => a.summary)).toEqual([expect.stringMatching(/Alpha$/)]);
  });
});
