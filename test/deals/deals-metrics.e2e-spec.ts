import { PartnerMetricsService } from '../../src/rooms/deals/partner-metrics.service';
import { PlanMetrics } from '../../src/rooms/plans/plan-metrics';
import { Api } from '../support/api';
import { buildWorld, World } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { dealIn, leadBody } from '../leads/leads-helpers';
import { planIn, THIS_YEAR } from '../plans/plans-helpers';

describe('partner metrics: the figures plan goals read from leads and deals', () => {
  let app: TestApp;
  let world: World;
  let api: Api;

  beforeAll(async () => {
    app = await startTestApp();
    api = new Api(app.baseUrl);
    world = await buildWorld(api);
  }, 120000);
  afterAll(() => app.close());

  it('counts and sums by company, period, status, product and currency', async () => {
    const { admin } = world;
    const company = await api.post('/companies', { name: 'Metrics GmbH', currency: 'EUR' }, admin.token);
    const companyId = company.body.id;
    const submit = async (products: string[]) =>
      (await api.post('/leads', { ...leadBody({ products }), companyId }, admin.token)).body;
    const one = await submit(['Widgets']);
    await submit(['Widgets']);
    await submit(['Gears']);
    await api.post(`/leads/${one.id}/transitions`, { to: 'approved' }, admin.token);
    await api.post(`/leads/${one.id}/transitions`, { to: 'qualified' }, admin.token);
    const today = new Date().toISOString().slice(0, 10);
    const deal = (stage: string, amount: string, currency: string, extra: Record<string, unknown> = {}) =>
      dealIn(world, stage, {
        by: admin,
        body: { companyId, value: { amount, currency }, expectedCloseDate: today, ...extra },
      });
    const open = await deal('prospecting', '1000.00', 'EUR', { products: ['Gears'] });
    await deal('negotiation', '500.00', 'USD');
    await deal('closed_won', '2000.00', 'EUR');
    await deal('closed_lost', '9999.00', 'EUR');
    await api.patch(`/deals/${open.id}`, { qualified: true }, admin.token);
    await api.request('PUT', '/currency-rates', {
      body: { currency: 'EUR', rateToBase: '1.25' },
      token: admin.token,
    });

    const metrics = app.running.app.get(PartnerMetricsService);
    const plans = app.running.app.get(PlanMetrics);
    const year = {
      workspaceId: world.workspaceId,
      companyId,
      from: `${THIS_YEAR}-01-01`,
      to: `${THIS_YEAR}-12-31`,
      currency: 'EUR',
    };
    const measure = (metric: any, extra: Record<string, unknown> = {}) =>
      plans.measure({ ...year, metric, ...extra });
    expect(await measure('leads_submitted')).toBe(3);
    expect(await measure('leads_submitted', { filters: { products: ['Gears'] } })).toBe(1);
    expect(await measure('leads_submitted', { filters: { status: ['submitted'] } })).toBe(2);
    expect(await measure('leads_qualified')).toBe(1);
    expect(await measure('deals_registered')).toBe(4);
    expect(await measure('deals_registered', { filters: { products: ['Gears'] } })).toBe(1);
    expect(await measure('deals_qualified')).toBe(1);
    expect(await measure('deals_won')).toBe(1);
    expect(await measure('closed_won_revenue')).toBe(2000);
    // 1000 EUR + 500 USD at EUR 1.25 per USD-base unit = 1000 + 400
    expect(await measure('pipeline_value')).toBe(1400);
    expect(await measure('pipeline_value', { filters: { status: ['negotiation'] } })).toBe(400);
    expect(await measure('closed_won_revenue', { currency: 'USD' })).toBe(2500);
    expect(await measure('deals_won', { from: `${THIS_YEAR - 1}-01-01`, to: `${THIS_YEAR - 1}-12-31` })).toBe(
      0,
    );
    expect(await measure('closed_won_revenue', { companyId: world.companyB })).toBe(0);
    expect(await metrics.measure({ ...year, metric: 'course_completions' })).toBe(0);
    expect(plans.has('pipeline_value')).toBe(true);
  });

  it('moves a plan’s revenue goal and stored progress when a deal is won', async () => {
    const plan = await planIn(world, 'active', 'Revenue plan');
    const sales = plan.sections.find((s: any) => s.kind === 'sales');
    const added = await api.post(
      `/plans/${plan.id}/goals`,
      {
        sectionId: sales.id,
        type: 'revenue',
        title: 'Closed revenue',
        metric: 'closed_won_revenue',
        target: '10000',
      },
      world.admin.token,
    );
    expect(added.status).toBe(201);
    const goalOf = (body: any) => body.sections.find((s: any) => s.id === sales.id).goals[0];
    expect(goalOf(added.body).progress).toBe(0);
    const currency = added.body.currency;
    const deal = await dealIn(world, 'negotiation', {
      by: world.a.partner_executive,
      body: { value: { amount: '2500.00', currency } },
    });
    let view = await api.get(`/plans/${plan.id}`, world.admin.token);
    expect(goalOf(view.body).progress).toBe(0);
    const won = await api.patch(`/deals/${deal.id}`, { stage: 'closed_won' }, world.manager.token);
    expect(won.status).toBe(200);
    view = await api.get(`/plans/${plan.id}`, world.admin.token);
    expect(goalOf(view.body).progress).toBe(25);
    const rows = await api.get(`/plans?companyId=${world.companyA}&limit=200`, world.admin.token);
    const row = rows.body.items.find((p: any) => p.id === plan.id);
    expect(Number(row.revenueActual)).toBe(2500);
    expect(Number(row.overallCompletion)).toBeGreaterThan(0);

    // The per-month breakdown puts the win in the month it closed, and only there.
    const monthly = await api.get(`/plans/${plan.id}?breakdown=month`, world.admin.token);
    const months: Array<{ month: string; actual: number }> = goalOf(monthly.body).months;
    expect(months).toHaveLength(12);
    const thisMonth = new Date().toISOString().slice(0, 7);
    expect(months.filter((m) => m.actual > 0)).toEqual([{ month: thisMonth, actual: 2500 }]);
    expect(goalOf(view.body).months).toBeUndefined();
    expect((await api.get(`/plans/${plan.id}?breakdown=week`, world.admin.token)).status).toBe(400);
  });
});
