import { Api } from '../support/api';
import { buildWorld, World } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { dealIn, leadIn } from '../leads/leads-helpers';
import { planIn } from '../plans/plans-helpers';
import { ok, projectOf, taskOf } from '../projects/projects-helpers';

const DAY = 86_400_000;
const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);

/**
 * Every overview figure against numbers worked out by hand from a fixture made through the API. Lead
 * creation times are moved into the periods they stand for, the way the leads room's schedule tests do.
 */
describe('overview: every figure against a hand-computed fixture, and "since last visit"', () => {
  let app: TestApp;
  let api: Api;
  let world: World;
  let currency: string;

  beforeAll(async () => {
    app = await startTestApp();
    api = new Api(app.baseUrl);
    world = await buildWorld(api);
    currency = ok(await api.get(`/companies/${world.companyA}`, world.admin.token), 'company').currency;
  }, 120000);

  afterAll(() => app.close());

  const overview = async (token: string) =>
    ok(await api.get(`/companies/${world.companyA}/overview`, token), 'overview');
  const backdate = (leadId: string, at: Date) =>
    app.dataSource.query('UPDATE leads SET created_at = $2 WHERE id = $1', [leadId, at]);

  it('counts leads, open deals, commissions, plan gauges and due tasks', async () => {
    const now = new Date();
    const yearStart = new Date(Date.UTC(now.getUTCFullYear(), 0, 1));
    const thisQuarter = new Date(now.getTime() - 60_000);
    const earlierThisYear = new Date(yearStart.getTime() + 1000);
    const lastYear = new Date(yearStart.getTime() - 10 * DAY);
    // In January to March "earlier this year" is this quarter too.
    const firstQuarter = now.getUTCMonth() < 3;
    const executive = world.a.partner_executive;

    const leads: Array<[string, Date, typeof executive?]> = [
      ['submitted', thisQuarter],
      ['submitted', thisQuarter],
      ['approved', thisQuarter],
      ['rejected', thisQuarter],
      ['submitted', thisQuarter, executive],
      ['qualified', earlierThisYear],
      ['submitted', earlierThisYear],
      ['approved', lastYear],
      ['submitted', lastYear],
    ];
    for (const [status, at, by] of leads) {
      const lead = await leadIn(world, status, by ? { by } : {});
      await backdate(lead.id, at);
    }
    // Another partner's lead this quarter counts for them only.
    await leadIn(world, 'submitted', { by: world.b.partner_member });

    const amount = (value: string) => ({ value: { amount: value, currency } });
    await dealIn(world, 'prospecting', { body: amount('1000.00') });
    await dealIn(world, 'negotiation', { body: amount('2500.50') });
    await dealIn(world, 'proposal', { by: executive, body: amount('700.00') });
    const approved = await dealIn(world, 'closed_won', { body: amount('4000.00') });
    const pending = await dealIn(world, 'closed_won', { body: amount('3000.00') });
    const paid = await dealIn(world, 'closed_won', { by: executive, body: amount('2000.00') });
    await dealIn(world, 'closed_lost', { body: amount('9999.00') });
    await dealIn(world, 'prospecting', { by: world.b.partner_member, body: amount('8888.00') });
    // One open deal in another currency, at 1.10 of the workspace's base currency (the company's).
    const foreign = currency === 'EUR' ? 'GBP' : 'EUR';
    ok(
      await api.request('PUT', '/currency-rates', {
        body: { currency: foreign, rateToBase: '1.10' },
        token: world.admin.token,
      }),
      'rate',
    );
    await dealIn(world, 'qualification', {
      by: executive,
      body: { value: { amount: '100.00', currency: foreign } },
    });
    const ledger = ok(
      await api.get(`/commissions?companyId=${world.companyA}&limit=200`, world.admin.token),
      'ledger',
    ).items as any[];
    const commissionOf = (deal: { id: string }) => ledger.find((c) => c.dealId === deal.id).id;
    const move = async (deal: { id: string }, to: string) =>
      ok(
        await api.post(`/commissions/${commissionOf(deal)}/transitions`, { to }, world.admin.token),
        `commission to ${to}`,
      );
    await move(approved, 'approved');
    await move(paid, 'approved');
    await move(paid, 'paid');
    expect(ledger.find((c) => c.dealId === pending.id).status).toBe('pending');

    const plan = await planIn(world, 'active', 'Gauged plan');
    await planIn(world, 'scheduled', 'Next year');
    await planIn(world, 'draft_outline', 'Vendor outline');
    const [first, second] = plan.sections;
    const checklist = ok(
      await api.post(
        `/plans/${plan.id}/goals`,
        {
          sectionId: first.id,
          type: 'checklist',
          title: 'Launch',
          weight: 3,
          items: [{ text: 'Kick-off' }, { text: 'Training' }],
        },
        world.manager.token,
      ),
      'checklist',
    ).sections[0].goals[0];
    const manual = ok(
      await api.post(
        `/plans/${plan.id}/goals`,
        { sectionId: second.id, type: 'manual', title: 'Engineers', weight: 1, target: '10', unit: 'people' },
        world.manager.token,
      ),
      'manual',
    ).sections.find((s: any) => s.id === second.id).goals[0];
    ok(
      await api.post(
        `/plans/${plan.id}/goals/${checklist.id}/items/${checklist.items[0].id}/complete`,
        {},
        executive.token,
      ),
      'tick',
    );
    ok(
      await api.post(`/plans/${plan.id}/goals/${manual.id}/entries`, { value: '4' }, world.manager.token),
      'entry',
    );

    const project = await projectOf(world, 'Rollout');
    const overdue = await taskOf(world, project.id, { title: 'Overdue', dueDate: day(-2) });
    const soon = await taskOf(world, project.id, { title: 'Soon', dueDate: day(3) });
    const blocked = await taskOf(world, project.id, { title: 'Blocked', dueDate: day(6) });
    await taskOf(world, project.id, { title: 'Later', dueDate: day(20) });
    const done = await taskOf(world, project.id, { title: 'Done', dueDate: day(1) });
    for (const [task, status] of [
      [blocked, 'blocked'],
      [done, 'done'],
    ] as const) {
      ok(
        await api.patch(`/projects/${project.id}/tasks/${task.id}`, { status }, world.manager.token),
        status,
      );
    }

    const view = await overview(executive.token);
    // Quarter: 3 submitted (one the executive's), 1 approved, 1 rejected; the year adds 1 qualified and
    // 1 submitted from before the quarter; last year's 2 and company B's 1 never count.
    const quarter = firstQuarter
      ? { total: 7, byStatus: { submitted: 4, approved: 1, rejected: 1, qualified: 1 } }
      : { total: 5, byStatus: { submitted: 3, approved: 1, rejected: 1 } };
    expect(view.leads).toEqual({
      quarter,
      year: { total: 7, byStatus: { submitted: 4, approved: 1, rejected: 1, qualified: 1 } },
    });
    // Open: 1000.00 + 2500.50 + 700.00 + 100.00 × 1.10; won and lost deals and company B's are not in progress.
    expect(view.deals).toEqual({ inProgress: 4, value: { amount: '4310.50', currency } });
    // 10 % of the won deals: 400.00 approved + 200.00 paid earned, 300.00 pending.
    expect(view.commissions).toEqual({
      earned: { amount: '600.00', currency },
      pending: { amount: '300.00', currency },
    });
    // Checklist 50 % × weight 3 and manual 4 of 10 × weight 1: (150 + 40) / 4 = 47.5.
    expect(view.plans).toEqual({
      active: 1,
      scheduled: 1,
      completed: 0,
      items: [
        expect.objectContaining({ id: expect.any(String), name: 'Next year', status: 'scheduled' }),
        expect.objectContaining({
          id: plan.id,
          name: 'Gauged plan',
          status: 'active',
          overallCompletion: 47.5,
        }),
      ],
    });
    expect(view.tasks.dueSoon).toBe(3);
    expect(view.tasks.items.map((t: any) => [t.id, t.status, t.overdue, t.projectName])).toEqual([
      [overdue.id, 'todo', true, 'Rollout'],
      [soon.id, 'todo', false, 'Rollout'],
      [blocked.id, 'blocked', false, 'Rollout'],
    ]);

    // A partner member's figures are what they registered: the executive's lead, deals and commission drop out.
    const member = await overview(world.a.partner_member.token);
    expect(member.leads.year).toEqual({
      total: 6,
      byStatus: { submitted: 3, approved: 1, rejected: 1, qualified: 1 },
    });
    expect(member.deals).toEqual({ inProgress: 2, value: { amount: '3500.50', currency } });
    expect(member.commissions).toEqual({
      earned: { amount: '400.00', currency },
      pending: { amount: '300.00', currency },
    });
    expect(member.plans).toBeNull();
    // Without the plans part, the due tasks read the same as for the executive.
    expect(member.tasks).toEqual(view.tasks);

    // With the leads room disabled the lead figures are zero and the rest stays.
    const rooms = ok(
      await api.get(`/companies/${world.companyA}/rooms`, world.admin.token),
      'rooms',
    ) as any[];
    const leadsRoom = rooms.find((r) => r.kind === 'leads').id;
    const toggle = (enabled: boolean) =>
      api.patch(`/companies/${world.companyA}/rooms/${leadsRoom}`, { enabled }, world.admin.token);
    ok(await toggle(false), 'disable leads');
    const withoutLeads = await overview(executive.token);
    expect(withoutLeads.leads).toEqual({
      quarter: { total: 0, byStatus: {} },
      year: { total: 0, byStatus: {} },
    });
    expect(withoutLeads.deals).toEqual(view.deals);
    expect(withoutLeads.commissions).toEqual(view.commissions);
    ok(await toggle(true), 'enable leads');

    // Company B's executive sees company B's one lead and deal in their own overview.
    const other = ok(
      await api.get(`/companies/${world.companyB}/overview`, world.b.partner_executive.token),
      'company B',
    );
    expect(other.leads.year.total).toBe(1);
    expect(other.deals).toEqual({
      inProgress: 1,
      value: { amount: '8888.00', currency: expect.any(String) },
    });
  });

  it('shows only what came after the previous visit and moves the marker each time', async () => {
    const viewer = world.a.partner_manager;
    const first = await overview(viewer.token);
    expect(first.activity.since).toBeNull();
    // The first visit shows the history so far (the fixture above made plenty).
    expect(first.activity.count).toBeGreaterThan(0);

    const project = await projectOf(world, 'After the first visit');
    await planIn(world, 'draft_outline', 'Hidden from partners');
    const second = await overview(viewer.token);
    expect(second.activity.since).toBe(first.at);
    expect(second.activity.count).toBe(1);
    expect(second.activity.items.map((a: any) => [a.type, a.entityId])).toEqual([
      ['project.created', project.id],
    ]);

    const [marker] = await app.dataSource.query(
      `SELECT visited_at, last_seq::text AS last_seq FROM overview_visits WHERE user_id = $1 AND company_id = $2`,
      [viewer.id, world.companyA],
    );
    const [{ max }] = await app.dataSource.query(
      `SELECT MAX(seq)::text AS max FROM activity WHERE company_id = $1`,
      [world.companyA],
    );
    expect(new Date(marker.visited_at).toISOString()).toBe(second.at);
    expect(marker.last_seq).toBe(max);

    const third = await overview(viewer.token);
    expect(third.activity).toEqual({ since: second.at, count: 0, items: [] });
  });
});
