import { Api } from '../support/api';
import { buildWorld, World } from '../support/factories';
import { closeSockets, connect, record, request, waitFor, waitForDisconnect } from '../support/realtime';
import { startTestApp, TestApp } from '../support/test-app';

type Presence = {
  roomId: string;
  users: Array<{ userId: string; name: string; state: string; viewing: unknown }>;
};

describe('realtime: presence across two users and two tabs', () => {
  let app: TestApp;
  let world: World;
  let roomId: string;

  beforeAll(async () => {
    app = await startTestApp();
    world = await buildWorld(new Api(app.baseUrl));
    roomId = (await world.api.get(`/companies/${world.companyA}/rooms`, world.admin.token)).body.find(
      (r: { kind: string }) => r.kind === 'overview',
    ).id;
  });
  afterEach(() => closeSockets());
  afterAll(() => app.close());

  const of = (list: Presence, userId: string) => list.users.find((u) => u.userId === userId);
  const inRoom = (predicate: (p: Presence) => boolean) => (p: Presence) =>
    p.roomId === roomId && predicate(p);

  it('shows arrivals, tabs once, away only when every tab is away, and departures', async () => {
    const manager = await connect(app.baseUrl, world.manager.token);
    const joined = await request(manager, 'room:join', { roomId });
    expect(joined).toEqual({
      ok: true,
      presence: {
        roomId,
        users: [{ userId: world.manager.id, name: 'Cora Manager', state: 'active', viewing: null }],
      },
    });

    const partner = world.a.partner_executive;
    const tab1 = await connect(app.baseUrl, partner.token);
    const arrived = waitFor<Presence>(
      manager,
      'presence',
      inRoom((p) => p.users.length === 2),
    );
    const ack = await request(tab1, 'room:join', { roomId });
    expect(ack.ok).toBe(true);
    expect(ack.presence.users.map((u: { userId: string }) => u.userId).sort()).toEqual(
      [world.manager.id, partner.id].sort(),
    );
    expect(of(await arrived, partner.id)).toMatchObject({ state: 'active', viewing: null });

    // A second tab of the same user counts once.
    const tab2 = await connect(app.baseUrl, partner.token);
    const second = await request(tab2, 'room:join', { roomId });
    expect(second.presence.users).toHaveLength(2);

    const planId = '6f1c7a52-3b8e-4c1e-9d0a-6c2f1b8e4a10';
    const viewing = waitFor<Presence>(
      manager,
      'presence',
      inRoom((p) => (of(p, partner.id)?.viewing as { id?: string } | null)?.id === planId),
    );
    expect(
      await request(tab2, 'presence:set', { roomId, state: 'active', viewing: { type: 'plan', id: planId } }),
    ).toEqual({
      ok: true,
    });
    expect(of(await viewing, partner.id)).toMatchObject({
      state: 'active',
      viewing: { type: 'plan', id: planId },
    });

    // One tab away, the other active: still active.
    const seen = record<Presence>(manager, 'presence');
    expect((await request(tab1, 'presence:set', { roomId, state: 'away' })).ok).toBe(true);
    const allAway = waitFor<Presence>(
      manager,
      'presence',
      inRoom((p) => of(p, partner.id)?.state === 'away'),
    );
    expect((await request(tab2, 'presence:set', { roomId, state: 'away' })).ok).toBe(true);
    await allAway;
    expect(seen.every((p) => of(p, partner.id)?.state === 'active' || p === seen[seen.length - 1])).toBe(
      true,
    );

    // A vanished tab drops out; the user stays while another tab remains.
    const back = waitFor<Presence>(
      manager,
      'presence',
      inRoom((p) => of(p, partner.id)?.state === 'active'),
    );
    await request(tab1, 'presence:set', { roomId, state: 'active' });
    await back;
    const stillThere = waitFor<Presence>(
      manager,
      'presence',
      inRoom((p) => of(p, partner.id)?.state === 'away' && p.users.length === 2),
    );
    tab1.disconnect();
    await stillThere;

    const gone = waitFor<Presence>(
      manager,
      'presence',
      inRoom((p) => p.users.length === 1),
    );
    expect(await request(tab2, 'room:leave', { roomId })).toEqual({ ok: true });
    expect((await gone).users[0].userId).toBe(world.manager.id);
    tab2.disconnect();
    manager.disconnect();
    await waitForDisconnect(manager);
  });

  it('coalesces a burst of updates into a few broadcasts ending in the latest state', async () => {
    const watcher = await connect(app.baseUrl, world.admin.token);
    await request(watcher, 'room:join', { roomId });
    const busy = await connect(app.baseUrl, world.a.partner_manager.token);
    await request(busy, 'room:join', { roomId });
    const seen = record<Presence>(watcher, 'presence');
    const final = waitFor<Presence>(
      watcher,
      'presence',
      inRoom((p) => of(p, world.a.partner_manager.id)?.state === 'away'),
    );
    const burst: Promise<unknown>[] = [];
    for (let i = 0; i < 40; i++) {
      burst.push(
        request(busy, 'presence:set', { roomId, state: i === 39 ? 'away' : i % 2 ? 'away' : 'active' }),
      );
    }
    await Promise.all(burst);
    await final;
    expect(seen.length).toBeLessThan(10);
    expect(of(seen[seen.length - 1], world.a.partner_manager.id)?.state).toBe('away');
  });
});
