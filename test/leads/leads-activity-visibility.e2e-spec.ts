import { Api } from '../support/api';
import { Actor, createUser, World } from '../support/factories';
import { closeSockets, record, waitFor } from '../support/realtime';
import { TestApp } from '../support/test-app';
import { joinedRoom, leadBody, listedActivity, startRoomWithColleague } from './leads-helpers';

type Activity = { type: string; entityId: string; roomId: string };

describe("leads activity: a partner member hears only of their own leads, managers of everyone's", () => {
  let app: TestApp;
  let world: World;
  let api: Api;
  let colleague: Actor;
  let roomId: string;

  beforeAll(async () => {
    ({ app, api, world, colleague, roomId } = await startRoomWithColleague('leads'));
  }, 120000);
  afterEach(() => closeSockets());
  afterAll(() => app.close());

  const joined = (actor: Actor) => joinedRoom(app, roomId, actor);

  async function submit(actor: Actor): Promise<string> {
    const res = await api.post('/leads', leadBody(), actor.token);
    expect(res.status).toBe(201);
    return res.body.id;
  }

  const listed = (actor: Actor) => listedActivity(api, roomId, actor);

  it('sends the member live activity of their own lead but not of a colleague’s; the manager and vendor get both', async () => {
    const member = await joined(world.a.partner_member);
    const manager = await joined(world.a.partner_manager);
    const vendor = await joined(world.manager);
    const memberSaw = record<Activity>(member, 'activity');

    const theirs = waitFor<Activity>(manager, 'activity', (a) => a.type === 'lead.submitted');
    const theirsAtVendor = waitFor<Activity>(vendor, 'activity', (a) => a.type === 'lead.submitted');
    const colleagueLead = await submit(colleague);
    expect((await theirs).entityId).toBe(colleagueLead);
    expect((await theirsAtVendor).entityId).toBe(colleagueLead);

    const moved = waitFor<Activity>(
      manager,
      'activity',
      (a) => a.type === 'lead.status_changed' && a.entityId === colleagueLead,
    );
    await api.post(`/leads/${colleagueLead}/transitions`, { to: 'approved' }, world.admin.token);
    await moved;

    // Fan-out keeps order, so once the member has their own entry, the colleague's would have come first.
    const mine = waitFor<Activity>(member, 'activity', (a) => a.type === 'lead.submitted');
    const mineAtManager = waitFor<Activity>(
      manager,
      'activity',
      (a) => a.type === 'lead.submitted' && a.entityId !== colleagueLead,
    );
    const ownLead = await submit(world.a.partner_member);
    expect((await mine).entityId).toBe(ownLead);
    expect((await mineAtManager).entityId).toBe(ownLead);
    expect(memberSaw.map((a) => a.entityId)).toEqual([ownLead]);
  });

  it('lists the member only their own lead activity, in the activity log and the overview; the manager both', async () => {
    const colleagueLead = await submit(colleague);
    const ownLead = await submit(world.a.partner_member);

    const member = await listed(world.a.partner_member);
    expect(member).toContain(ownLead);
    expect(member).not.toContain(colleagueLead);
    for (const actor of [world.a.partner_manager, world.a.partner_executive, world.manager]) {
      expect(await listed(actor)).toEqual(expect.arrayContaining([ownLead, colleagueLead]));
    }
    expect(await listed(colleague)).not.toContain(ownLead);

    const overview = await api.get(`/companies/${world.companyA}/overview`, world.a.partner_member.token);
    expect(overview.status).toBe(200);
    const seen = overview.body.activity.items.map((a: Activity) => a.entityId);
    expect(seen).toContain(ownLead);
    expect(seen).not.toContain(colleagueLead);
    const managerOverview = await api.get(
      `/companies/${world.companyA}/overview`,
      world.a.partner_executive.token,
    );
    expect(managerOverview.body.activity.items.map((a: Activity) => a.entityId)).toEqual(
      expect.arrayContaining([ownLead, colleagueLead]),
    );
  });

  it('stops the live feed of colleagues’ leads when a joined manager is made a member', async () => {
    const demoted = await createUser(api, world.admin, 'partner_manager', world.companyA, 'Dora Demoted');
    const socket = await joined(demoted);
    const before = waitFor<Activity>(socket, 'activity', (a) => a.type === 'lead.submitted');
    const first = await submit(colleague);
    expect((await before).entityId).toBe(first);

    const res = await api.patch(`/users/${demoted.id}`, { role: 'partner_member' }, world.admin.token);
    expect(res.status).toBe(200);
    // The gateway re-checks joined sockets after the change commits; within a deadline, a colleague's
    // lead must stop arriving while the member's own still does (fan-out order puts the colleague's first).
    const seen = record<Activity>(socket, 'activity');
    const deadline = Date.now() + 5000;
    for (;;) {
      const hidden = await submit(colleague);
      const next = waitFor<Activity>(
        socket,
        'activity',
        (a) => a.type === 'lead.submitted' && a.entityId !== hidden,
      );
      const own = await submit(demoted);
      expect((await next).entityId).toBe(own);
      if (!seen.some((a) => a.entityId === hidden)) break;
      if (Date.now() > deadline) throw new Error('the demoted member still hears of colleagues’ leads');
    }
  });
});
