import { IdempotencyService } from '../../src/core/http/idempotency.service';
import { Api } from '../support/api';
import { Actor, createUser, setupWorkspace } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

describe('Idempotency-Key on REST writes', () => {
  let app: TestApp;
  let api: Api;
  let admin: Actor;
  let otherAdmin: Actor;
  let serial = 0;

  const key = () => `key-${Date.now()}-${++serial}`;
  const send = (
    method: string,
    path: string,
    idempotencyKey: string | undefined,
    body?: unknown,
    by = admin,
  ) =>
    api.request(method, path, {
      token: by.token,
      body,
      headers: idempotencyKey === undefined ? {} : { 'Idempotency-Key': idempotencyKey },
    });
  const companiesNamed = async (name: string) =>
    Number(
      (await app.dataSource.query(`SELECT count(*)::int AS n FROM companies WHERE name = $1`, [name]))[0].n,
    );
  const keyRows = async (idempotencyKey: string) =>
    Number(
      (
        await app.dataSource.query(`SELECT count(*)::int AS n FROM idempotency_keys WHERE key = $1`, [
          idempotencyKey,
        ])
      )[0].n,
    );

  beforeAll(async () => {
    app = await startTestApp();
    api = new Api(app.baseUrl);
    admin = (await setupWorkspace(api)).admin;
    otherAdmin = await createUser(api, admin, 'admin', null, 'Second Admin');
  });
  afterAll(() => app.close());

  it('answers a retried POST with the first result and creates one company', async () => {
    const k = key();
    const first = await send('POST', '/companies', k, { name: 'Retry Corp' });
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const again = await send('POST', '/companies', k, { name: 'Retry Corp' });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await companiesNamed('Retry Corp')).toBe(1);
    expect(await keyRows(k)).toBe(1);
  });

  it('treats the same body with keys in another order as the same request', async () => {
    const k = key();
    const first = await api.request('POST', '/companies', {
      token: admin.token,
      raw: '{"name":"Order Corp","commissionRate":"5.00"}',
      headers: { 'Idempotency-Key': k },
    });
    const again = await api.request('POST', '/companies', {
      token: admin.token,
      raw: '{"commissionRate":"5.00","name":"Order Corp"}',
      headers: { 'Idempotency-Key': k },
    });
    expect(first.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(await companiesNamed('Order Corp')).toBe(1);
  });

  it('refuses a key reused for a different request and writes nothing', async () => {
    const k = key();
    const created = await send('POST', '/companies', k, { name: 'First Body' });
    expect(created.status).toBe(201);
    const otherBody = await send('POST', '/companies', k, { name: 'Second Body' });
    expect(otherBody.status).toBe(409);
    expect(otherBody.body).toMatchObject({ statusCode: 409, error: 'Conflict' });
    expect(otherBody.body.message).toContain('different request');

    const otherRoute = await send('PATCH', `/companies/${created.body.id}`, k, { name: 'Second Body' });
    expect(otherRoute.status).toBe(409);
    expect(await companiesNamed('Second Body')).toBe(0);
    expect(await companiesNamed('First Body')).toBe(1);
  });

  it('runs requests with different keys, or without a key, each time', async () => {
    expect((await send('POST', '/companies', key(), { name: 'Twice Inc' })).status).toBe(201);
    expect((await send('POST', '/companies', key(), { name: 'Twice Inc' })).status).toBe(201);
    expect((await send('POST', '/companies', undefined, { name: 'Twice Inc' })).status).toBe(201);
    expect(await companiesNamed('Twice Inc')).toBe(3);
  });

  it('keeps keys per user', async () => {
    const k = key();
    const mine = await send('POST', '/companies', k, { name: 'Per User' });
    const theirs = await send('POST', '/companies', k, { name: 'Per User' }, otherAdmin);
    expect(theirs.status).toBe(201);
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect(await companiesNamed('Per User')).toBe(2);
  });

  it('replays a PATCH without applying it again', async () => {
    const company = (await send('POST', '/companies', undefined, { name: 'Patch Me' })).body;
    const k = key();
    const patched = await send('PATCH', `/companies/${company.id}`, k, { name: 'Patched Once' });
    expect(patched.status).toBe(200);
    expect(
      (await send('PATCH', `/companies/${company.id}`, undefined, { name: 'Changed Since' })).status,
    ).toBe(200);

    const replay = await send('PATCH', `/companies/${company.id}`, k, { name: 'Patched Once' });
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.name).toBe('Patched Once');
    expect((await api.get(`/companies/${company.id}`, admin.token)).body.name).toBe('Changed Since');
  });

  it('replays a DELETE with its 204', async () => {
    const company = (await send('POST', '/companies', undefined, { name: 'Delete Me' })).body;
    const k = key();
    expect((await send('DELETE', `/companies/${company.id}`, k)).status).toBe(204);
    expect((await send('DELETE', `/companies/${company.id}`, undefined)).status).toBe(404);
    const replay = await send('DELETE', `/companies/${company.id}`, k);
    expect(replay.status).toBe(204);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
  });

  it.each([
    ['empty', ''],
    ['too long', 'k'.repeat(201)],
    ['with a space', 'my key'],
    ['with a slash', 'a/b'],
    ['with non-ASCII', 'clé'],
  ])('refuses a key that is %s with 400 and writes nothing', async (_, bad) => {
    const res = await api.request('POST', '/companies', {
      token: admin.token,
      body: { name: 'Bad Key Co' },
      headers: { 'Idempotency-Key': bad },
    });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([{ field: 'Idempotency-Key', problem: expect.any(String) }]);
    expect(await companiesNamed('Bad Key Co')).toBe(0);
  });

  it('accepts the longest allowed key made of every allowed character', async () => {
    const k = `AZaz09_-:.${Date.now()}`.padEnd(200, 'x');
    expect((await send('POST', '/companies', k, { name: 'Long Key' })).status).toBe(201);
    expect(await keyRows(k)).toBe(1);
  });

  it('creates exactly one company when the same request is sent twice at once', async () => {
    const k = key();
    const results = await Promise.all([
      send('POST', '/companies', k, { name: 'Concurrent Co' }),
      send('POST', '/companies', k, { name: 'Concurrent Co' }),
    ]);
    expect(await companiesNamed('Concurrent Co')).toBe(1);
    const created = results.filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
    for (const r of results.filter((r) => r.status !== 201)) {
      expect(r.status).toBe(409);
      expect(r.body.message).toContain('in progress');
    }
  });

  it('releases the key when the request fails, so a corrected retry runs', async () => {
    const k = key();
    const invalid = await send('POST', '/companies', k, { name: 'Fails First', bogus: true });
    expect(invalid.status).toBe(400);
    expect(await keyRows(k)).toBe(0);
    const fixed = await send('POST', '/companies', k, { name: 'Fails First' });
    expect(fixed.status).toBe(201);
    expect(fixed.headers.get('idempotent-replayed')).toBeNull();
    expect(await companiesNamed('Fails First')).toBe(1);
  });

  it('leaves public routes alone', async () => {
    const res = await api.request('POST', '/auth/login', {
      body: { email: admin.email, password: 'a sturdy test passphrase' },
      headers: { 'Idempotency-Key': 'not a valid key!' },
    });
    expect(res.status).toBe(200);
  });

  it('forgets keys after 24 h', async () => {
    const k = key();
    const first = await send('POST', '/companies', k, { name: 'Day Later' });
    await app.dataSource.query(
      `UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = $1`,
      [k],
    );
    const later = await send('POST', '/companies', k, { name: 'Day Later' });
    expect(later.status).toBe(201);
    expect(later.headers.get('idempotent-replayed')).toBeNull();
    expect(later.body.id).not.toBe(first.body.id);

    const stale = key();
    await send('POST', '/companies', stale, { name: 'Stale Row' });
    await app.dataSource.query(
      `UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = $1`,
      [stale],
    );
    const removed = await app.running.app.get(IdempotencyService).cleanup();
    expect(removed).toBeGreaterThanOrEqual(1);
    expect(await keyRows(stale)).toBe(0);
    expect(await keyRows(k)).toBe(1);
  });
});
