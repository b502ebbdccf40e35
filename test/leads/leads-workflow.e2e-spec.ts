import { Lead } from '../../src/rooms/leads/lead.entity';
import { Api } from '../support/api';
import { Actor, buildWorld, World } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { leadBody, leadIn } from './leads-helpers';

const STATUSES = [
  'submitted',
  'approved',
  'rejected',
  'qualified',
  'demo',
  'proposal',
  'won',
  'lost',
  'expired',
];
/** CONTRACT's lead workflow, written out: every other from → to is a 409. */
const ALLOWED = new Set([
  'submitted>approved',
  'submitted>rejected',
  'approved>qualified',
  'approved>lost',
  'qualified>demo',
  'qualified>lost',
  'demo>proposal',
  'demo>lost',
  'proposal>won',
  'proposal>lost',
]);

describe('leads: submit, workflow, protection, conversion', () => {
  let app: TestApp;
  let world: World;
  let api: Api;

  beforeAll(async () => {
    app = await startTestApp();
    api = new Api(app.baseUrl);
    world = await buildWorld(api);
  }, 120000);
  afterAll(() => app.close());

  it('lets a partner submit a lead and records who and when', async () => {
    const body = leadBody({ contactEmail: 'Dana@Example.COM', country: 'de' });
    const res = await api.post('/leads', body, world.a.partner_manager.token);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      companyId: world.companyA,
      customerName: body.customerName,
      country: 'DE',
      contactEmail: 'dana@example.com',
      products: ['Widgets'],
      estimatedValue: { amount: '12500.00', currency: 'EUR' },
      status: 'submitted',
      conflict: false,
      registeredById: world.a.partner_manager.id,
      submittedById: world.a.partner_manager.id,
      expiresAt: null,
    });
    expect(Date.parse(res.body.createdAt)).toBeGreaterThan(Date.now() - 60000);
  });

  it('lets the owner submit on behalf of a partner user, but not other vendor staff', async () => {
    const body = leadBody({ companyId: world.companyA, registeredById: world.a.partner_member.id });
    const res = await api.post('/leads', body, world.manager.token);
    expect(res.status).toBe(201);
    expect(res.body.registeredById).toBe(world.a.partner_member.id);
    expect(res.body.submittedById).toBe(world.manager.id);
    expect(
      (await api.post('/leads', { ...leadBody(), companyId: world.companyA }, world.otherManager.token))
        .status,
    ).toBe(403);
    expect(
      (await api.post('/leads', { ...leadBody(), companyId: world.companyA }, world.vendorMember.token))
        .status,
    ).toBe(403);
    expect((await api.post('/leads', leadBody(), world.admin.token)).status).toBe(400);
    const foreignUser = await api.post(
      '/leads',
      { ...leadBody(), companyId: world.companyA, registeredById: world.b.partner_member.id },
      world.admin.token,
    );
    expect(foreignUser.status).toBe(400);
    const impersonate = await api.post(
      '/leads',
      { ...leadBody(), registeredById: world.a.partner_executive.id },
      world.a.partner_member.token,
    );
    expect(impersonate.status).toBe(403);
  });

  it('creates one row for a submit retried with the same Idempotency-Key', async () => {
    const body = leadBody();
    const headers = { 'Idempotency-Key': `lead-${Date.now()}` };
    const first = await api.post('/leads', body, world.a.partner_executive.token, headers);
    const again = await api.post('/leads', body, world.a.partner_executive.token, headers);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    const rows = await app.dataSource.getRepository(Lead).countBy({ customerName: body.customerName });
    expect(rows).toBe(1);
  });

  it('shows a partner member only the leads they registered; managers the whole company', async () => {
    const mine = await leadIn(world, 'submitted', { by: world.a.partner_member });
    const colleague = await leadIn(world, 'submitted', { by: world.a.partner_manager });
    const ids = async (actor: Actor, query = '') => {
      const res = await api.get(`/leads?limit=200${query}`, actor.token);
      expect(res.status).toBe(200);
      return res.body.items.map((l: { id: string }) => l.id) as string[];
    };
    const member = await ids(world.a.partner_member);
    expect(member).toContain(mine.id);
    expect(member).not.toContain(colleague.id);
    expect(await ids(world.a.partner_manager)).toEqual(expect.arrayContaining([mine.id, colleague.id]));
    expect(await ids(world.a.partner_executive)).toEqual(expect.arrayContaining([mine.id, colleague.id]));
    expect(await ids(world.b.partner_executive)).not.toContain(mine.id);
    expect((await api.get(`/leads/${colleague.id}`, world.a.partner_member.token)).status).toBe(404);
    expect((await api.get(`/leads/${mine.id}`, world.a.partner_member.token)).status).toBe(200);
    expect((await api.get(`/leads/${mine.id}`, world.b.partner_executive.token)).status).toBe(404);
    expect((await api.get(`/leads/${mine.id}`, world.vendorMember.token)).status).toBe(200);
  });

  it('filters, searches, sorts and pages the list', async () => {
    const tag = `Filt${Date.now().toString(36)}`;
    const made = [] as any[];
    for (const amount of ['100.00', '200.00', '300.00']) {
      made.push(
        await leadIn(world, 'submitted', {
          by: world.a.partner_executive,
          body: { customerName: `${tag} ${amount}`, estimatedValue: { amount, currency: 'EUR' } },
        }),
      );
    }
    await api.post(`/leads/${made[0].id}/transitions`, { to: 'approved' }, world.admin.token);
    const token = world.admin.token;
    let res = await api.get(`/leads?q=${tag}&sort=value&limit=2`, token);
    expect(res.body.items.map((l: any) => l.estimatedValue.amount)).toEqual(['100.00', '200.00']);
    expect(res.body.nextCursor).toEqual(expect.any(String));
    res = await api.get(`/leads?q=${tag}&sort=value&limit=2&cursor=${res.body.nextCursor}`, token);
    expect(res.body.items.map((l: any) => l.estimatedValue.amount)).toEqual(['300.00']);
    expect(res.body.nextCursor).toBeNull();
    res = await api.get(`/leads?q=${tag}&status=approved`, token);
    expect(res.body.items.map((l: any) => l.id)).toEqual([made[0].id]);
    res = await api.get(`/leads?q=${tag}&minValue=150&maxValue=250`, token);
    expect(res.body.items.map((l: any) => l.id)).toEqual([made[1].id]);
    res = await api.get(
      `/leads?q=${tag}&registeredById=${world.a.partner_executive.id}&companyId=${world.companyA}`,
      token,
    );
    expect(res.body.items).toHaveLength(3);
    const today = new Date().toISOString().slice(0, 10);
    res = await api.get(`/leads?q=${tag}&from=${today}&to=${today}`, token);
    expect(res.body.items).toHaveLength(3);
    res = await api.get(`/leads?q=${tag}&to=2000-01-01`, token);
    expect(res.body.items).toHaveLength(0);
    const csv = await api.get(`/leads/export.csv?q=${tag}&sort=value`, token);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (csv.body as string).trim().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain(`${tag} 100.00`);
  });

  it('runs the transition table: every from → to × role', async () => {
    const roles: Array<[string, Actor, boolean]> = [
      ['admin', world.admin, true],
      ['owner', world.manager, true],
      ['channel_manager', world.otherManager, false],
      ['vendor_member', world.vendorMember, false],
      ['partner_executive', world.a.partner_executive, false],
      ['partner_manager', world.a.partner_manager, false],
      ['partner_member', world.a.partner_member, false],
    ];
    const seen: string[] = [];
    const expected: string[] = [];
    for (const from of STATUSES) {
      const shared = await leadIn(world, from);
      if (from === 'expired') {
        await app.dataSource.getRepository(Lead).update({ id: shared.id }, { status: 'expired' });
      }
      for (const to of STATUSES) {
        for (const [name, actor, decides] of roles) {
          const allowed = ALLOWED.has(`${from}>${to}`);
          const want = !allowed ? 409 : decides ? 200 : 403;
          const lead = allowed && decides ? await leadIn(world, from) : shared;
          const res = await api.post(`/leads/${lead.id}/transitions`, { to, reason: 'because' }, actor.token);
          seen.push(`${from}>${to} ${name} ${res.status}`);
          expected.push(`${from}>${to} ${name} ${want}`);
          if (res.status === 200) expect(res.body.status).toBe(to);
        }
      }
      const still = await api.get(`/leads/${shared.id}`, world.admin.token);
      expect(still.body.status).toBe(from);
    }
    expect(seen).toEqual(expected);
  }, 240000);

  it('requires a reason to reject and shows it to the partner, who is notified', async () => {
    const lead = await leadIn(world, 'submitted');
    const bare = await api.post(`/leads/${lead.id}/transitions`, { to: 'rejected' }, world.admin.token);
    expect(bare.status).toBe(400);
    expect(bare.body.details).toEqual([expect.objectContaining({ field: 'reason' })]);
    const res = await api.post(
      `/leads/${lead.id}/transitions`,
      { to: 'rejected', reason: 'Already a direct customer' },
      world.manager.token,
    );
    expect(res.status).toBe(200);
    const seen = await api.get(`/leads/${lead.id}`, world.a.partner_member.token);
    expect(seen.body).toMatchObject({ status: 'rejected', statusReason: 'Already a direct customer' });
    const notes = await api.get('/notifications', world.a.partner_member.token);
    expect(
      notes.body.items.some(
        (n: any) => n.kind === 'lead.status_changed' && n.body.includes('Already a direct customer'),
      ),
    ).toBe(true);
  });

  it('sets the protection period at approval: the company setting, else the workspace default', async () => {
    const before = Date.now();
    const lead = await leadIn(world, 'approved');
    const days = (Date.parse(lead.expiresAt) - before) / 86_400_000;
    expect(days).toBeGreaterThan(89.9);
    expect(days).toBeLessThan(90.1);
    await app.dataSource.query('UPDATE companies SET lead_protection_days = 30 WHERE id = $1', [
      world.companyA,
    ]);
    try {
      const short = await leadIn(world, 'approved');
      const shortDays = (Date.parse(short.expiresAt) - before) / 86_400_000;
      expect(shortDays).toBeGreaterThan(29.9);
      expect(shortDays).toBeLessThan(30.1);
    } finally {
      await app.dataSource.query('UPDATE companies SET lead_protection_days = NULL WHERE id = $1', [
        world.companyA,
      ]);
    }
  });

  it('allows one approved registration per customer and product at a time', async () => {
    const first = await leadIn(world, 'approved', {
      body: { customerDomain: 'sole-customer.com', products: ['Widgets'] },
    });
    const rival = await api.post(
      '/leads',
      leadBody({ customerDomain: 'https://sole-customer.com/', products: ['Widgets', 'Gears'] }),
      world.b.partner_executive.token,
    );
    expect(rival.body.conflict).toBe(true);
    const approve = await api.post(
      `/leads/${rival.body.id}/transitions`,
      { to: 'approved' },
      world.admin.token,
    );
    expect(approve.status).toBe(409);
    const otherProduct = await api.post(
      '/leads',
      leadBody({ customerDomain: 'sole-customer.com', products: ['Gears'] }),
      world.b.partner_executive.token,
    );
    expect(
      (await api.post(`/leads/${otherProduct.body.id}/transitions`, { to: 'approved' }, world.admin.token))
        .status,
    ).toBe(200);
    await api.post(`/leads/${first.id}/transitions`, { to: 'lost', reason: 'Went quiet' }, world.admin.token);
    expect(
      (await api.post(`/leads/${rival.body.id}/transitions`, { to: 'approved' }, world.admin.token)).status,
    ).toBe(409);
  });

  it('lets the partner edit until the vendor decides; the vendor while it is open', async () => {
    const lead = await leadIn(world, 'submitted');
    let res = await api.patch(
      `/leads/${lead.id}`,
      { contactPhone: '+49 30 1234', notes: 'Budget confirmed' },
      world.a.partner_member.token,
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ contactPhone: '+49 30 1234', notes: 'Budget confirmed' });
    await api.post(`/leads/${lead.id}/transitions`, { to: 'approved' }, world.admin.token);
    res = await api.patch(`/leads/${lead.id}`, { notes: 'late' }, world.a.partner_member.token);
    expect(res.status).toBe(403);
    res = await api.patch(`/leads/${lead.id}`, { notes: 'vendor note' }, world.manager.token);
    expect(res.status).toBe(200);
    const lost = await leadIn(world, 'lost');
    expect((await api.patch(`/leads/${lost.id}`, { notes: 'x' }, world.admin.token)).status).toBe(409);
  });

  it('takes an extension request and lets the vendor grant or refuse it', async () => {
    const lead = await leadIn(world, 'approved');
    expect(
      (await api.post(`/leads/${lead.id}/extension/decision`, { grant: true }, world.admin.token)).status,
    ).toBe(409);
    let res = await api.post(
      `/leads/${lead.id}/extension`,
      { reason: 'Procurement is slow', days: 20 },
      world.a.partner_member.token,
    );
    expect(res.status).toBe(200);
    expect(res.body.extension).toMatchObject({ status: 'pending', days: 20, reason: 'Procurement is slow' });
    expect(
      (await api.post(`/leads/${lead.id}/extension`, { reason: 'again' }, world.a.partner_member.token))
        .status,
    ).toBe(409);
    expect(
      (
        await api.post(
          `/leads/${lead.id}/extension/decision`,
          { grant: true },
          world.a.partner_executive.token,
        )
      ).status,
    ).toBe(403);
    res = await api.post(`/leads/${lead.id}/extension/decision`, { grant: true }, world.manager.token);
    expect(res.status).toBe(200);
    expect(res.body.extension.status).toBe('granted');
    expect(Date.parse(res.body.expiresAt) - Date.parse(lead.expiresAt)).toBe(20 * 86_400_000);
    res = await api.post(
      `/leads/${lead.id}/extension`,
      { reason: 'One more month' },
      world.a.partner_member.token,
    );
    expect(res.status).toBe(200);
    res = await api.post(
      `/leads/${lead.id}/extension/decision`,
      { grant: false, reason: 'Long enough' },
      world.admin.token,
    );
    expect(res.status).toBe(200);
    expect(res.body.extension).toMatchObject({ status: 'refused', decisionReason: 'Long enough' });
    const unchanged = await api.get(`/leads/${lead.id}`, world.admin.token);
    expect(Date.parse(unchanged.body.expiresAt)).toBe(Date.parse(lead.expiresAt) + 20 * 86_400_000);
    const submitted = await leadIn(world, 'submitted');
    expect(
      (await api.post(`/leads/${submitted.id}/extension`, { reason: 'early' }, world.a.partner_member.token))
        .status,
    ).toBe(409);
  });

  it('converts an approved lead into its deal, linked both ways, once', async () => {
    const submitted = await leadIn(world, 'submitted');
    expect((await api.post(`/leads/${submitted.id}/convert`, {}, world.admin.token)).status).toBe(409);
    const lead = await leadIn(world, 'qualified', { body: { products: ['Widgets', 'Gears'] } });
    const res = await api.post(`/leads/${lead.id}/convert`, {}, world.a.partner_member.token);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      companyId: world.companyA,
      customerName: lead.customerName,
      value: { amount: '12500.00', currency: 'EUR' },
      products: ['Widgets', 'Gears'],
      sourceLeadId: lead.id,
      registeredById: world.a.partner_member.id,
      stage: 'qualification',
    });
    const linked = await api.get(`/leads/${lead.id}`, world.a.partner_member.token);
    expect(linked.body.dealId).toBe(res.body.id);
    expect((await api.get(`/deals/${res.body.id}`, world.a.partner_member.token)).status).toBe(200);
    expect((await api.post(`/leads/${lead.id}/convert`, {}, world.admin.token)).status).toBe(409);
  });

  it('wins the source lead with its deal, along the transition table, with activity', async () => {
    const lead = await leadIn(world, 'qualified');
    const deal = (await api.post(`/leads/${lead.id}/convert`, {}, world.a.partner_member.token)).body;
    let res = await api.patch(`/deals/${deal.id}`, { stage: 'negotiation' }, world.a.partner_member.token);
    expect(res.status).toBe(200);
    expect((await api.get(`/leads/${lead.id}`, world.admin.token)).body.status).toBe('qualified');
    res = await api.patch(`/deals/${deal.id}`, { stage: 'closed_won' }, world.manager.token);
    expect(res.status).toBe(200);
    expect((await api.get(`/leads/${lead.id}`, world.a.partner_member.token)).body.status).toBe('won');
    const rows = await app.dataSource.query(
      `SELECT type, entity, entity_id, data FROM activity WHERE entity_id IN ($1, $2) ORDER BY seq`,
      [lead.id, deal.id],
    );
    expect(rows.slice(-2)).toMatchObject([
      { type: 'deal.won', entity_id: deal.id },
      {
        type: 'lead.status_changed',
        entity_id: lead.id,
        data: { from: 'qualified', to: 'won', dealId: deal.id },
      },
    ]);

    // A lead the vendor has since marked lost is not reopened by its deal.
    const dropped = await leadIn(world, 'approved');
    const second = (await api.post(`/leads/${dropped.id}/convert`, {}, world.admin.token)).body;
    expect(
      (await api.post(`/leads/${dropped.id}/transitions`, { to: 'lost' }, world.admin.token)).status,
    ).toBe(200);
    expect((await api.patch(`/deals/${second.id}`, { stage: 'closed_won' }, world.admin.token)).status).toBe(
      200,
    );
    expect((await api.get(`/leads/${dropped.id}`, world.admin.token)).body.status).toBe('lost');
    const after = await app.dataSource.query(
      `SELECT count(*)::int AS n FROM activity WHERE entity_id = $1 AND data->>'to' = 'won'`,
      [dropped.id],
    );
    expect(after[0].n).toBe(0);
  });

  it('writes activity to the company leads room', async () => {
    const lead = await leadIn(world, 'approved');
    const rooms = (await api.get(`/companies/${world.companyA}/rooms`, world.admin.token)).body;
    const leadsRoom = rooms.find((r: any) => r.kind === 'leads').id;
    const res = await api.get(`/activity?roomId=${leadsRoom}&limit=20`, world.admin.token);
    const mine = res.body.items.filter((a: any) => a.entityId === lead.id).map((a: any) => a.type);
    expect(mine).toEqual(expect.arrayContaining(['lead.submitted', 'lead.status_changed']));
  });
});
