import { Api } from '../support/api';
import { eventually } from '../support/collab-clients';
import { Actor, buildWorld, World } from '../support/factories';
import { closeSockets, connect, request, roomOf, waitFor } from '../support/realtime';
import { startTestApp, TestApp } from '../support/test-app';
import { dealIn } from '../leads/leads-helpers';

const STAGES = [
  'prospecting',
  'qualification',
  'proposal',
  'contract_review',
  'negotiation',
  'closed_won',
  'closed_lost',
];
const OPEN = STAGES.slice(0, 5);

describe('deals: stages, history, notes, pipeline, commissions', () => {
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

  it('registers a deal for the partner user, or on behalf of one by the owner', async () => {
    const res = await api.post(
      '/deals',
      {
        name: 'Rollout',
        customerName: 'Initech',
        customerDomain: 'initech.example',
        value: { amount: '5000', currency: 'eur' },
        probability: 40,
        expectedCloseDate: '2030-03-31',
      },
      world.a.partner_manager.token,
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      companyId: world.companyA,
      value: { amount: '5000.00', currency: 'EUR' },
      stage: 'prospecting',
      probability: 40,
      expectedCloseDate: '2030-03-31',
      qualified: false,
      registeredById: world.a.partner_manager.id,
      commissionRate: '10.00',
      commissionRateOverride: null,
      expectedCommission: { amount: '500.00', currency: 'EUR' },
      earnedCommission: null,
    });
    expect(res.body.stageHistory).toEqual([
      { from: null, to: 'prospecting', byId: world.a.partner_manager.id, at: expect.any(String) },
    ]);
    const onBehalf = await api.post(
      '/deals',
      {
        companyId: world.companyA,
        registeredById: world.a.partner_member.id,
        name: 'On behalf',
        customerName: 'Hooli',
        value: { amount: '1000.00', currency: 'EUR' },
        commissionRate: '15.5',
      },
      world.manager.token,
    );
    expect(onBehalf.status).toBe(201);
    expect(onBehalf.body).toMatchObject({
      registeredById: world.a.partner_member.id,
      commissionRate: '15.5',
    });
    expect(onBehalf.body.expectedCommission).toEqual({ amount: '155.00', currency: 'EUR' });
    const partnerRate = await api.post(
      '/deals',
      { name: 'x', customerName: 'y', value: { amount: '1.00', currency: 'EUR' }, commissionRate: '50' },
      world.a.partner_executive.token,
    );
    expect(partnerRate.status).toBe(403);
    const closed = await api.post(
      '/deals',
      { name: 'x', customerName: 'y', value: { amount: '1.00', currency: 'EUR' }, stage: 'closed_won' },
      world.a.partner_executive.token,
    );
    expect(closed.status).toBe(400);
  });

  it('runs the stage table: every from → to × role', async () => {
    const roles: Array<[string, Actor, 'vendorOwner' | 'partner' | 'readOnly']> = [
      ['admin', world.admin, 'vendorOwner'],
      ['owner', world.manager, 'vendorOwner'],
      ['channel_manager', world.otherManager, 'readOnly'],
      ['vendor_member', world.vendorMember, 'readOnly'],
      ['partner_executive', world.a.partner_executive, 'partner'],
      ['partner_manager', world.a.partner_manager, 'partner'],
      ['partner_member', world.a.partner_member, 'partner'],
    ];
    const want = (from: string, to: string, kind: string): number => {
      if (kind === 'readOnly') return 403;
      if (!OPEN.includes(from)) return 409;
      if (from === to) return 200;
      if (to === 'closed_won') return kind === 'vendorOwner' ? 200 : 403;
      return 200;
    };
    const seen: string[] = [];
    const expected: string[] = [];
    for (const from of STAGES) {
      const shared = await dealIn(world, from);
      for (const to of STAGES) {
        for (const [name, actor, kind] of roles) {
          const status = want(from, to, kind);
          const deal = status === 200 && from !== to ? await dealIn(world, from) : shared;
          const res = await api.patch(`/deals/${deal.id}`, { stage: to }, actor.token);
          seen.push(`${from}>${to} ${name} ${res.status}`);
          expected.push(`${from}>${to} ${name} ${status}`);
          if (res.status === 200) {
            expect(res.body.stage).toBe(to);
            if (from !== to) {
              expect(res.body.stageHistory.slice(-1)[0]).toMatchObject({ from, to, byId: actor.id });
            }
          }
        }
      }
      expect((await api.get(`/deals/${shared.id}`, world.admin.token)).body.stage).toBe(from);
    }
    expect(seen).toEqual(expected);
  }, 300000);

  it('keeps the qualified flag and the rate override for the vendor', async () => {
    const deal = await dealIn(world, 'prospecting');
    expect(
      (await api.patch(`/deals/${deal.id}`, { qualified: true }, world.a.partner_executive.token)).status,
    ).toBe(403);
    expect(
      (await api.patch(`/deals/${deal.id}`, { commissionRate: '20' }, world.a.partner_executive.token))
        .status,
    ).toBe(403);
    const res = await api.patch(
      `/deals/${deal.id}`,
      { qualified: true, commissionRate: '20.00' },
      world.manager.token,
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      qualified: true,
      commissionRate: '20.00',
      commissionRateOverride: '20.00',
    });
    expect(res.body.expectedCommission).toEqual({ amount: '2000.00', currency: 'EUR' });
    const cleared = await api.patch(`/deals/${deal.id}`, { commissionRate: null }, world.admin.token);
    expect(cleared.body).toMatchObject({ commissionRate: '10.00', commissionRateOverride: null });
  });

  it('shows a partner member only the deals they registered', async () => {
    const mine = await dealIn(world, 'prospecting', { by: world.a.partner_member });
    const colleague = await dealIn(world, 'prospecting', { by: world.a.partner_executive });
    const ids = async (actor: Actor) =>
      (await api.get('/deals?limit=200', actor.token)).body.items.map((d: any) => d.id) as string[];
    expect(await ids(world.a.partner_member)).toContain(mine.id);
    expect(await ids(world.a.partner_member)).not.toContain(colleague.id);
    expect(await ids(world.a.partner_manager)).toEqual(expect.arrayContaining([mine.id, colleague.id]));
    expect(await ids(world.b.partner_executive)).not.toContain(mine.id);
    expect((await api.get(`/deals/${colleague.id}`, world.a.partner_member.token)).status).toBe(404);
    expect(
      (await api.patch(`/deals/${colleague.id}`, { probability: 50 }, world.a.partner_member.token)).status,
    ).toBe(404);
    expect((await api.get(`/deals/${mine.id}`, world.b.partner_manager.token)).status).toBe(404);
  });

  it('filters, sorts, pages and exports the list', async () => {
    const tag = `Dl${Date.now().toString(36)}`;
    for (const amount of ['10.00', '20.00', '30.00']) {
      await dealIn(world, 'prospecting', {
        body: { name: `${tag} ${amount}`, value: { amount, currency: 'EUR' } },
      });
    }
    let res = await api.get(`/deals?q=${tag}&sort=-value&limit=2`, world.admin.token);
    expect(res.body.items.map((d: any) => d.value.amount)).toEqual(['30.00', '20.00']);
    res = await api.get(
      `/deals?q=${tag}&sort=-value&limit=2&cursor=${res.body.nextCursor}`,
      world.admin.token,
    );
    expect(res.body.items.map((d: any) => d.value.amount)).toEqual(['10.00']);
    res = await api.get(`/deals?q=${tag}&minValue=15&stage=prospecting,qualification`, world.admin.token);
    expect(res.body.items).toHaveLength(2);
    const csv = await api.get(`/deals/export.csv?q=${tag}&sort=value`, world.a.partner_executive.token);
    expect(csv.status).toBe(200);
    const lines = (csv.body as string).trim().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain(`${tag} 10.00`);
  });

  it('takes notes with mentions and notifies only people who may see the deal', async () => {
    const deal = await dealIn(world, 'qualification', { by: world.a.partner_member });
    const body = `Can @${world.manager.id} and @${world.a.partner_executive.email} join? Not @${world.b.partner_executive.id} nor @${world.a.partner_manager.id}.`;
    const res = await api.post(`/deals/${deal.id}/notes`, { body }, world.a.partner_member.token);
    expect(res.status).toBe(201);
    expect(res.body.mentionIds.sort()).toEqual(
      [world.manager.id, world.a.partner_executive.id, world.a.partner_manager.id].sort(),
    );
    // Notes are the deal's thread in the messages room: mentions alert as messages do, after commit.
    const mentioned = async (actor: Actor) =>
      (await api.get('/notifications', actor.token)).body.items.some(
        (n: any) => n.kind === 'message.mention' && n.data.messageId === res.body.id,
      );
    await eventually(() => mentioned(world.manager), 'the mention of the channel manager');
    await eventually(() => mentioned(world.a.partner_executive), 'the mention of the executive');
    await eventually(() => mentioned(world.a.partner_manager), 'the mention of the partner manager');
    expect(await mentioned(world.b.partner_executive)).toBe(false);
    const full = await api.get(`/deals/${deal.id}`, world.a.partner_member.token);
    expect(full.body.notes).toEqual([expect.objectContaining({ body, authorId: world.a.partner_member.id })]);
    expect(
      (await api.post(`/deals/${deal.id}/notes`, { body: 'x' }, world.b.partner_member.token)).status,
    ).toBe(404);
  });

  it('announces a win live in the deals room, notifies the team and earns the commission', async () => {
    const deal = await dealIn(world, 'negotiation', {
      by: world.a.partner_member,
      body: { value: { amount: '12500.00', currency: 'EUR' } },
    });
    const roomId = await roomOf(api, world.a.partner_member.token, world.companyA, 'deals');
    const socket = await connect(app.baseUrl, world.a.partner_member.token);
    await request(socket, 'room:join', { roomId });
    const live = waitFor(socket, 'activity', (a) => a.type === 'deal.won' && a.entityId === deal.id);
    const res = await api.patch(`/deals/${deal.id}`, { stage: 'closed_won' }, world.manager.token);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      stage: 'closed_won',
      probability: 100,
      expectedCommission: null,
      earnedCommission: { amount: '1250.00', currency: 'EUR' },
    });
    expect(res.body.closedAt).toEqual(expect.any(String));
    expect(await live).toMatchObject({ roomId, type: 'deal.won', entity: 'deal' });
    for (const actor of [world.a.partner_member, world.a.partner_manager, world.a.partner_executive]) {
      const notes = await api.get('/notifications', actor.token);
      expect(notes.body.items.some((n: any) => n.kind === 'deal.won' && n.link.includes(deal.id))).toBe(true);
    }
    const foreign = await api.get('/notifications', world.b.partner_executive.token);
    expect(foreign.body.items.some((n: any) => n.kind === 'deal.won')).toBe(false);
    expect((await api.patch(`/deals/${deal.id}`, { probability: 5 }, world.admin.token)).status).toBe(409);
  });

  it('keeps a ledger: pending → approved → paid, or declined with a reason, decided by the vendor', async () => {
    const won = async (amount: string, rate?: string) => {
      const deal = await dealIn(world, 'negotiation', { body: { value: { amount, currency: 'EUR' } } });
      if (rate) await api.patch(`/deals/${deal.id}`, { commissionRate: rate }, world.admin.token);
      return (await api.patch(`/deals/${deal.id}`, { stage: 'closed_won' }, world.admin.token)).body;
    };
    const first = await won('333.33', '33.33');
    const second = await won('1000.00');
    const ledger = await api.get(`/commissions?companyId=${world.companyA}&limit=200`, world.admin.token);
    expect(ledger.status).toBe(200);
    const row = (dealId: string) => ledger.body.items.find((c: any) => c.dealId === dealId);
    expect(row(first.id)).toMatchObject({
      status: 'pending',
      rate: '33.33',
      amount: { amount: '111.10', currency: 'EUR' },
    });
    expect(row(second.id)).toMatchObject({
      status: 'pending',
      rate: '10.00',
      amount: { amount: '100.00', currency: 'EUR' },
    });

    const move = (id: string, to: string, actor: Actor, reason?: string) =>
      api.post(`/commissions/${id}/transitions`, { to, ...(reason ? { reason } : {}) }, actor.token);
    const a = row(first.id).id;
    const b = row(second.id).id;
    expect((await move(a, 'approved', world.a.partner_executive)).status).toBe(403);
    expect((await move(a, 'approved', world.vendorMember)).status).toBe(403);
    expect((await move(a, 'approved', world.otherManager)).status).toBe(403);
    expect((await move(a, 'approved', world.b.partner_executive)).status).toBe(404);
    expect((await move(a, 'paid', world.admin)).status).toBe(409);
    expect((await move(a, 'approved', world.manager)).body.status).toBe('approved');
    const paid = await move(a, 'paid', world.admin);
    expect(paid.body).toMatchObject({ status: 'paid', paidAt: expect.any(String) });
    expect((await move(a, 'declined', world.admin, 'late')).status).toBe(409);
    expect((await move(b, 'declined', world.admin)).status).toBe(400);
    expect((await move(b, 'declined', world.admin, 'Duplicate of a direct deal')).body).toMatchObject({
      status: 'declined',
      reason: 'Duplicate of a direct deal',
    });

    const partner = await api.get('/commissions?limit=200', world.a.partner_executive.token);
    expect(partner.body.items.every((c: any) => c.companyId === world.companyA)).toBe(true);
    expect(partner.body.items.map((c: any) => c.id)).toEqual(expect.arrayContaining([a, b]));
    const totals = partner.body.totals.find((t: any) => t.currency === 'EUR');
    expect(Number(totals.paid)).toBeGreaterThanOrEqual(111.1);
    expect(Number(totals.declined)).toBeGreaterThanOrEqual(100);
    expect(Number(totals.expected)).toBeGreaterThan(0);
    expect(
      (await api.get('/commissions?limit=200', world.b.partner_executive.token)).body.items.map(
        (c: any) => c.id,
      ),
    ).not.toContain(a);
    expect(
      (await api.get(`/commissions?companyId=${world.companyA}`, world.b.partner_executive.token)).status,
    ).toBe(404);
    const paidOnly = await api.get(`/commissions?companyId=${world.companyA}&status=paid`, world.admin.token);
    expect(paidOnly.body.items.map((c: any) => c.id)).toEqual([a]);
  });

  it('sums the pipeline per stage in the company currency', async () => {
    const company = await api.post(
      '/companies',
      { name: `Pipe ${Date.now()}`, currency: 'EUR', ownerId: world.manager.id },
      world.admin.token,
    );
    const companyId = company.body.id;
    const mk = (stage: string, amount: string, currency = 'EUR') =>
      dealIn(world, stage, { by: world.admin, body: { companyId, value: { amount, currency } } });
    await mk('prospecting', '100.00');
    await mk('prospecting', '50.50');
    await mk('negotiation', '1000.00');
    await mk('closed_won', '400.00');
    await mk('proposal', '200.00', 'USD');
    let res = await api.get(`/pipeline?companyId=${companyId}`, world.manager.token);
    expect(res.status).toBe(200);
    const stage = (name: string) => res.body.stages.find((s: any) => s.stage === name);
    expect(res.body.currency).toBe('EUR');
    expect(stage('prospecting')).toEqual({
      stage: 'prospecting',
      count: 2,
      value: { amount: '150.50', currency: 'EUR' },
    });
    expect(stage('negotiation').value.amount).toBe('1000.00');
    expect(stage('closed_won')).toMatchObject({ count: 1, value: { amount: '400.00', currency: 'EUR' } });
    expect(stage('proposal')).toMatchObject({ count: 1, value: { amount: '0.00', currency: 'EUR' } });
    // USD → base (USD) is 1, EUR → base 1.25: 200 USD = 160 EUR
    expect(
      (
        await api.request('PUT', '/currency-rates', {
          body: { currency: 'EUR', rateToBase: '1.25' },
          token: world.manager.token,
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await api.request('PUT', '/currency-rates', {
          body: { currency: 'EUR', rateToBase: '1.25' },
          token: world.admin.token,
        })
      ).status,
    ).toBe(200);
    res = await api.get(`/pipeline?companyId=${companyId}`, world.manager.token);
    expect(stage('proposal').value.amount).toBe('160.00');
    expect(res.body.openValue.amount).toBe('1310.50');
    expect((await api.get(`/pipeline?companyId=${companyId}`, world.b.partner_executive.token)).status).toBe(
      404,
    );
    const own = await api.get('/pipeline', world.a.partner_member.token);
    expect(own.body.companyId).toBe(world.companyA);
  });
});
