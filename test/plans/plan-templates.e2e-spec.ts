import { Api } from '../support/api';
import { buildWorld, World } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { planIn, THIS_YEAR } from './plans-helpers';

describe('plan templates (strategies)', () => {
  let app: TestApp;
  let world: World;
  let api: Api;

  beforeAll(async () => {
    app = await startTestApp();
    api = new Api(app.baseUrl);
    world = await buildWorld(api);
  }, 120000);
  afterAll(() => app.close());

  it('saves a plan as a template and applies it to a partner group with per-company targets', async () => {
    const source = await planIn(world, 'draft_outline', 'Gold source');
    const sectionId = source.sections[3].id;
    await api.post(
      `/plans/${source.id}/goals`,
      { sectionId, type: 'kpi', title: 'Deals won', metric: 'deals_won', target: '12', weight: 2 },
      world.admin.token,
    );
    await api.post(
      `/plans/${source.id}/goals`,
      {
        sectionId: source.sections[0].id,
        type: 'checklist',
        title: 'Launch',
        items: [{ text: 'Sign agreement' }],
      },
      world.admin.token,
    );

    const saved = await api.post(
      '/plan-templates',
      { name: 'Gold strategy', fromPlanId: source.id, groupIds: [world.groupId] },
      world.manager.token,
    );
    expect(saved.status).toBe(201);
    expect(saved.body.groupIds).toEqual([world.groupId]);
    expect(saved.body.sections[3].goals[0]).toMatchObject({ title: 'Deals won', target: '12.00' });

    const fiscalYear = THIS_YEAR + 6;
    const applied = await api.post(
      `/plan-templates/${saved.body.id}/apply`,
      {
        groupIds: [world.groupId],
        fiscalYear,
        overrides: { [world.companyA]: [{ goal: 'Deals won', target: '20' }] },
      },
      world.admin.token,
    );
    expect(applied.status).toBe(200);
    // Company A is the only member of the group.
    expect(applied.body.results).toHaveLength(1);
    const [result] = applied.body.results;
    expect(result).toMatchObject({ companyId: world.companyA, error: null });
    const plan = await api.get(`/plans/${result.planId}`, world.admin.token);
    expect(plan.body).toMatchObject({
      templateId: saved.body.id,
      fiscalYear,
      name: `Gold strategy FY${fiscalYear}`,
    });
    const goals = plan.body.sections.flatMap((s: { goals: unknown[] }) => s.goals);
    expect(goals.find((g: { title: string }) => g.title === 'Deals won').target).toBe('20.00');
    expect(goals.find((g: { title: string }) => g.title === 'Launch').items[0].text).toBe('Sign agreement');

    const again = await api.post(
      `/plan-templates/${saved.body.id}/apply`,
      { companyIds: [world.companyA, world.companyB], fiscalYear },
      world.admin.token,
    );
    expect(
      again.body.results.find((r: { companyId: string }) => r.companyId === world.companyA).error,
    ).toContain('already has a plan');
    expect(
      again.body.results.find((r: { companyId: string }) => r.companyId === world.companyB).planId,
    ).toBeTruthy();

    // A channel manager applies only to the companies they own.
    const byManager = await api.post(
      `/plan-templates/${saved.body.id}/apply`,
      { companyIds: [world.companyB], fiscalYear: fiscalYear + 1 },
      world.manager.token,
    );
    expect(byManager.body.results[0].error).toMatch(/channel manager or an admin/);

    expect(
      (await api.get('/plan-templates', world.manager.token)).body.map((t: { id: string }) => t.id),
    ).toContain(saved.body.id);
    expect((await api.get('/plan-templates', world.a.partner_executive.token)).status).toBe(403);
    expect(
      (await api.post('/plan-templates', { name: 'x', fromPlanId: source.id }, world.vendorMember.token))
        .status,
    ).toBe(403);
    const bad = await api.post(
      `/plan-templates/${saved.body.id}/apply`,
      {
        companyIds: [world.companyB],
        fiscalYear,
        overrides: { [world.companyB]: [{ goal: 'Deals won', target: 'lots' }] },
      },
      world.admin.token,
    );
    expect(bad.status).toBe(400);
  });
});
