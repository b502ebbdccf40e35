import { Api } from '../support/api';
import { buildWorld, World } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { planIn, THIS_YEAR } from './plans-helpers';

describe('plan tasks, target accounts and quarterly reviews', () => {
  let app: TestApp;
  let world: World;
  let api: Api;

  beforeAll(async () => {
    app = await startTestApp();
    api = new Api(app.baseUrl);
    world = await buildWorld(api);
  }, 120000);
  afterAll(() => app.close());

  it('assigns tasks to people of either side and notifies them', async () => {
    const plan = await planIn(world, 'active', 'Task plan');
    const exec = world.a.partner_executive;
    const created = await api.post(
      `/plans/${plan.id}/tasks`,
      { title: 'Book enablement day', assigneeId: exec.id, dueDate: `${THIS_YEAR}-12-01` },
      world.manager.token,
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ assigneeId: exec.id, status: 'todo' });
    const inbox = await api.get('/notifications', exec.token);
    expect(inbox.body.items[0]).toMatchObject({ kind: 'task.assigned' });

    const done = await api.patch(
      `/plans/${plan.id}/tasks/${created.body.id}`,
      { status: 'done' },
      exec.token,
    );
    expect(done.status).toBe(200);
    expect(done.body.completedAt).not.toBeNull();

    // Someone of another partner is not a person of this partnership.
    const foreign = await api.post(
      `/plans/${plan.id}/tasks`,
      { title: 'x', assigneeId: world.b.partner_executive.id },
      world.manager.token,
    );
    expect(foreign.status).toBe(400);
    expect(foreign.body.details[0].field).toBe('assigneeId');
    expect((await api.get(`/plans/${plan.id}/tasks`, world.a.partner_manager.token)).body).toHaveLength(1);
    expect((await api.get(`/plans/${plan.id}/tasks`, world.b.partner_executive.token)).status).toBe(404);
    expect((await api.post(`/plans/${plan.id}/tasks`, { title: 'y' }, world.vendorMember.token)).status).toBe(
      403,
    );
  });

  it('keeps target accounts of the plan', async () => {
    const plan = await planIn(world, 'draft', 'Accounts plan');
    const created = await api.post(
      `/plans/${plan.id}/target-accounts`,
      { name: 'Globex', domain: 'Globex.example', ownerId: world.a.partner_manager.id },
      world.a.partner_manager.token,
    );
    expect(created.status).toBe(201);
    expect(created.body.domain).toBe('globex.example');
    const won = await api.patch(
      `/plans/${plan.id}/target-accounts/${created.body.id}`,
      { status: 'won' },
      world.admin.token,
    );
    expect(won.body.status).toBe('won');
    expect(
      (
        await api.patch(
          `/plans/${plan.id}/target-accounts/${created.body.id}`,
          { status: 'bought' },
          world.admin.token,
        )
      ).status,
    ).toBe(400);
  });

  it('freezes the scorecard of a review while progress moves on, and carries open actions forward', async () => {
    const plan = await planIn(world, 'active', 'QBR plan');
    const withGoal = await api.post(
      `/plans/${plan.id}/goals`,
      { sectionId: plan.sections[0].id, type: 'manual', title: 'Certified engineers', target: '10' },
      world.admin.token,
    );
    const goal = withGoal.body.sections[0].goals[0];
    await api.post(`/plans/${plan.id}/goals/${goal.id}/entries`, { value: '2' }, world.admin.token);

    const q1 = await api.post(
      `/plans/${plan.id}/reviews`,
      {
        quarter: 1,
        heldOn: `${THIS_YEAR}-03-30`,
        attendeeIds: [world.manager.id, world.a.partner_executive.id],
      },
      world.manager.token,
    );
    expect(q1.status).toBe(201);
    expect(q1.body.scorecard.goals[0]).toMatchObject({ title: 'Certified engineers', progress: 20 });
    expect(q1.body.document).toBe(`review:${q1.body.id}`);
    await api.post(
      `/plans/${plan.id}/reviews/${q1.body.id}/actions`,
      { text: 'Schedule the second cohort', ownerId: world.a.partner_executive.id },
      world.a.partner_executive.token,
    );
    const updated = await api.post(
      `/plans/${plan.id}/reviews/${q1.body.id}/actions`,
      { text: 'Share the deck' },
      world.manager.token,
    );
    const [cohort, deck] = updated.body.actions;
    await api.patch(
      `/plans/${plan.id}/reviews/${q1.body.id}/actions/${deck.id}`,
      { done: true },
      world.manager.token,
    );

    // Progress moves on; the Q1 scorecard does not.
    await api.post(`/plans/${plan.id}/goals/${goal.id}/entries`, { value: '3' }, world.admin.token);
    const again = await api.get(`/plans/${plan.id}/reviews/${q1.body.id}`, world.a.partner_manager.token);
    expect(again.body.scorecard.goals[0].progress).toBe(20);
    expect(again.body.scorecard.overallCompletion).toBe(20);

    const q2 = await api.post(
      `/plans/${plan.id}/reviews`,
      { quarter: 2, heldOn: `${THIS_YEAR}-06-29` },
      world.manager.token,
    );
    expect(q2.body.scorecard.goals[0].progress).toBe(50);
    expect(q2.body.actions).toEqual([
      expect.objectContaining({ text: 'Schedule the second cohort', done: false, carriedFromId: cohort.id }),
    ]);
    const list = await api.get(`/plans/${plan.id}/reviews`, world.admin.token);
    expect(list.body.map((r: { quarter: number }) => r.quarter)).toEqual([2, 1]);
    expect(
      (await api.post(`/plans/${plan.id}/reviews`, { quarter: 5, heldOn: 'soon' }, world.manager.token))
        .status,
    ).toBe(400);
  });
});
