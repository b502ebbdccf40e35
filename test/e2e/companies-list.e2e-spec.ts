import { Api } from '../support/api';
import { buildWorld, createCompany, World } from '../support/factories';
import { DatabaseHandle } from '../../src/core/database/embedded-postgres';
import { createTestDatabase, startTestApp, TestApp } from '../support/test-app';

interface ListedCompany {
  id: string;
  name: string;
  ownerId: string | null;
  groupIds: string[];
  currency: string;
  rooms: Array<{ id: string; kind: string; name: string; enabled: boolean }>;
}

/** The companies list: filters, keyset pages and the room summaries each row carries. */
describe('companies list', () => {
  let app: TestApp;
  let world: World;
  let extra: string[];

  beforeAll(async () => {
    app = await startTestApp();
    world = await buildWorld(new Api(app.baseUrl));
    extra = [];
    for (const name of ['Gamma Partners', 'Delta Resellers', 'Epsilon Integrators']) {
      extra.push((await createCompany(world.api, world.admin, name, world.manager.id)).id);
    }
  });
  afterAll(() => app?.close());

  const list = async (query: string) => {
    const res = await world.api.get(`/companies?${query}`, world.admin.token);
    expect(res.status).toBe(200);
    return res.body as { items: ListedCompany[]; nextCursor: string | null };
  };

  it('pages through every company in name order without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { items: ListedCompany[]; nextCursor: string | null } = await list(
        `limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((c) => c.name));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(seen).toEqual([
      'Alpha Systems',
      'Beta Solutions',
      'Delta Resellers',
      'Epsilon Integrators',
      'Gamma Partners',
    ]);
    expect(pages).toBe(3);
  });

  it('filters by owner, group and name', async () => {
    expect((await list(`ownerId=${world.otherManager.id}`)).items.map((c) => c.id)).toEqual([world.companyB]);
    const byOwner = (await list(`ownerId=${world.manager.id}`)).items.map((c) => c.id);
    expect(byOwner.sort()).toEqual([world.companyA, ...extra].sort());
    expect((await list(`groupId=${world.groupId}`)).items.map((c) => c.id)).toEqual([world.companyA]);
    expect((await list('q=resell')).items.map((c) => c.name)).toEqual(['Delta Resellers']);
  });

  it('carries each company’s groups and room summaries in room order, matching the company itself', async () => {
    const row = (await list('q=Alpha')).items[0];
    expect(row.groupIds).toEqual([world.groupId]);
    const full = await world.api.get(`/companies/${world.companyA}`, world.admin.token);
    expect(row.rooms).toEqual(
      full.body.rooms.map((r: ListedCompany['rooms'][number]) => ({
        id: r.id,
        kind: r.kind,
        name: r.name,
        enabled: r.enabled,
      })),
    );
    expect(row.rooms.length).toBeGreaterThan(5);
    expect(row.currency).toMatch(/^[A-Z]{3}$/);

    const files = row.rooms.find((r) => r.kind === 'files')!;
    const disabled = await world.api.patch(
      `/companies/${world.companyA}/rooms/${files.id}`,
      { enabled: false },
      world.admin.token,
    );
    expect(disabled.status).toBe(200);
    const after = (await list('q=Alpha')).items[0];
    expect(after.rooms.find((r) => r.id === files.id)?.enabled).toBe(false);
  });

  it('answers a repeated page from its cache only until something the page shows changes', async () => {
    const omegaOne = (await createCompany(world.api, world.admin, 'Omega One', world.manager.id)).id;
    const omegaTwo = (await createCompany(world.api, world.admin, 'Omega Two', world.manager.id)).id;
    const page = async () => (await list('q=Omega&limit=10')).items;
    const version = async () =>
      (
        await app.dataSource.query(`SELECT directory_version AS v FROM workspaces WHERE id = $1`, [
          world.workspaceId,
        ])
      )[0].v as string;
    expect((await page()).map((c) => c.name)).toEqual(['Omega One', 'Omega Two']);
    expect(await page()).toEqual(await page());

    const renamed = await world.api.patch(
      `/companies/${omegaOne}`,
      { name: 'Omega Prime' },
      world.admin.token,
    );
    expect(renamed.status).toBe(200);
    expect((await page()).map((c) => c.name)).toEqual(['Omega Prime', 'Omega Two']);

    const room = await world.api.post(
      `/companies/${omegaTwo}/rooms`,
      { kind: 'custom', name: 'War room' },
      world.admin.token,
    );
    expect(room.status).toBe(201);
    expect((await page())[1].rooms.map((r) => r.name)).toContain('War room');

    const grouped = await world.api.patch(
      `/companies/${omegaTwo}`,
      { groupIds: [world.groupId] },
      world.admin.token,
    );
    expect(grouped.status).toBe(200);
    expect((await page())[1].groupIds).toEqual([world.groupId]);

    // A write no service made (an operator's SQL) is seen too: the version is Postgres's, not the app's.
    await app.dataSource.query(`UPDATE companies SET name = 'Omega Raw' WHERE id = $1`, [omegaOne]);
    expect((await page()).map((c) => c.name)).toEqual(['Omega Raw', 'Omega Two']);

    // A rolled-back change bumps nothing and shows nothing.
    const before = await version();
    await expect(
      app.dataSource.transaction(async (manager) => {
        await manager.query(`UPDATE companies SET name = 'Omega Ghost' WHERE id = $1`, [omegaTwo]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await version()).toBe(before);
    expect((await page()).map((c) => c.name)).toEqual(['Omega Raw', 'Omega Two']);

    expect((await world.api.delete(`/companies/${omegaTwo}`, world.admin.token)).status).toBe(204);
    expect((await page()).map((c) => c.name)).toEqual(['Omega Raw']);
    expect(BigInt(await version())).toBeGreaterThan(BigInt(before));
  });

  it('holds every list to the CONTRACT page size: at most 200, refused past it with the field named', async () => {
    const lists = [
      '/companies',
      '/users',
      '/activity',
      '/plans',
      '/leads',
      '/deals',
      '/commissions',
      '/projects',
      '/announcements',
      `/conversations?companyId=${world.companyA}`,
    ];
    for (const path of lists) {
      const join = path.includes('?') ? '&' : '?';
      const over = await world.api.get(`${path}${join}limit=201`, world.admin.token);
      expect({ path, status: over.status }).toEqual({ path, status: 400 });
      expect(over.body.details.map((d: { field: string }) => d.field)).toContain('limit');
      const most = await world.api.get(`${path}${join}limit=200`, world.admin.token);
      expect({ path, status: most.status }).toEqual({ path, status: 200 });
      expect(Array.isArray(most.body.items)).toBe(true);
      expect(most.body).toHaveProperty('nextCursor');
    }
  });
});

// Two instances need Redis between them; CI always sets REDIS_URL.
const cluster = process.env.REDIS_URL ? describe : describe.skip;

cluster('companies list across instances', () => {
  let database: DatabaseHandle;
  let one: TestApp;
  let two: TestApp;
  let world: World;

  beforeAll(async () => {
    database = await createTestDatabase();
    one = await startTestApp({}, database);
    two = await startTestApp({ JWT_SECRET: one.config.jwtSecret }, database);
    world = await buildWorld(new Api(one.baseUrl));
  });
  afterAll(async () => {
    await one?.close();
    await two?.close();
    await database?.close();
  });

  it('shows a change made through the other instance on the very next request', async () => {
    const viaTwo = new Api(two.baseUrl);
    const names = async () =>
      (
        (await viaTwo.get('/companies?limit=200', world.admin.token)).body as { items: ListedCompany[] }
      ).items.map((c) => c.name);
    expect(await names()).toContain('Alpha Systems');
    const renamed = await world.api.patch(
      `/companies/${world.companyA}`,
      { name: 'Alpha Renamed' },
      world.admin.token,
    );
    expect(renamed.status).toBe(200);
    // No waiting: instance two checks the version in Postgres on every request, no message can be late.
    expect(await names()).toContain('Alpha Renamed');
    expect(await names()).not.toContain('Alpha Systems');
  });
});
