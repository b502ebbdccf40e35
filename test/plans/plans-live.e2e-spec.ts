import { Api } from '../support/api';
import { buildWorld, World } from '../support/factories';
import { closeSockets, connect, record, request, roomOf, waitFor } from '../support/realtime';
import { startTestApp, TestApp } from '../support/test-app';
import { THIS_YEAR } from './plans-helpers';

describe('the plans room live: activity reaches the room, outlines stay vendor-only', () => {
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

  it('sends vendor sockets the outline, the partner only what follows the share, and progress live', async () => {
    const roomId = await roomOf(api, world.admin.token, world.companyA, 'plans');
    const vendor = await connect(app.baseUrl, world.manager.token);
    const partner = await connect(app.baseUrl, world.a.partner_executive.token);
    expect((await request(vendor, 'room:join', { roomId })).ok).toBe(true);
    expect((await request(partner, 'room:join', { roomId })).ok).toBe(true);
    const partnerSaw = record<{ type: string; entityId: string }>(partner, 'activity');

    type Activity = { type: string; entityId: string };
    // Listen before acting: the event can arrive before the HTTP response does.
    const outlined = waitFor(vendor, 'activity', (a: Activity) => a.type === 'plan.created');
    const created = await api.post(
      '/plans',
      { companyId: world.companyA, name: 'Live plan', fiscalYear: THIS_YEAR },
      world.manager.token,
    );
    const planId = created.body.id;
    expect((await outlined).entityId).toBe(planId);

    const goalAdded = waitFor(vendor, 'activity', (a: Activity) => a.type === 'goal.created');
    const goal = await api.post(
      `/plans/${planId}/goals`,
      {
        sectionId: created.body.sections[0].id,
        type: 'checklist',
        title: 'Launch',
        items: [{ text: 'Kick-off' }],
      },
      world.manager.token,
    );
    await goalAdded;

    const sharing = waitFor(partner, 'activity', (a: Activity) => a.type === 'plan.shared');
    await api.post(`/plans/${planId}/transitions`, { to: 'draft' }, world.manager.token);
    expect((await sharing).entityId).toBe(planId);
    // Nothing of the outline reached the partner before it was shared.
    expect(partnerSaw.map((a) => a.type)).toEqual(['plan.shared']);

    const checklist = goal.body.sections[0].goals[0];
    const completing = waitFor(vendor, 'activity', (a: Activity) => a.type === 'goal.completed');
    await api.post(
      `/plans/${planId}/goals/${checklist.id}/items/${checklist.items[0].id}/complete`,
      {},
      world.a.partner_executive.token,
    );
    expect((await completing).entityId).toBe(planId);
    const fresh = await api.get(`/plans/${planId}`, world.manager.token);
    expect(fresh.body.overallCompletion).toBe(100);
  });

  it('keeps partner members and other companies out of the plans room', async () => {
    const roomId = await roomOf(api, world.admin.token, world.companyA, 'plans');
    const member = await connect(app.baseUrl, world.a.partner_member.token);
    const foreign = await connect(app.baseUrl, world.b.partner_executive.token);
    expect(await request(member, 'room:join', { roomId })).toMatchObject({
      ok: false,
      error: { statusCode: 404 },
    });
    expect(await request(foreign, 'room:join', { roomId })).toMatchObject({
      ok: false,
      error: { statusCode: 404 },
    });
  });
});
