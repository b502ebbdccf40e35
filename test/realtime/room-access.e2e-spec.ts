import { Api } from '../support/api';
import { buildWorld, World } from '../support/factories';
import { closeSockets, connect, record, request, roomOf, waitFor } from '../support/realtime';
import { startTestApp, TestApp } from '../support/test-app';

describe('realtime: room:join asks the access policy and leaks nothing', () => {
  let app: TestApp;
  let world: World;

  beforeAll(async () => {
    app = await startTestApp();
    world = await buildWorld(new Api(app.baseUrl));
  });
  afterEach(() => closeSockets());
  afterAll(() => app.close());

  it('refuses rooms of another company, rooms the role may not enter and unknown ids alike', async () => {
    const overviewA = await roomOf(world.api, world.admin.token, world.companyA, 'overview');
    const plansA = await roomOf(world.api, world.admin.token, world.companyA, 'plans');
    const notFound = {
      ok: false,
      error: { statusCode: 404, error: 'Not Found', message: 'Room not found' },
    };

    const outsider = await connect(app.baseUrl, world.b.partner_executive.token);
    const activity = record(outsider, 'activity');
    const presence = record(outsider, 'presence');
    expect(await request(outsider, 'room:join', { roomId: overviewA })).toEqual(notFound);
    expect(await request(outsider, 'room:join', { roomId: '00000000-0000-4000-8000-000000000000' })).toEqual(
      notFound,
    );
    const member = await connect(app.baseUrl, world.a.partner_member.token);
    expect(await request(member, 'room:join', { roomId: plansA })).toEqual(notFound);
    // The other company's channel manager is vendor staff and may look in.
    expect(
      (await request(await connect(app.baseUrl, world.otherManager.token), 'room:join', { roomId: plansA }))
        .ok,
    ).toBe(true);

    const garbage = await request(outsider, 'room:join', { roomId: 'room-1; DROP TABLE rooms' });
    expect(garbage).toMatchObject({ ok: false, error: { statusCode: 400, details: [{ field: 'roomId' }] } });

    // Later events on a room the socket is not in are refused the same way whether the room exists or not.
    const notJoined = {
      ok: false,
      error: { statusCode: 403, error: 'Forbidden', message: 'Join the room first' },
    };
    expect(await request(outsider, 'presence:set', { roomId: overviewA, state: 'away' })).toEqual(notJoined);
    expect(
      await request(outsider, 'typing', {
        roomId: overviewA,
        conversationId: '00000000-0000-4000-8000-000000000001',
      }),
    ).toEqual(notJoined);

    // A change in company A's room reaches a member who joined it, but never the refused outsider.
    const insider = await connect(app.baseUrl, world.a.partner_executive.token);
    expect((await request(insider, 'room:join', { roomId: overviewA })).ok).toBe(true);
    const renamed = waitFor(insider, 'activity', (a) => a.type === 'room.updated');
    const res = await world.api.patch(
      `/companies/${world.companyA}/rooms/${overviewA}`,
      { name: 'Home' },
      world.admin.token,
    );
    expect(res.status).toBe(200);
    await renamed;
    // The outsider's own room gets a change after that; its arrival proves the earlier one was not sent.
    const overviewB = await roomOf(world.api, world.admin.token, world.companyB, 'overview');
    expect((await request(outsider, 'room:join', { roomId: overviewB })).ok).toBe(true);
    const own = waitFor(outsider, 'activity', (a) => a.roomId === overviewB);
    await world.api.patch(
      `/companies/${world.companyB}/rooms/${overviewB}`,
      { name: 'Start' },
      world.admin.token,
    );
    await own;
    expect(activity.map((a) => a.roomId)).toEqual([overviewB]);
    expect(presence.every((p) => p.roomId === overviewB)).toBe(true);
  });

  it('keeps partners out of a disabled room and removes those inside', async () => {
    const leadsA = await roomOf(world.api, world.admin.token, world.companyA, 'leads');
    const partner = await connect(app.baseUrl, world.a.partner_manager.token);
    expect((await request(partner, 'room:join', { roomId: leadsA })).ok).toBe(true);
    const removed = waitFor(partner, 'room:left', (e) => e.roomId === leadsA);
    const res = await world.api.patch(
      `/companies/${world.companyA}/rooms/${leadsA}`,
      { enabled: false },
      world.admin.token,
    );
    expect(res.status).toBe(200);
    expect(await removed).toEqual({ roomId: leadsA, reason: 'access' });
    expect(await request(partner, 'presence:set', { roomId: leadsA, state: 'away' })).toMatchObject({
      ok: false,
      error: { statusCode: 403 },
    });
    expect(await request(partner, 'room:join', { roomId: leadsA })).toMatchObject({
      ok: false,
      error: { statusCode: 404 },
    });
    expect(
      (await request(await connect(app.baseUrl, world.admin.token), 'room:join', { roomId: leadsA })).ok,
    ).toBe(true);
    await world.api.patch(
      `/companies/${world.companyA}/rooms/${leadsA}`,
      { enabled: true },
      world.admin.token,
    );
  });
});
