import { Api } from '../support/api';
import { CELLS, expected, MatrixContext, MatrixRow, runRow, matrixBase } from '../support/access-matrix';
import { buildWorld, World } from '../support/factories';
import { connect, closeSockets } from '../support/realtime';
import { startTestApp, TestApp } from '../support/test-app';
import { ok } from '../projects/projects-helpers';

describe('contacts room: both sides of a partnership, assignments, profiles and vCards', () => {
  let app: TestApp;
  let api: Api;
  let world: World;

  beforeAll(async () => {
    app = await startTestApp();
    api = new Api(app.baseUrl);
    world = await buildWorld(api);
  });

  afterAll(async () => {
    closeSockets();
    await app.close();
  });

  it('lists the company’s users, its channel manager and assigned staff, and a partner only their own', async () => {
    ok(
      await api.post(
        `/companies/${world.companyA}/contacts/assignments`,
        { userId: world.vendorMember.id, partnershipRole: 'Technical support' },
        world.admin.token,
      ),
      'assign',
    );
    const list = ok(
      await api.get(`/companies/${world.companyA}/contacts`, world.a.partner_member.token),
      'list',
    );
    const byId = new Map(list.map((c: any) => [c.userId, c]));
    expect(byId.get(world.manager.id)).toMatchObject({ side: 'vendor', partnershipRole: 'Channel manager' });
    expect(byId.get(world.vendorMember.id)).toMatchObject({
      side: 'vendor',
      partnershipRole: 'Technical support',
    });
    for (const user of Object.values(world.a)) expect(byId.get(user.id)).toMatchObject({ side: 'partner' });
    expect(byId.has(world.otherManager.id)).toBe(false);
    expect(byId.has(world.admin.id)).toBe(false);
    for (const user of Object.values(world.b)) expect(byId.has(user.id)).toBe(false);
    expect(list.slice(0, 2).every((c: any) => c.side === 'vendor')).toBe(true);

    const b = ok(await api.get(`/companies/${world.companyB}/contacts`, world.otherManager.token), 'list B');
    expect(b.map((c: any) => c.userId)).not.toContain(world.vendorMember.id);
    expect(
      (await api.get(`/companies/${world.companyB}/contacts`, world.a.partner_executive.token)).status,
    ).toBe(404);
  });

  it('records team changes in activity: join, role change, leave', async () => {
    const path = `/companies/${world.companyA}/contacts/assignments`;
    ok(
      await api.post(
        path,
        { userId: world.otherManager.id, partnershipRole: 'Marketing' },
        world.admin.token,
      ),
      'join',
    );
    ok(
      await api.post(
        path,
        { userId: world.otherManager.id, partnershipRole: 'Alliances' },
        world.admin.token,
      ),
      'role',
    );
    expect(
      (await api.request('DELETE', `${path}/${world.otherManager.id}`, { token: world.admin.token })).status,
    ).toBe(204);
    const activity = ok(
      await api.get(`/activity?companyId=${world.companyA}`, world.a.partner_member.token),
      'activity',
    );
    const types = activity.items
      .filter((a: any) => a.entityId === world.otherManager.id)
      .map((a: any) => a.type);
    expect(types).toEqual(['contact.left', 'contact.role_changed', 'contact.joined']);
    const list = ok(await api.get(`/companies/${world.companyA}/contacts`, world.admin.token), 'list');
    expect(list.map((c: any) => c.userId)).not.toContain(world.otherManager.id);
    expect(
      (await api.request('DELETE', `${path}/${world.otherManager.id}`, { token: world.admin.token })).status,
    ).toBe(404);
  });

  it('updates the caller’s profile and shows presence', async () => {
    const me = world.a.partner_manager;
    const card = ok(
      await api.patch(
        '/me/profile',
        {
          title: 'Head of IT',
          phone: '+49 30 123456',
          timezone: 'Europe/Berlin',
          contactPreference: 'phone',
          responsibilities: 'Identity, network',
        },
        me.token,
      ),
      'profile',
    );
    expect(card).toMatchObject({
      title: 'Head of IT',
      timezone: 'Europe/Berlin',
      contactPreference: 'phone',
      responsibilities: 'Identity, network',
    });
    await connect(app.baseUrl, me.token);
    const list = ok(await api.get(`/companies/${world.companyA}/contacts`, world.manager.token), 'list');
    const mine = list.find((c: any) => c.userId === me.id);
    expect(mine).toMatchObject({ title: 'Head of IT', phone: '+49 30 123456', online: true });
    expect(list.find((c: any) => c.userId === world.a.partner_member.id).online).toBe(false);
  });

  it('exports a contact as an escaped vCard', async () => {
    const me = world.a.partner_executive;
    ok(
      await api.patch(
        '/me/profile',
        { title: 'CTO; R&D, EMEA', responsibilities: 'Line one\nLine two' },
        me.token,
      ),
      'p',
    );
    const res = await fetch(`${app.baseUrl}/api/v1/companies/${world.companyA}/contacts/${me.id}/vcard`, {
      headers: { authorization: `Bearer ${world.manager.token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/vcard/);
    const text = await res.text();
    expect(text).toMatch(/^BEGIN:VCARD\r\nVERSION:4.0\r\n/);
    expect(text).toContain('TITLE:CTO\\; R&D\\, EMEA\r\n');
    expect(text).toContain('NOTE:Line one\\nLine two\r\n');
    expect(text).toContain('ORG:Alpha Systems\r\n');
    const foreign = await api.get(
      `/companies/${world.companyA}/contacts/${world.b.partner_member.id}/vcard`,
      world.manager.token,
    );
    expect(foreign.status).toBe(404);
  });

  it('refuses bad input on every write route', async () => {
    const path = `/companies/${world.companyA}/contacts/assignments`;
    const bad = [
      await api.post(path, { userId: 'nope', partnershipRole: 'x' }, world.admin.token),
      await api.post(path, { userId: world.vendorMember.id }, world.admin.token),
      await api.post(path, { userId: world.vendorMember.id, partnershipRole: null }, world.admin.token),
      await api.post(
        path,
        { userId: world.a.partner_member.id, partnershipRole: 'Support' },
        world.admin.token,
      ),
      await api.patch('/me/profile', { timezone: 'Mars/Olympus' }, world.a.partner_member.token),
      await api.patch('/me/profile', { contactPreference: 'pigeon' }, world.a.partner_member.token),
      await api.patch('/me/profile', { title: null }, world.a.partner_member.token),
      await api.patch('/me/profile', { phone: 'call me maybe' }, world.a.partner_member.token),
    ];
    expect(bad.map((r) => r.status)).toEqual(bad.map(() => 400));
    expect(bad.every((r) => Array.isArray(r.body.details))).toBe(true);
  });
});

const OTHER_404 = { other_partner_executive: 404, other_partner_manager: 404, other_partner_member: 404 };
const ROWS: MatrixRow[] = [
  {
    method: 'GET',
    route: '/companies/:id/contacts',
    path: (ctx) => `/companies/${ctx.target.id}/contacts`,
    expect: { ...(Object.fromEntries(CELLS.map((c) => [c, 200])) as any), anonymous: 401, ...OTHER_404 },
  },
  {
    method: 'GET',
    route: '/companies/:id/contacts/:userId/vcard',
    path: (ctx) => `/companies/${ctx.target.id}/contacts/${ctx.target.partner_member.id}/vcard`,
    expect: { ...(Object.fromEntries(CELLS.map((c) => [c, 200])) as any), anonymous: 401, ...OTHER_404 },
  },
  {
    method: 'POST',
    route: '/companies/:id/contacts/assignments',
    path: (ctx) => `/companies/${ctx.target.id}/contacts/assignments`,
    body: (ctx) => ({ userId: ctx.world.vendorMember.id, partnershipRole: `Role ${ctx.cell}` }),
    expect: {
      anonymous: 401,
      admin: 201,
      channel_manager_owner: 403,
      channel_manager: 403,
      vendor_member: 403,
      partner_executive: 403,
      partner_manager: 403,
      partner_member: 403,
      ...OTHER_404,
    },
  },
  {
    method: 'DELETE',
    route: '/companies/:id/contacts/assignments/:userId',
    before: async (ctx) => {
      ok(
        await ctx.world.api.post(
          `/companies/${ctx.target.id}/contacts/assignments`,
          { userId: ctx.world.otherManager.id, partnershipRole: 'Marketing' },
          ctx.world.admin.token,
        ),
        'assign',
      );
      return {};
    },
    path: (ctx) => `/companies/${ctx.target.id}/contacts/assignments/${ctx.world.otherManager.id}`,
    expect: {
      anonymous: 401,
      admin: 204,
      channel_manager_owner: 403,
      channel_manager: 403,
      vendor_member: 403,
      partner_executive: 403,
      partner_manager: 403,
      partner_member: 403,
      ...OTHER_404,
    },
  },
  {
    method: 'PATCH',
    route: '/me/profile',
    path: () => '/me/profile',
    body: (ctx) => ({ title: `Title of ${ctx.cell}` }),
    expect: { ...(Object.fromEntries(CELLS.map((c) => [c, 200])) as any), anonymous: 401 },
  },
];

describe('access matrix: contacts routes × every role × own/other company', () => {
  let app: TestApp;
  let api: Api;
  let base: MatrixContext;

  beforeAll(async () => {
    app = await startTestApp();
    api = new Api(app.baseUrl);
    base = await matrixBase(app, api);
  }, 120000);
  afterAll(() => app.close());

  it.each(ROWS.map((row) => [`${row.method} ${row.route}`, row] as const))('%s', async (_, row) => {
    expect(await runRow(api, base, row)).toEqual(expected(row));
  });
});
