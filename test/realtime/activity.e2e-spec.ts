import { EventBus } from '../../src/core/realtime/event-bus.service';
import { Api } from '../support/api';
import { buildWorld, World } from '../support/factories';
import { closeSockets, connect, record, request, roomOf, waitFor } from '../support/realtime';
import { startTestApp, TestApp } from '../support/test-app';

describe('realtime: committed changes reach the room, vendor-only ones only vendors', () => {
  let app: TestApp;
  let world: World;

  beforeAll(async () => {
    app = await startTestApp();
    world = await buildWorld(new Api(app.baseUrl));
  });
  afterEach(() => closeSockets());
  afterAll(() => app.close());

  it('delivers activity with its seq to every socket in the room after commit', async () => {
    const roomId = await roomOf(world.api, world.admin.token, world.companyA, 'deals');
    const vendor = await connect(app.baseUrl, world.vendorMember.token);
    const partner = await connect(app.baseUrl, world.a.partner_member.token);
    await request(vendor, 'room:join', { roomId });
    await request(partner, 'room:join', { roomId });
    const toVendor = waitFor(vendor, 'activity', (a) => a.type === 'room.updated');
    const toPartner = waitFor(partner, 'activity', (a) => a.type === 'room.updated');
    const res = await world.api.patch(
      `/companies/${world.companyA}/rooms/${roomId}`,
      { name: 'Pipeline' },
      world.admin.token,
    );
    expect(res.status).toBe(200);
    const event = await toPartner;
    expect(event).toEqual({
      id: expect.any(String),
      seq: expect.stringMatching(/^\d+$/),
      companyId: world.companyA,
      roomId,
      type: 'room.updated',
      entity: 'room',
      entityId: roomId,
      summary: expect.any(String),
      by: world.admin.id,
      at: expect.any(String),
    });
    expect(await toVendor).toEqual(event);
    // The same entry is what the catch-up route returns after the previous seq.
    const catchUp = await world.api.get(
      `/activity?after=${BigInt(event.seq) - 1n}&roomId=${roomId}`,
      world.a.partner_member.token,
    );
    expect(catchUp.body.items[0]).toMatchObject({ id: event.id, seq: event.seq });
  });

  it('never sends vendor-only activity to a partner socket', async () => {
    const overview = await roomOf(world.api, world.admin.token, world.companyA, 'overview');
    const files = await roomOf(world.api, world.admin.token, world.companyA, 'files');
    const vendor = await connect(app.baseUrl, world.manager.token);
    const partner = await connect(app.baseUrl, world.a.partner_executive.token);
    for (const socket of [vendor, partner]) {
      for (const roomId of [overview, files])
        expect((await request(socket, 'room:join', { roomId })).ok).toBe(true);
    }
    const partnerSaw = record(partner, 'activity');
    const disabled = waitFor(vendor, 'activity', (a) => a.type === 'room.disabled' && a.roomId === files);
    await world.api.patch(
      `/companies/${world.companyA}/rooms/${files}`,
      { enabled: false },
      world.admin.token,
    );
    await disabled;
    // Emits from one instance arrive in order, so once this later change arrives the earlier one would have too.
    const later = waitFor(partner, 'activity', (a) => a.roomId === overview && a.type === 'room.updated');
    await world.api.patch(
      `/companies/${world.companyA}/rooms/${overview}`,
      { name: 'Welcome' },
      world.admin.token,
    );
    await later;
    expect(partnerSaw.map((a) => a.type)).toEqual(['room.updated']);
    await world.api.patch(
      `/companies/${world.companyA}/rooms/${files}`,
      { enabled: true },
      world.admin.token,
    );
  });

  it('sends a notification to its user only', async () => {
    const mine = await connect(app.baseUrl, world.a.partner_manager.token);
    const other = await connect(app.baseUrl, world.a.partner_executive.token);
    const otherSaw = record(other, 'notification');
    const arrived = waitFor(mine, 'notification');
    const event = {
      id: '0f7d2c4e-1a2b-4c3d-8e9f-0a1b2c3d4e5f',
      userId: world.a.partner_manager.id,
      kind: 'task.assigned',
      title: 'A task for you',
      body: '',
      link: null,
      createdAt: new Date().toISOString(),
    };
    app.running.app.get(EventBus).notification(event);
    expect(await arrived).toEqual(event);
    const echo = waitFor(other, 'notification');
    app.running.app.get(EventBus).notification({ ...event, id: 'x', userId: world.a.partner_executive.id });
    await echo;
    expect(otherSaw.map((n) => n.id)).toEqual(['x']);
  });
});
