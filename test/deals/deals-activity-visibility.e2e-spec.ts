import { Api } from '../support/api';
import { Actor, World } from '../support/factories';
import { closeSockets, record, waitFor } from '../support/realtime';
import { TestApp } from '../support/test-app';
import { dealIn, joinedRoom, listedActivity, startRoomWithColleague } from '../leads/leads-helpers';

type Activity = { type: string; entityId: string };

describe("deals activity: a partner member hears only of their own deals, managers of everyone's", () => {
  let app: TestApp;
  let world: World;
  let api: Api;
  let colleague: Actor;
  let roomId: string;

  beforeAll(async () => {
    ({ app, api, world, colleague, roomId } = await startRoomWithColleague('deals'));
  }, 120000);
  afterEach(() => closeSockets());
  afterAll(() => app.close());

  const joined = (actor: Actor) => joinedRoom(app, roomId, actor);

  const listed = (actor: Actor) => listedActivity(api, roomId, actor);

  it('sends the member live activity of their own deal but not of a colleague’s won deal; the manager gets both', async () => {
    const member = await joined(world.a.partner_member);
    const manager = await joined(world.a.partner_executive);
    const memberSaw = record<Activity>(member, 'activity');

    const won = waitFor<Activity>(manager, 'activity', (a) => a.type === 'deal.won');
    const colleagueDeal = await dealIn(world, 'closed_won', { by: colleague });
    expect((await won).entityId).toBe(colleagueDeal.id);

    // Fan-out keeps order: the member's own entry arrives after anything the colleague's deal sent them.
    const mine = waitFor<Activity>(member, 'activity', (a) => a.type === 'deal.created');
    const mineAtManager = waitFor<Activity>(
      manager,
      'activity',
      (a) => a.type === 'deal.created' && a.entityId !== colleagueDeal.id,
    );
    const ownDeal = await dealIn(world, 'prospecting', { by: world.a.partner_member });
    expect((await mine).entityId).toBe(ownDeal.id);
    expect((await mineAtManager).entityId).toBe(ownDeal.id);
    expect(memberSaw.map((a) => a.entityId)).toEqual([ownDeal.id]);

    const memberListed = await listed(world.a.partner_member);
    expect(memberListed).toContain(ownDeal.id);
    expect(memberListed).not.toContain(colleagueDeal.id);
    for (const actor of [world.a.partner_executive, world.a.partner_manager, world.manager]) {
      expect(await listed(actor)).toEqual(expect.arrayContaining([ownDeal.id, colleagueDeal.id]));
    }
  });
});
