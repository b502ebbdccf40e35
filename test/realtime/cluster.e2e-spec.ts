import { randomBytes } from 'node:crypto';
import { DatabaseHandle } from '../../src/core/database/embedded-postgres';
import { Api } from '../support/api';
import { buildWorld, World } from '../support/factories';
import { closeSockets, connect, request, roomOf, waitFor, waitForDisconnect } from '../support/realtime';
import { createTestDatabase, startTestApp, TestApp } from '../support/test-app';

// Two instances need Redis between them; CI always sets REDIS_URL.
const d = process.env.REDIS_URL ? describe : describe.skip;

d('realtime: two instances on one database and Redis behave as one', () => {
  let database: DatabaseHandle;
  let one: TestApp;
  let two: TestApp;
  let world: World;

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = { REDIS_PREFIX: `pws-test-${randomBytes(6).toString('hex')}:` };
    one = await startTestApp(env, database);
    two = await startTestApp({ ...env, JWT_SECRET: one.config.jwtSecret }, database);
    world = await buildWorld(new Api(one.baseUrl));
  });
  afterEach(() => closeSockets());
  afterAll(async () => {
    await one?.close();
    await two?.close();
    await database?.close();
  });

  it('converges presence and activity across instances and revokes cluster-wide', async () => {
    const roomId = await roomOf(world.api, world.admin.token, world.companyA, 'overview');
    const onOne = await connect(one.baseUrl, world.manager.token);
    const onTwo = await connect(two.baseUrl, world.a.partner_member.token);
    expect((await request(onOne, 'room:join', { roomId })).ok).toBe(true);
    const seesBoth = waitFor(onOne, 'presence', (p) => p.roomId === roomId && p.users.length === 2);
    const joined = await request(onTwo, 'room:join', { roomId });
    expect(joined.presence.users.map((u: { userId: string }) => u.userId).sort()).toEqual(
      [world.manager.id, world.a.partner_member.id].sort(),
    );
    await seesBoth;

    const away = waitFor(onOne, 'presence', (p) =>
      p.users.some((u: { state: string }) => u.state === 'away'),
    );
    await request(onTwo, 'presence:set', { roomId, state: 'away' });
    expect(
      (await away).users.find((u: { userId: string }) => u.userId === world.a.partner_member.id).state,
    ).toBe('away');

    // A change committed through instance one reaches the socket on instance two, and the reverse.
    const viaOne = waitFor(onTwo, 'activity', (a) => a.summary.endsWith('Hub'));
    await new Api(one.baseUrl).patch(
      `/companies/${world.companyA}/rooms/${roomId}`,
      { name: 'Hub' },
      world.admin.token,
    );
    await viaOne;
    const viaTwo = waitFor(onOne, 'activity', (a) => a.summary.endsWith('Lobby'));
    await new Api(two.baseUrl).patch(
      `/companies/${world.companyA}/rooms/${roomId}`,
      { name: 'Lobby' },
      world.admin.token,
    );
    await viaTwo;

    // Disabling the user through instance one closes their socket on instance two; presence follows.
    const left = waitFor(onOne, 'presence', (p) => p.roomId === roomId && p.users.length === 1);
    const closed = waitForDisconnect(onTwo, 2000);
    await new Api(one.baseUrl).patch(
      `/users/${world.a.partner_member.id}`,
      { status: 'disabled' },
      world.admin.token,
    );
    expect(await closed).toBe('io server disconnect');
    expect((await left).users[0].userId).toBe(world.manager.id);
  });

  it('a role change made on one instance removes the user from rooms on the other', async () => {
    const plans = await roomOf(world.api, world.admin.token, world.companyA, 'plans');
    const socket = await connect(two.baseUrl, world.a.partner_manager.token);
    expect((await request(socket, 'room:join', { roomId: plans })).ok).toBe(true);
    const removed = waitFor(socket, 'room:left', () => true, 2000);
    await new Api(one.baseUrl).patch(
      `/users/${world.a.partner_manager.id}`,
      { role: 'partner_member' },
      world.admin.token,
    );
    expect(await removed).toEqual({ roomId: plans, reason: 'access' });
  });
});
