import { randomUUID } from 'node:crypto';
import { Api } from '../support/api';
import { describeBadInput, expectRefused } from '../support/bad-input';
import { buildWorld, World } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { ok } from '../projects/projects-helpers';

const DAY = 86_400_000;
const at = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY).toISOString();

describe('announcements: editing before and after publishing, and retracting', () => {
  let app: TestApp;
  let api: Api;
  let world: World;
  let editable: any;

  beforeAll(async () => {
    app = await startTestApp();
    api = new Api(app.baseUrl);
    world = await buildWorld(api);
    editable = ok(
      await api.post(
        '/announcements',
        { title: 'Target', body: 'x', audience: { companyIds: [world.companyA] } },
        world.admin.token,
      ),
      'post',
    );
  }, 120000);

  afterAll(() => app.close());

  const post = async (body: Record<string, unknown>, token = world.admin.token) =>
    ok(await api.post('/announcements', { body: 'x', ...body }, token), 'post');
  const patch = (id: string, body: unknown, token = world.admin.token) =>
    api.patch(`/announcements/${id}`, body, token);
  const titles = async (token: string) =>
    ok(await api.get('/announcements', token), 'list').items.map((a: any) => a.title) as string[];
  const notified = async (userId: string, announcementId: string) => {
    const [{ n }] = await app.dataSource.query(
      `SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND data->>'announcementId' = $2`,
      [userId, announcementId],
    );
    return n as number;
  };

  it('publishes a scheduled announcement moved to now, once, and edits it after publishing', async () => {
    const scheduled = await post({
      title: 'Spring launch',
      audience: { companyIds: [world.companyA] },
      publishAt: at(10),
    });
    const member = world.a.partner_member;
    expect(await titles(member.token)).not.toContain('Spring launch');
    expect(await notified(member.id, scheduled.id)).toBe(0);

    // Edited while still scheduled: nothing reaches partners yet.
    const renamed = ok(await patch(scheduled.id, { title: 'Summer launch', body: '**soon**' }), 'rename');
    expect(renamed).toMatchObject({
      title: 'Summer launch',
      body: '**soon**',
      publishAt: scheduled.publishAt,
    });
    expect(await notified(member.id, scheduled.id)).toBe(0);

    const published = ok(await patch(scheduled.id, { publishAt: at(-1 / 24) }), 'publish now');
    expect(Date.parse(published.publishAt)).toBeLessThan(Date.now());
    expect(await titles(member.token)).toContain('Summer launch');
    expect(await notified(member.id, scheduled.id)).toBe(1);

    // After publishing: edits show, nobody is notified twice, and newly targeted companies are told once.
    ok(await patch(scheduled.id, { title: 'Summer launch (updated)', pinned: true }), 'edit');
    const listed = ok(await api.get('/announcements', member.token), 'list').items[0];
    expect(listed).toMatchObject({ id: scheduled.id, title: 'Summer launch (updated)', pinned: true });
    ok(await patch(scheduled.id, { audience: { companyIds: [world.companyA, world.companyB] } }), 'widen');
    expect(await notified(member.id, scheduled.id)).toBe(1);
    expect(await notified(world.b.partner_member.id, scheduled.id)).toBe(1);
    expect(await titles(world.b.partner_member.token)).toContain('Summer launch (updated)');

    // Narrowed again, company B no longer sees it; an expiry in the past hides it, clearing it shows it again.
    ok(await patch(scheduled.id, { audience: { companyIds: [world.companyA] } }), 'narrow');
    expect((await api.get(`/announcements/${scheduled.id}`, world.b.partner_member.token)).status).toBe(404);
    ok(await patch(scheduled.id, { publishAt: at(-3), expireAt: at(-1) }), 'expire');
    expect((await api.get(`/announcements/${scheduled.id}`, member.token)).status).toBe(404);
    ok(await patch(scheduled.id, { expireAt: null }), 'unexpire');
    expect(ok(await api.get(`/announcements/${scheduled.id}`, member.token), 'again').expireAt).toBeNull();
    expect(await notified(member.id, scheduled.id)).toBe(1);

    const log = ok(await api.get('/activity?limit=200', world.admin.token), 'log').items as any[];
    expect(log.filter((a) => a.entityId === scheduled.id).map((a) => a.type)).toEqual([
      ...Array(7).fill('announcement.updated'),
      'announcement.created',
    ]);
    expect(
      ok(await api.get('/activity?limit=200', member.token), 'partner log').items.some(
        (a: any) => a.entityId === scheduled.id,
      ),
    ).toBe(false);
  });

  it('lets a channel manager change only announcements to companies they own, within them', async () => {
    const own = await post(
      { title: 'From Cora', audience: { companyIds: [world.companyA] } },
      world.manager.token,
    );
    ok(await patch(own.id, { title: 'From Cora, edited' }, world.manager.token), 'own');
    expect(
      (await patch(own.id, { audience: { companyIds: [world.companyB] } }, world.manager.token)).status,
    ).toBe(403);
    expect((await patch(own.id, { audience: { all: true } }, world.manager.token)).status).toBe(403);
    const everyone = await post({ title: 'To all', audience: { all: true } });
    expect((await patch(everyone.id, { title: 'Mine now' }, world.manager.token)).status).toBe(403);
    expect(
      (await api.request('DELETE', `/announcements/${everyone.id}`, { token: world.manager.token })).status,
    ).toBe(403);
    expect((await patch(own.id, { title: 'x' }, world.vendorMember.token)).status).toBe(403);
    expect((await patch(own.id, { title: 'x' }, world.a.partner_executive.token)).status).toBe(403);
    expect((await patch(own.id, { title: 'x' }, world.b.partner_executive.token)).status).toBe(404);
    expect(ok(await api.get(`/announcements/${everyone.id}`, world.admin.token), 'unchanged').title).toBe(
      'To all',
    );
  });

  it('retracts: partners and vendors no longer find it, its read receipts go, a second retract is 404', async () => {
    const gone = await post({ title: 'Oops', audience: { companyIds: [world.companyA] } });
    ok(await api.post(`/announcements/${gone.id}/read`, {}, world.a.partner_manager.token), 'read');
    expect(await titles(world.a.partner_manager.token)).toContain('Oops');
    const res = await api.request('DELETE', `/announcements/${gone.id}`, { token: world.admin.token });
    expect(res.status).toBe(204);
    expect(await titles(world.a.partner_manager.token)).not.toContain('Oops');
    expect(await titles(world.admin.token)).not.toContain('Oops');
    expect((await api.get(`/announcements/${gone.id}`, world.admin.token)).status).toBe(404);
    expect((await api.get(`/announcements/${gone.id}/reads`, world.admin.token)).status).toBe(404);
    const [{ n }] = await app.dataSource.query(
      'SELECT count(*)::int AS n FROM announcement_reads WHERE announcement_id = $1',
      [gone.id],
    );
    expect(n).toBe(0);
    const overview = ok(
      await api.get(`/companies/${world.companyA}/overview`, world.a.partner_manager.token),
      'overview',
    );
    expect(overview.announcements.map((a: any) => a.id)).not.toContain(gone.id);
    expect(
      (await api.request('DELETE', `/announcements/${gone.id}`, { token: world.admin.token })).status,
    ).toBe(404);
  });

  it('lists live announcements in the overview with the caller’s read state, and read counts for vendors', async () => {
    const pinned = await post({
      title: 'Pinned news',
      audience: { companyIds: [world.companyA] },
      pinned: true,
    });
    const reader = world.a.partner_executive;
    ok(await api.post(`/announcements/${pinned.id}/read`, {}, reader.token), 'read');
    const overviewOf = async (token: string) =>
      ok(await api.get(`/companies/${world.companyA}/overview`, token), 'overview').announcements as any[];
    const mine = (await overviewOf(reader.token)).find((a) => a.id === pinned.id);
    expect(mine).toMatchObject({ title: 'Pinned news', pinned: true, readAt: expect.any(String) });
    expect(mine.readCount).toBeUndefined();
    expect((await overviewOf(world.a.partner_member.token)).find((a) => a.id === pinned.id)).toMatchObject({
      readAt: null,
    });
    const vendorView = await overviewOf(world.manager.token);
    expect(vendorView[0]).toMatchObject({ id: pinned.id, readAt: null, readCount: 1 });
  });

  it('refuses edits that break the rules and changes nothing', async () => {
    const suite = { dataSource: app.dataSource, api };
    const refuse = (body: unknown, field: string) =>
      expectRefused(suite, () => patch(editable.id, body), field);
    await refuse({ publishAt: '2030-01-02T00:00:00Z', expireAt: '2030-01-01T00:00:00Z' }, 'expireAt');
    await refuse({ audience: {} }, 'audience');
    await refuse({ audience: { groupIds: [randomUUID()] } }, 'audience.groupIds');
    await refuse({ audience: { companyIds: [world.groupId] } }, 'audience.companyIds');
    await refuse({ audience: { companyIds: ['nope'] } }, 'audience.companyIds');
    await refuse({ title: '   ' }, 'title');
  });

  it('documents the edit and retract routes in the OpenAPI document', async () => {
    const res = await api.get('/api/docs-json');
    expect(res.status).toBe(200);
    const route = res.body.paths['/api/v1/announcements/{id}'];
    expect(Object.keys(route ?? {}).sort()).toEqual(['delete', 'get', 'patch']);
    expect(route.patch.requestBody).toBeDefined();
    expect(Object.keys(route.delete.responses)).toEqual(['204']);
  });

  describeBadInput(
    [
      {
        route: 'PATCH /announcements/:id',
        method: 'PATCH',
        path: () => `/announcements/${editable.id}`,
        valid: () => ({ title: 'Edited', pinned: true }),
        wrongTypes: [
          ['title', 5],
          ['title', null],
          ['body', null],
          ['body', ['x']],
          ['pinned', 'yes'],
          ['publishAt', 'tomorrow'],
          ['publishAt', null],
          ['expireAt', 5],
          ['audience', 'all'],
          ['audience', null],
        ],
        text: 'title',
        pathIds: { id: (_, bad) => `/announcements/${bad}` },
      },
      {
        route: 'DELETE /announcements/:id',
        method: 'DELETE',
        path: () => `/announcements/${editable.id}`,
        pathIds: { id: (_, bad) => `/announcements/${bad}` },
      },
    ],
    { app: () => app, api: () => api, context: () => world, token: () => world.admin.token },
  );
});
