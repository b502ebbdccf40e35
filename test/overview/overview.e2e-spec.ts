import { Api } from '../support/api';
import { buildWorld, createUser, World } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { planIn } from '../plans/plans-helpers';
import { ok, projectOf, taskOf } from '../projects/projects-helpers';

const DAY = 86_400_000;
const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);

describe('overview: figures, plan gauges, due tasks and what changed since the last visit', () => {
  let app: TestApp;
  let api: Api;
  let world: World;

  beforeAll(async () => {
    app = await startTestApp();
    api = new Api(app.baseUrl);
    world = await buildWorld(api);
  });

  afterAll(async () => {
    await app.close();
  });

  it('adds up plan gauges and open tasks due soon against a hand-built fixture', async () => {
    await planIn(world, 'active', 'Active plan');
    await planIn(world, 'scheduled', 'Next year');
    await planIn(world, 'draft_outline', 'Vendor outline');
    const project = await projectOf(world, 'Due work');
    const overdue = await taskOf(world, project.id, { title: 'Overdue', dueDate: day(-1) });
    const soon = await taskOf(world, project.id, { title: 'Soon', dueDate: day(3) });
    await taskOf(world, project.id, { title: 'Later', dueDate: day(30) });
    const finished = await taskOf(world, project.id, { title: 'Finished', dueDate: day(1) });
    ok(
      await api.patch(
        `/projects/${project.id}/tasks/${finished.id}`,
        { status: 'done' },
        world.manager.token,
      ),
      'done',
    );

    const view = ok(
      await api.get(`/companies/${world.companyA}/overview`, world.a.partner_executive.token),
      'overview',
    );
    expect(view.plans).toMatchObject({ active: 1, scheduled: 1, completed: 0 });
    expect(view.plans.items.map((p: any) => p.name).sort()).toEqual(['Active plan', 'Next year']);
    expect(view.plans.items.every((p: any) => p.overallCompletion === 0)).toBe(true);
    expect(view.tasks.dueSoon).toBe(2);
    expect(view.tasks.items.map((t: any) => [t.id, t.overdue])).toEqual([
      [overdue.id, true],
      [soon.id, false],
    ]);
    // The sales figures are read through the partner metrics service; this fixture has none yet.
    expect(view.leads.year).toEqual({ total: 0, byStatus: {} });
    expect(view.deals).toEqual({ inProgress: 0, value: { amount: '0.00', currency: expect.any(String) } });

    const member = ok(
      await api.get(`/companies/${world.companyA}/overview`, world.a.partner_member.token),
      'member',
    );
    expect(member.plans).toBeNull();
    expect(
      (await api.get(`/companies/${world.companyA}/overview`, world.b.partner_executive.token)).status,
    ).toBe(404);
  });

  it('shows what happened since the previous visit and moves the marker', async () => {
    const viewer = (await createUser(api, world.admin, 'partner_member', world.companyA)).token;
    const first = ok(await api.get(`/companies/${world.companyA}/overview`, viewer), 'first');
    expect(first.activity.since).toBeNull();

    const again = ok(await api.get(`/companies/${world.companyA}/overview`, viewer), 'again');
    expect(again.activity.since).not.toBeNull();
    expect(again.activity.count).toBe(0);

    const project = await projectOf(world, 'Since last visit');
    const outline = await planIn(world, 'draft_outline', 'Hidden outline');
    const third = ok(await api.get(`/companies/${world.companyA}/overview`, viewer), 'third');
    expect(third.activity.count).toBe(1);
    expect(third.activity.items.map((a: any) => [a.type, a.entityId])).toEqual([
      ['project.created', project.id],
    ]);
    expect(third.activity.items.map((a: any) => a.entityId)).not.toContain(outline.id);

    // Each user has their own marker.
    const vendor = ok(await api.get(`/companies/${world.companyA}/overview`, world.manager.token), 'vendor');
    expect(vendor.activity.since).toBeNull();
    expect(vendor.activity.items.map((a: any) => a.entityId)).toEqual(
      expect.arrayContaining([project.id, outline.id]),
    );
    expect(ok(await api.get(`/companies/${world.companyA}/overview`, viewer), 'fourth').activity.count).toBe(
      0,
    );
  });
});
