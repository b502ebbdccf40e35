import { randomBytes } from 'node:crypto';
import { DatabaseHandle } from '../../src/core/database/embedded-postgres';
import { Api } from '../support/api';
import { buildWorld, World } from '../support/factories';
import { createTestDatabase, startTestApp, TestApp } from '../support/test-app';

// A cache lifetime far beyond any deadline below: only invalidation can explain a fresh answer.
const LONG_CACHE = { SESSION_CACHE_MS: '300000' };

describe('session cache: REST trusts a checked session only until it changes', () => {
  let app: TestApp;
  let world: World;

  beforeAll(async () => {
    app = await startTestApp(LONG_CACHE);
    world = await buildWorld(new Api(app.baseUrl));
  });
  afterAll(() => app?.close());

  it('acts under a renamed user’s new name on their very next request', async () => {
    const manager = world.manager;
    expect((await world.api.get('/me', manager.token)).status).toBe(200);
    const renamed = await world.api.patch(
      `/users/${manager.id}`,
      { name: 'Renamed Manager' },
      world.admin.token,
    );
    expect(renamed.status).toBe(200);
    const plan = await world.api.post(
      '/plans',
      { companyId: world.companyA, name: 'Cache plan', fiscalYear: new Date().getFullYear() + 1 },
      manager.token,
    );
    expect(plan.status).toBe(201);
    const activity = await world.api.get(`/activity?companyId=${world.companyA}`, world.admin.token);
    const created = activity.body.items.find(
      (a: { type: string; entityId: string }) => a.type === 'plan.created' && a.entityId === plan.body.id,
    );
    expect(created.summary).toBe('Renamed Manager drafted the plan Cache plan');
  });

  it('applies a role change on the next request', async () => {
    const manager = world.b.partner_manager;
    const before = await world.api.get('/me', manager.token);
    expect(before.body.role).toBe('partner_manager');
    expect(before.body.rooms.map((r: { kind: string }) => r.kind)).toContain('plans');
    const demoted = await world.api.patch(
      `/users/${manager.id}`,
      { role: 'partner_member' },
      world.admin.token,
    );
    expect(demoted.status).toBe(200);
    const after = await world.api.get('/me', manager.token);
    expect(after.body.role).toBe('partner_member');
    // Only partner executives and managers enter the plans room.
    expect(after.body.rooms.map((r: { kind: string }) => r.kind)).not.toContain('plans');
  });

  it('refuses the token of a disabled user and of an ended session at once', async () => {
    const member = world.b.partner_member;
    expect((await world.api.get('/me', member.token)).status).toBe(200);
    expect(
      (await world.api.patch(`/users/${member.id}`, { status: 'disabled' }, world.admin.token)).status,
    ).toBe(200);
    expect((await world.api.get('/me', member.token)).status).toBe(401);

    const executive = world.a.partner_executive;
    expect((await world.api.get('/me', executive.token)).status).toBe(200);
    const out = await world.api.post(
      '/auth/logout',
      { refreshToken: executive.refreshToken },
      executive.token,
    );
    expect(out.status).toBe(204);
    expect((await world.api.get('/me', executive.token)).status).toBe(401);
  });
});

// Two instances need Redis between them; CI always sets REDIS_URL.
const cluster = process.env.REDIS_URL ? describe : describe.skip;

cluster('session cache across instances', () => {
  let database: DatabaseHandle;
  let one: TestApp;
  let two: TestApp;
  let world: World;

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = { ...LONG_CACHE, REDIS_PREFIX: `pws-test-${randomBytes(6).toString('hex')}:` };
    one = await startTestApp(env, database);
    two = await startTestApp({ ...env, JWT_SECRET: one.config.jwtSecret }, database);
    world = await buildWorld(new Api(one.baseUrl));
  });
  afterAll(async () => {
    await one?.close();
    await two?.close();
    await database?.close();
  });

  /** Asks instance two until it refuses the token; the deadline is far below the cache lifetime. */
  async function refusedByTwo(token: string, deadlineMs = 5000): Promise<number> {
    const onTwo = new Api(two.baseUrl);
    const until = Date.now() + deadlineMs;
    let status = 0;
    while (Date.now() < until) {
      status = (await onTwo.get('/me', token)).status;
      if (status === 401) break;
    }
    return status;
  }

  it('forgets a user disabled through the other instance', async () => {
    const member = world.a.partner_member;
    expect((await new Api(two.baseUrl).get('/me', member.token)).status).toBe(200);
    const disabled = await new Api(one.baseUrl).patch(
      `/users/${member.id}`,
      { status: 'disabled' },
      world.admin.token,
    );
    expect(disabled.status).toBe(200);
    expect(await refusedByTwo(member.token)).toBe(401);
  });

  it('forgets a session logged out through the other instance', async () => {
    const manager = world.a.partner_manager;
    expect((await new Api(two.baseUrl).get('/me', manager.token)).status).toBe(200);
    const out = await new Api(one.baseUrl).post(
      '/auth/logout',
      { refreshToken: manager.refreshToken },
      manager.token,
    );
    expect(out.status).toBe(204);
    expect(await refusedByTwo(manager.token)).toBe(401);
  });
});
