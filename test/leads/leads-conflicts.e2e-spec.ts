import { Lead } from '../../src/rooms/leads/lead.entity';
import { Api } from '../support/api';
import { buildWorld, World } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { leadBody } from './leads-helpers';

describe('leads: conflict check before and at submit', () => {
  let app: TestApp;
  let world: World;
  let api: Api;
  let theirs: any;
  const secrets: string[] = [];

  /** What a partner of company A gets back from a check, asserting it tells nothing but the flag. */
  async function partnerCheck(body: Record<string, unknown>): Promise<boolean> {
    const res = await api.post('/leads/check', body, world.a.partner_member.token);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['conflict']);
    return res.body.conflict;
  }

  beforeAll(async () => {
    app = await startTestApp();
    api = new Api(app.baseUrl);
    world = await buildWorld(api);
    const res = await api.post(
      '/leads',
      leadBody({
        customerName: 'Conflux Widgets GmbH',
        customerDomain: 'https://shop.conflux-widgets.co.uk/',
        country: 'GB',
        contactName: 'Bertha Secret',
        contactEmail: 'buyer@conflux-mail.example',
      }),
      world.b.partner_executive.token,
    );
    expect(res.status).toBe(201);
    theirs = res.body;
    secrets.push(
      theirs.id,
      world.companyB,
      'Beta Solutions',
      theirs.contactName,
      world.b.partner_executive.id,
    );
  }, 120000);
  afterAll(() => app.close());

  it.each([
    ['conflux-widgets.co.uk'],
    ['CONFLUX-WIDGETS.CO.UK'],
    ['www.conflux-widgets.co.uk'],
    ['https://www.conflux-widgets.co.uk/contact?ref=1'],
    ['http://eu.sales.conflux-widgets.co.uk:8080'],
  ])('finds the same customer domain written as %s', async (customerDomain) => {
    expect(await partnerCheck({ customerDomain })).toBe(true);
  });

  it.each([['conflux-widgets.com'], ['conflux.co.uk'], ['widgets.co.uk'], ['conflux-widgets.org.uk']])(
    'keeps a different registrable domain %s apart',
    async (customerDomain) => {
      expect(await partnerCheck({ customerDomain })).toBe(false);
    },
  );

  it.each([
    ['conflux widgets', 'GB', true],
    ['Conflux Widgets Ltd.', 'gb', true],
    ['The CONFLUX-WIDGETS, Inc', 'GB', true],
    ['Cönflux Widgets', 'GB', true],
    ['Conflux Widgets GmbH', 'FR', false],
    ['Conflux Gadgets', 'GB', false],
  ])('matches the normalised name %s in %s: %s', async (customerName, country, conflict) => {
    expect(await partnerCheck({ customerName, country })).toBe(conflict);
  });

  it('matches the contact email whatever its case', async () => {
    expect(await partnerCheck({ contactEmail: 'Buyer@Conflux-Mail.example' })).toBe(true);
    expect(await partnerCheck({ contactEmail: 'seller@conflux-mail.example' })).toBe(false);
  });

  it('flags a duplicate within the same partner too', async () => {
    const res = await api.post(
      '/leads/check',
      { customerDomain: 'conflux-widgets.co.uk' },
      world.b.partner_member.token,
    );
    expect(res.body).toEqual({ conflict: true });
  });

  it('flags the conflict at submit and leaks nothing of the other partner', async () => {
    const res = await api.post(
      '/leads',
      leadBody({ customerDomain: 'www.conflux-widgets.co.uk' }),
      world.a.partner_member.token,
    );
    expect(res.status).toBe(201);
    expect(res.body.conflict).toBe(true);
    expect(res.body.conflicts).toBeUndefined();
    const seen = await api.get(`/leads/${res.body.id}`, world.a.partner_member.token);
    expect(seen.body.conflicts).toBeUndefined();
    const activity = await api.get(
      `/activity?companyId=${world.companyA}&limit=50`,
      world.a.partner_executive.token,
    );
    const notifications = await api.get('/notifications', world.a.partner_member.token);
    for (const text of [
      JSON.stringify(res.body),
      JSON.stringify(seen.body),
      JSON.stringify(activity.body),
      JSON.stringify(notifications.body),
    ]) {
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
  });

  it('shows the vendor both registrations side by side', async () => {
    const mine = await api.post(
      '/leads',
      leadBody({ customerName: 'Conflux Widgets', country: 'GB', customerDomain: 'conflux-partner-a.com' }),
      world.a.partner_executive.token,
    );
    const res = await api.get(`/leads/${mine.body.id}`, world.manager.token);
    expect(res.status).toBe(200);
    expect(res.body.conflicts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          leadId: theirs.id,
          companyId: world.companyB,
          companyName: 'Beta Solutions',
          reasons: ['name'],
        }),
      ]),
    );
    const check = await api.post(
      '/leads/check',
      {
        companyId: world.companyA,
        customerDomain: 'conflux-widgets.co.uk',
        contactEmail: 'buyer@conflux-mail.example',
      },
      world.admin.token,
    );
    expect(check.body.conflict).toBe(true);
    const match = check.body.matches.find((m: any) => m.leadId === theirs.id);
    expect(match).toMatchObject({
      companyName: 'Beta Solutions',
      customerDomain: 'https://shop.conflux-widgets.co.uk/',
    });
    expect(match.reasons).toEqual(['domain', 'email']);
  });

  it('no longer conflicts once a registration is rejected, lost or expired', async () => {
    const repo = app.dataSource.getRepository(Lead);
    const make = async (domain: string) =>
      (await api.post('/leads', leadBody({ customerDomain: domain }), world.b.partner_executive.token)).body;
    const rejected = await make('gone-rejected.com');
    await api.post(`/leads/${rejected.id}/transitions`, { to: 'rejected', reason: 'no' }, world.admin.token);
    expect(await partnerCheck({ customerDomain: 'gone-rejected.com' })).toBe(false);

    const lost = await make('gone-lost.com');
    await api.post(`/leads/${lost.id}/transitions`, { to: 'approved' }, world.admin.token);
    expect(await partnerCheck({ customerDomain: 'gone-lost.com' })).toBe(true);
    await api.post(`/leads/${lost.id}/transitions`, { to: 'lost' }, world.admin.token);
    expect(await partnerCheck({ customerDomain: 'gone-lost.com' })).toBe(false);

    const expired = await make('gone-expired.com');
    await api.post(`/leads/${expired.id}/transitions`, { to: 'approved' }, world.admin.token);
    await repo.update({ id: expired.id }, { status: 'expired' });
    expect(await partnerCheck({ customerDomain: 'gone-expired.com' })).toBe(false);

    // Protection over but the scheduler has not run yet: already released.
    const lapsed = await make('gone-lapsed.com');
    await api.post(`/leads/${lapsed.id}/transitions`, { to: 'approved' }, world.admin.token);
    await repo.update({ id: lapsed.id }, { expiresAt: new Date(Date.now() - 1000) });
    expect(await partnerCheck({ customerDomain: 'gone-lapsed.com' })).toBe(false);
  });

  it('refuses a check with nothing to compare and one outside the caller’s reach', async () => {
    const empty = await api.post(
      '/leads/check',
      { customerName: 'Only a name' },
      world.a.partner_member.token,
    );
    expect(empty.status).toBe(400);
    const foreign = await api.post(
      '/leads/check',
      { companyId: world.companyB, customerDomain: 'x.com' },
      world.a.partner_member.token,
    );
    expect(foreign.status).toBe(404);
  });
});
