import { Api } from '../support/api';
import { buildWorld, login, World } from '../support/factories';
import { closeSockets, connect, request, roomOf, waitFor, waitForDisconnect } from '../support/realtime';
import { startTestApp, TestApp } from '../support/test-app';

describe('realtime: ending access closes sockets', () => {
  let app: TestApp;
  let world: World;

  beforeAll(async () => {
    app = await startTestApp();
    world = await buildWorld(new Api(app.baseUrl));
  });
  afterEach(() => closeSockets());
  afterAll(() => app.close());

  it('disconnects every socket of a disabled user within 2 s, and nobody else', async () => {
    const target = world.b.partner_member;
    const second = await login(world.api, target.email);
    const tabs = [await connect(app.baseUrl, target.token), await connect(app.baseUrl, second.accessToken)];
    const colleague = await connect(app.baseUrl, world.b.partner_executive.token);
    const closed = tabs.map((tab) => waitForDisconnect(tab, 2000));
    const res = await world.api.patch(`/users/${target.id}`, { status: 'disabled' }, world.admin.token);
    expect(res.status).toBe(200);
    expect(await Promise.all(closed)).toEqual(['io server disconnect', 'io server disconnect']);
    expect(colleague.connected).toBe(true);
    const roomId = await roomOf(world.api, world.admin.token, world.companyB, 'overview');
    expect((await request(colleague, 'room:join', { roomId })).ok).toBe(true);
  });

  it('logout disconnects that session only', async () => {
    const user = world.a.partner_member;
    const other = await login(world.api, user.email);
    const ending = await connect(app.baseUrl, user.token);
    const staying = await connect(app.baseUrl, other.accessToken);
    const closed = waitForDisconnect(ending, 2000);
    const res = await world.api.post('/auth/logout', { refreshToken: user.refreshToken }, user.token);
    expect(res.status).toBe(204);
    expect(await closed).toBe('io server disconnect');
    expect(staying.connected).toBe(true);
    expect(
      (await request(staying, 'room:leave', { roomId: '00000000-0000-4000-8000-000000000000' })).error
        .statusCode,
    ).toBe(403);
  });

  it('a role change makes the user leave rooms the new role may not enter', async () => {
    const user = world.a.partner_manager;
    const plans = await roomOf(world.api, world.admin.token, world.companyA, 'plans');
    const overview = await roomOf(world.api, world.admin.token, world.companyA, 'overview');
    const socket = await connect(app.baseUrl, user.token);
    expect((await request(socket, 'room:join', { roomId: plans })).ok).toBe(true);
    expect((await request(socket, 'room:join', { roomId: overview })).ok).toBe(true);
    const left = waitFor(socket, 'room:left', () => true, 2000);
    const res = await world.api.patch(`/users/${user.id}`, { role: 'partner_member' }, world.admin.token);
    expect(res.status).toBe(200);
    expect(await left).toEqual({ roomId: plans, reason: 'access' });
    expect(await request(socket, 'presence:set', { roomId: plans, state: 'away' })).toMatchObject({
      ok: false,
      error: { statusCode: 403 },
    });
    expect((await request(socket, 'presence:set', { roomId: overview, state: 'away' })).ok).toBe(true);
  });
});
