import { PlansService } from '../../src/rooms/plans/plans.service';
import { Plan } from '../../src/rooms/plans/plan.entity';
import { Api } from '../support/api';
import { buildWorld, World } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { planIn, THIS_YEAR } from './plans-helpers';

describe('plan goals and weighted progress', () => {
  let app: TestApp;
  let world: World;
  let api: Api;

  beforeAll(async () => {
    app = await startTestApp();
    api = new Api(app.baseUrl);
    world = await buildWorld(api);
  }, 120000);
  afterAll(() => app.close());

  it('moves progress as checklist items are ticked and manual entries recorded', async () => {
    const plan = await planIn(world, 'draft', 'Progress plan');
    const [strategy, sales] = plan.sections;
    const owner = world.manager.token;
    const exec = world.a.partner_executive.token;

    let res = await api.post(
      `/plans/${plan.id}/goals`,
      {
        sectionId: strategy.id,
        type: 'checklist',
        title: 'Launch',
        weight: 3,
        items: [{ text: 'Kick-off' }, { text: 'x'.repeat(5000) }],
      },
      owner,
    );
    expect(res.status).toBe(201);
    const checklist = res.body.sections[0].goals[0];
    expect(checklist.items).toHaveLength(2);
    res = await api.post(
      `/plans/${plan.id}/goals`,
      {
        sectionId: sales.id,
        type: 'manual',
        title: 'Certified engineers',
        weight: 1,
        target: '10',
        unit: 'engineers',
      },
      exec,
    );
    expect(res.status).toBe(201);
    const manual = res.body.sections.find((s: { id: string }) => s.id === sales.id).goals[0];
    expect(res.body.overallCompletion).toBe(0);

    res = await api.post(
      `/plans/${plan.id}/goals/${checklist.id}/items/${checklist.items[0].id}/complete`,
      {},
      exec,
    );
    expect(res.status).toBe(200);
    const ticked = res.body.sections[0].goals[0].items[0];
    expect(ticked.completedById).toBe(world.a.partner_executive.id);
    expect(ticked.completedAt).not.toBeNull();
    // checklist 50 % × weight 3, manual 0 × weight 1 → 37.5
    expect(res.body.sections[0].completion).toBe(50);
    expect(res.body.overallCompletion).toBe(37.5);

    res = await api.post(
      `/plans/${plan.id}/goals/${manual.id}/entries`,
      { value: '4', note: 'Q1 cohort' },
      owner,
    );
    expect(res.status).toBe(201);
    // manual 40 % → (3×50 + 1×40) / 4 = 47.5
    expect(res.body.overallCompletion).toBe(47.5);

    res = await api.post(
      `/plans/${plan.id}/goals/${checklist.id}/items/${checklist.items[0].id}/uncomplete`,
      {},
      owner,
    );
    expect(res.body.overallCompletion).toBe(10);

    // Stored for the manage table and sorted on.
    const row = (await api.get(`/plans?q=Progress%20plan`, world.admin.token)).body.items[0];
    expect(row).toMatchObject({ id: plan.id, overallCompletion: 10 });

    // A partner member cannot tick; the other company cannot see it.
    expect(
      (
        await api.post(
          `/plans/${plan.id}/goals/${checklist.id}/items/${checklist.items[0].id}/complete`,
          {},
          world.a.partner_member.token,
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await api.post(
          `/plans/${plan.id}/goals/${manual.id}/entries`,
          { value: '1' },
          world.b.partner_executive.token,
        )
      ).status,
    ).toBe(404);
    // The vendor member reads but cannot record progress.
    expect(
      (
        await api.post(
          `/plans/${plan.id}/goals/${manual.id}/entries`,
          { value: '1' },
          world.vendorMember.token,
        )
      ).status,
    ).toBe(403);
  });

  it('lets partners edit goals while shared, not once active', async () => {
    const active = await planIn(world, 'active', 'Active plan');
    const section = active.sections[0];
    const exec = world.a.partner_executive.token;
    const refused = await api.post(
      `/plans/${active.id}/goals`,
      { sectionId: section.id, type: 'manual', title: 't', target: '1' },
      exec,
    );
    expect(refused.status).toBe(403);
    const byOwner = await api.post(
      `/plans/${active.id}/goals`,
      { sectionId: section.id, type: 'manual', title: 't', target: '1' },
      world.manager.token,
    );
    expect(byOwner.status).toBe(201);
    const goal = byOwner.body.sections[0].goals[0];
    // Progress is still recorded on an active plan by the partner.
    expect(
      (await api.post(`/plans/${active.id}/goals/${goal.id}/entries`, { value: '1' }, exec)).status,
    ).toBe(201);
  });

  it('validates goals by type and refuses unknown fields and a changed company', async () => {
    const plan = await planIn(world, 'draft_outline', 'Validation plan');
    const sectionId = plan.sections[0].id;
    const cases: Array<[object, string]> = [
      [{ sectionId, type: 'revenue', title: 'r', target: '100' }, 'metric'],
      [{ sectionId, type: 'revenue', title: 'r', metric: 'leads_submitted', target: '100' }, 'metric'],
      [{ sectionId, type: 'kpi', title: 'k', metric: 'deals_won' }, 'target'],
      [{ sectionId, type: 'manual', title: 'm', target: 'ten' }, 'target'],
      [{ sectionId, type: 'checklist', title: 'c', weight: 101 }, 'weight'],
      [{ sectionId, type: 'checklist', title: 'c', weight: 0 }, 'weight'],
      [{ sectionId, type: 'nope', title: 'c' }, 'type'],
      [{ sectionId: 'not-a-uuid', type: 'checklist', title: 'c' }, 'sectionId'],
      [{ sectionId, type: 'checklist', title: '' }, 'title'],
      [{ sectionId, type: 'checklist', title: 'c', extra: 1 }, 'extra'],
    ];
    for (const [body, field] of cases) {
      const res = await api.post(`/plans/${plan.id}/goals`, body, world.admin.token);
      expect({ field, status: res.status }).toEqual({ field, status: 400 });
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    const moved = await api.patch(`/plans/${plan.id}`, { companyId: world.companyB }, world.admin.token);
    expect(moved.status).toBe(400);
    expect(moved.body.details[0].field).toBe('companyId');
    const fresh = await api.get(`/plans/${plan.id}`, world.admin.token);
    expect(fresh.body.sections.flatMap((s: { goals: unknown[] }) => s.goals)).toEqual([]);
    expect(fresh.body.companyId).toBe(world.companyA);
    expect(
      (
        await api.post(
          '/plans',
          { companyId: world.companyA, name: 'bad', fiscalYear: 1999 },
          world.admin.token,
        )
      ).status,
    ).toBe(400);
    expect((await api.get('/plans?sort=bogus', world.admin.token)).status).toBe(400);
    expect(
      (await api.post(`/plans/${plan.id}/transitions`, { to: 'sideways' }, world.admin.token)).status,
    ).toBe(400);
  });

  it('takes quarter targets where null quarters share what the annual target leaves', async () => {
    const plan = await planIn(world, 'draft', 'Quarter targets plan');
    const sectionId = plan.sections[0].id;
    const goal = {
      sectionId,
      type: 'revenue',
      title: 'Closed revenue',
      metric: 'closed_won_revenue',
      target: '1000.00',
    };
    const res = await api.post(
      `/plans/${plan.id}/goals`,
      { ...goal, targets: ['400.00', null, null, '100.00'] },
      world.admin.token,
    );
    expect(res.status).toBe(201);
    const stored = await app.dataSource.query(`SELECT settings FROM plan_goals WHERE plan_id = $1`, [
      plan.id,
    ]);
    expect(stored[0].settings.targets).toEqual(['400.00', null, null, '100.00']);
    for (const targets of [
      ['x', null],
      [null, 5],
    ]) {
      const bad = await api.post(`/plans/${plan.id}/goals`, { ...goal, targets }, world.admin.token);
      expect(bad.status).toBe(400);
      expect(bad.body.details.map((d: { field: string }) => d.field)).toContain('targets');
    }
  });

  it('exports the manage table as CSV with formulas neutralised', async () => {
    await api.post(
      '/plans',
      { companyId: world.companyB, name: '=HYPERLINK("http://x")', fiscalYear: THIS_YEAR + 5 },
      world.admin.token,
    );
    const res = await api.get(
      `/plans/export.csv?columns=partner,plan,fiscalYear,status&q=HYPERLINK`,
      world.admin.token,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const lines = (res.body as string)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('Partner,Plan,Fiscal year,Status');
    expect(lines[1]).toBe(`Beta Solutions,"'=HYPERLINK(""http://x"")",${THIS_YEAR + 5},draft_outline`);
  });

  it('activates a scheduled plan at its start date without a request (clock injected)', async () => {
    const plan = await planIn(world, 'scheduled', 'Next year plan');
    const service = app.running.app.get(PlansService);
    const before = await service.runSchedule(new Date(`${THIS_YEAR}-12-31T12:00:00Z`));
    expect(before.activated).toBe(0);
    const repo = app.dataSource.getRepository(Plan);
    expect((await repo.findOneByOrFail({ id: plan.id })).status).toBe('scheduled');
    const after = await service.runSchedule(new Date(`${THIS_YEAR + 1}-01-01T00:00:01Z`));
    expect(after.activated).toBeGreaterThanOrEqual(1);
    expect((await repo.findOneByOrFail({ id: plan.id })).status).toBe('active');
    const feed = await api.get(
      `/activity?companyId=${world.companyA}&limit=5`,
      world.a.partner_executive.token,
    );
    expect(
      feed.body.items.map((a: { type: string; entityId: string }) => `${a.type}:${a.entityId}`),
    ).toContain(`plan.activated:${plan.id}`);
  });

  it('reconciles: freezes results, completes, and rolls over to next year', async () => {
    const plan = await planIn(world, 'active', 'Rollover FY');
    const section = plan.sections[0];
    const withGoal = await api.post(
      `/plans/${plan.id}/goals`,
      { sectionId: section.id, type: 'manual', title: 'Seats', target: '4' },
      world.admin.token,
    );
    const goal = withGoal.body.sections[0].goals[0];
    await api.post(`/plans/${plan.id}/goals/${goal.id}/entries`, { value: '1' }, world.admin.token);
    const done = await api.post(`/plans/${plan.id}/reconcile`, { rollOver: true }, world.admin.token);
    expect(done.status).toBe(200);
    expect(done.body.plan.status).toBe('completed');
    expect(done.body.plan.sections[0].goals[0].finalProgress).toBe(25);
    const next = await api.get(`/plans/${done.body.nextPlanId}`, world.admin.token);
    expect(next.body).toMatchObject({ status: 'draft_outline', fiscalYear: THIS_YEAR + 1 });
    expect(next.body.sections[0].goals[0]).toMatchObject({ title: 'Seats', target: '4.00', progress: 0 });
    expect(
      (await api.post(`/plans/${plan.id}/goals/${goal.id}/entries`, { value: '1' }, world.admin.token))
        .status,
    ).toBe(409);
  });
});
