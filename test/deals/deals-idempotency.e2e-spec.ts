import { Deal } from '../../src/rooms/deals/deal.entity';
import { Api } from '../support/api';
import { buildWorld, World } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

describe('deals: a submit retried with the same Idempotency-Key', () => {
  let app: TestApp;
  let world: World;
  let api: Api;

  beforeAll(async () => {
    app = await startTestApp();
    api = new Api(app.baseUrl);
    world = await buildWorld(api);
  }, 120000);
  afterAll(() => app.close());

  const body = (name: string) => ({
    name,
    customerName: `Buyer of ${name}`,
    value: { amount: '7000.00', currency: 'EUR' },
  });

  it('creates one row and answers the retry with the first result', async () => {
    const name = `Retried deal ${Date.now()}`;
    const headers = { 'Idempotency-Key': `deal-${Date.now()}` };
    const first = await api.post('/deals', body(name), world.a.partner_member.token, headers);
    const again = await api.post('/deals', body(name), world.a.partner_member.token, headers);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    expect(await app.dataSource.getRepository(Deal).countBy({ name })).toBe(1);
    const created = await app.dataSource.query(
      `SELECT count(*)::int AS n FROM activity WHERE entity_id = $1 AND type = 'deal.created'`,
      [first.body.id],
    );
    expect(created[0].n).toBe(1);
  });

  it('creates one row when the retries race, and a new key makes a new deal', async () => {
    const name = `Raced deal ${Date.now()}`;
    const headers = { 'Idempotency-Key': `deal-race-${Date.now()}` };
    const answers = await Promise.all(
      [0, 1, 2].map(() => api.post('/deals', body(name), world.a.partner_manager.token, headers)),
    );
    // Each retry gets the first result, or 409 while the first is still in progress.
    for (const res of answers) expect([201, 409]).toContain(res.status);
    const ids = new Set(answers.filter((r) => r.status === 201).map((r) => r.body.id));
    expect(ids.size).toBe(1);
    expect(await app.dataSource.getRepository(Deal).countBy({ name })).toBe(1);

    const other = await api.post('/deals', body(name), world.a.partner_manager.token, {
      'Idempotency-Key': `${headers['Idempotency-Key']}-b`,
    });
    expect(other.status).toBe(201);
    expect(await app.dataSource.getRepository(Deal).countBy({ name })).toBe(2);
  });
});
