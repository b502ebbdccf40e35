import { Api } from '../support/api';
import { buildWorld, World } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { dealIn, leadBody, leadIn } from './leads-helpers';

describe('leads and deals: bad input on every write route is a 400 naming the field', () => {
  let app: TestApp;
  let world: World;
  let api: Api;
  let lead: any;
  let deal: any;
  let commissionId: string;

  beforeAll(async () => {
    app = await startTestApp();
    api = new Api(app.baseUrl);
    world = await buildWorld(api);
    lead = await leadIn(world, 'approved');
    deal = await dealIn(world, 'prospecting');
    const won = await dealIn(world, 'closed_won');
    commissionId = (await api.get('/commissions', world.admin.token)).body.items.find(
      (c: any) => c.dealId === won.id,
    ).id;
  }, 120000);
  afterAll(() => app.close());

  const money = { amount: '10.00', currency: 'EUR' };
  const missing = (field: string) => {
    const body = leadBody();
    delete body[field];
    return body;
  };
  const cases: Array<[string, string, () => string, unknown, string]> = [
    ...['customerName', 'customerDomain', 'country', 'contactName', 'contactEmail', 'estimatedValue'].map(
      (field) =>
        ['POST', '/leads', () => '/leads', missing(field), field] as [
          string,
          string,
          () => string,
          unknown,
          string,
        ],
    ),
    ['POST', '/deals', () => '/deals', { customerName: 'y', value: money }, 'name'],
    ['POST', '/deals', () => '/deals', { name: 'x', value: money }, 'customerName'],
    ['POST', '/leads', () => '/leads', { ...leadBody(), customerName: '' }, 'customerName'],
    ['POST', '/leads', () => '/leads', { ...leadBody(), customerName: null }, 'customerName'],
    ['POST', '/leads', () => '/leads', { ...leadBody(), customerDomain: 'not a domain' }, 'customerDomain'],
    ['POST', '/leads', () => '/leads', { ...leadBody(), country: 'Germany' }, 'country'],
    ['POST', '/leads', () => '/leads', { ...leadBody(), contactEmail: 'nobody' }, 'contactEmail'],
    [
      'POST',
      '/leads',
      () => '/leads',
      { ...leadBody(), estimatedValue: { amount: '-5', currency: 'EUR' } },
      'estimatedValue',
    ],
    [
      'POST',
      '/leads',
      () => '/leads',
      { ...leadBody(), estimatedValue: { amount: '1.234', currency: 'EUR' } },
      'estimatedValue',
    ],
    [
      'POST',
      '/leads',
      () => '/leads',
      { ...leadBody(), estimatedValue: { amount: '5', currency: 'euro' } },
      'estimatedValue',
    ],
    ['POST', '/leads', () => '/leads', { ...leadBody(), estimatedValue: 12500 }, 'estimatedValue'],
    ['POST', '/leads', () => '/leads', { ...leadBody(), products: ['ok', ''] }, 'products'],
    ['POST', '/leads', () => '/leads', { ...leadBody(), products: 'Widgets' }, 'products'],
    ['POST', '/leads', () => '/leads', { ...leadBody(), companyId: 'nope' }, 'companyId'],
    ['POST', '/leads', () => '/leads', { ...leadBody(), status: 'approved' }, 'status'],
    ['POST', '/leads/check', () => '/leads/check', { customerDomain: 42 }, 'customerDomain'],
    ['POST', '/leads/check', () => '/leads/check', { contactEmail: 'x@' }, 'contactEmail'],
    ['PATCH', '/leads/:id', () => `/leads/${lead.id}`, { country: null }, 'country'],
    ['PATCH', '/leads/:id', () => `/leads/${lead.id}`, { customerDomain: '...' }, 'customerDomain'],
    ['PATCH', '/leads/:id', () => '/leads/123', { notes: 'x' }, 'id'],
    ['POST', '/leads/:id/transitions', () => `/leads/${lead.id}/transitions`, { to: 'closed' }, 'to'],
    ['POST', '/leads/:id/transitions', () => `/leads/${lead.id}/transitions`, {}, 'to'],
    [
      'POST',
      '/leads/:id/transitions',
      () => `/leads/${lead.id}/transitions`,
      { to: 'lost', reason: 7 },
      'reason',
    ],
    ['POST', '/leads/:id/extension', () => `/leads/${lead.id}/extension`, { reason: '' }, 'reason'],
    ['POST', '/leads/:id/extension', () => `/leads/${lead.id}/extension`, { reason: 'x', days: 0 }, 'days'],
    ['POST', '/leads/:id/extension', () => `/leads/${lead.id}/extension`, { reason: 'x', days: 1.5 }, 'days'],
    [
      'POST',
      '/leads/:id/extension/decision',
      () => `/leads/${lead.id}/extension/decision`,
      { grant: 'yes' },
      'grant',
    ],
    [
      'POST',
      '/leads/:id/extension/decision',
      () => `/leads/${lead.id}/extension/decision`,
      { grant: true, days: 999 },
      'days',
    ],
    ['POST', '/leads/:id/convert', () => '/leads/not-a-uuid/convert', {}, 'id'],
    ['POST', '/deals', () => '/deals', { name: 'x', customerName: 'y' }, 'value'],
    ['POST', '/deals', () => '/deals', { name: '', customerName: 'y', value: money }, 'name'],
    [
      'POST',
      '/deals',
      () => '/deals',
      { name: 'x', customerName: 'y', value: money, probability: 101 },
      'probability',
    ],
    ['POST', '/deals', () => '/deals', { name: 'x', customerName: 'y', value: money, stage: 'won' }, 'stage'],
    [
      'POST',
      '/deals',
      () => '/deals',
      { name: 'x', customerName: 'y', value: money, expectedCloseDate: '2030-02-30' },
      'expectedCloseDate',
    ],
    [
      'POST',
      '/deals',
      () => '/deals',
      { name: 'x', customerName: 'y', value: money, commissionRate: '101' },
      'commissionRate',
    ],
    ['PATCH', '/deals/:id', () => `/deals/${deal.id}`, { stage: 'closed' }, 'stage'],
    [
      'PATCH',
      '/deals/:id',
      () => `/deals/${deal.id}`,
      { value: { amount: 'lots', currency: 'EUR' } },
      'value',
    ],
    ['PATCH', '/deals/:id', () => `/deals/${deal.id}`, { name: null }, 'name'],
    ['PATCH', '/deals/:id', () => `/deals/${deal.id}`, { qualified: 'true' }, 'qualified'],
    ['POST', '/deals/:id/notes', () => `/deals/${deal.id}/notes`, { body: '   ' }, 'body'],
    ['POST', '/deals/:id/notes', () => `/deals/${deal.id}/notes`, { body: 'x'.repeat(10001) }, 'body'],
    [
      'POST',
      '/commissions/:id/transitions',
      () => `/commissions/${commissionId}/transitions`,
      { to: 'refunded' },
      'to',
    ],
    [
      'POST',
      '/commissions/:id/transitions',
      () => `/commissions/${commissionId}/transitions`,
      { to: 'declined' },
      'reason',
    ],
    ['PUT', '/currency-rates', () => '/currency-rates', { currency: 'eur', rateToBase: '1' }, 'currency'],
    ['PUT', '/currency-rates', () => '/currency-rates', { currency: 'EUR', rateToBase: '0' }, 'rateToBase'],
    ['PUT', '/currency-rates', () => '/currency-rates', { currency: 'EUR', rateToBase: -1 }, 'rateToBase'],
  ];

  it.each(
    cases.map(
      ([method, route, path, body, field]) =>
        [`${method} ${route} ${JSON.stringify(body).slice(0, 80)}`, method, path, body, field] as const,
    ),
  )('%s', async (_, method, path, body, field) => {
    // Creates go in as a partner: the same body from the admin would first need a companyId.
    const creates = path() === '/leads' || path() === '/deals';
    const token = creates ? world.a.partner_executive.token : world.admin.token;
    const res = await api.request(method, path(), { body, token });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(res.body.details.map((d: { field: string }) => d.field.split('.')[0])).toContain(field);
  });

  it.each([
    ['/leads?limit=0'],
    ['/leads?limit=201'],
    ['/leads?cursor=garbage'],
    ['/leads?status=open'],
    ['/leads?sort=color'],
    ['/leads?from=yesterday'],
    ['/leads?minValue=abc'],
    ['/deals?stage=won'],
    ['/deals?companyId=1'],
    ['/deals/export.csv?sort=x'],
    ['/pipeline?companyId=x'],
    ['/commissions?status=open'],
  ])('rejects the query %s', async (path) => {
    const res = await api.get(path, world.admin.token);
    expect(res.status).toBe(400);
    expect(res.body.details.length).toBeGreaterThan(0);
  });

  it('rejects malformed JSON', async () => {
    const res = await api.request('POST', '/leads', {
      raw: '{"customerName":',
      token: world.a.partner_member.token,
    });
    expect(res.status).toBe(400);
  });
});
