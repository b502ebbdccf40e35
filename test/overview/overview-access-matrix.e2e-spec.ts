import { CELLS, expected, MatrixContext, MatrixRow, runRow, matrixBase } from '../support/access-matrix';
import { Api } from '../support/api';
import { startTestApp, TestApp } from '../support/test-app';
import { ok } from '../projects/projects-helpers';

const ALL = (status: number) => ({
  ...(Object.fromEntries(CELLS.map((c) => [c, status])) as any),
  anonymous: 401,
});
const OTHER_404 = { other_partner_executive: 404, other_partner_manager: 404, other_partner_member: 404 };
const VENDOR_ONLY = (status: number) => ({
  anonymous: 401,
  admin: status,
  channel_manager_owner: status,
  channel_manager: status,
  vendor_member: status,
  partner_executive: 403,
  partner_manager: 403,
  partner_member: 403,
  other_partner_executive: 403,
  other_partner_manager: 403,
  other_partner_member: 403,
});
const toA = async (ctx: MatrixContext) => ({
  vars: {
    announcement: ok(
      await ctx.world.api.post(
        '/announcements',
        { title: 'For A', body: 'x', audience: { companyIds: [ctx.target.id] } },
        ctx.world.admin.token,
      ),
      'post',
    ),
  },
});

/** Admin and the owning channel manager change an announcement to the company; partners who see it get 403. */
const CHANGE = (status: number) => ({
  ...VENDOR_ONLY(403),
  admin: status,
  channel_manager_owner: status,
  other_partner_executive: 404,
  other_partner_manager: 404,
  other_partner_member: 404,
});
const perCell = async (ctx: MatrixContext) => {
  const entries = await Promise.all(
    CELLS.map(async (cell) => [cell, (await toA(ctx)).vars.announcement] as const),
  );
  return { vars: { announcements: Object.fromEntries(entries) } };
};

const ROWS: MatrixRow[] = [
  {
    method: 'GET',
    route: '/companies/:id/overview',
    path: (ctx) => `/companies/${ctx.target.id}/overview`,
    expect: { ...ALL(200), ...OTHER_404 },
  },
  { method: 'GET', route: '/announcements', path: () => '/announcements', expect: ALL(200) },
  {
    method: 'POST',
    route: '/announcements',
    note: 'to the target company',
    path: () => '/announcements',
    body: (ctx) => ({ title: `By ${ctx.cell}`, body: 'x', audience: { companyIds: [ctx.target.id] } }),
    expect: {
      ...VENDOR_ONLY(201),
      channel_manager: 403,
      vendor_member: 403,
    },
  },
  {
    method: 'GET',
    route: '/announcements/:id',
    before: toA,
    path: (ctx) => `/announcements/${ctx.vars.announcement.id}`,
    expect: { ...ALL(200), ...OTHER_404 },
  },
  {
    method: 'PATCH',
    route: '/announcements/:id',
    before: toA,
    path: (ctx) => `/announcements/${ctx.vars.announcement.id}`,
    body: (ctx) => ({ title: `Edited by ${ctx.cell}`, pinned: true }),
    expect: CHANGE(200),
  },
  {
    method: 'DELETE',
    route: '/announcements/:id',
    before: perCell,
    path: (ctx) => `/announcements/${ctx.vars.announcements[ctx.cell].id}`,
    expect: CHANGE(204),
  },
  {
    method: 'POST',
    route: '/announcements/:id/read',
    before: toA,
    path: (ctx) => `/announcements/${ctx.vars.announcement.id}/read`,
    expect: { ...ALL(200), ...OTHER_404 },
  },
  {
    method: 'GET',
    route: '/announcements/:id/reads',
    before: toA,
    path: (ctx) => `/announcements/${ctx.vars.announcement.id}/reads`,
    expect: VENDOR_ONLY(200),
  },
  {
    method: 'GET',
    route: '/me/notification-settings',
    path: () => '/me/notification-settings',
    expect: ALL(200),
  },
  {
    method: 'PATCH',
    route: '/me/notification-settings',
    path: () => '/me/notification-settings',
    body: () => ({ dealWon: { email: false } }),
    expect: ALL(200),
  },
  {
    method: 'POST',
    route: '/partner-groups/:id/rooms',
    path: (ctx) => `/partner-groups/${ctx.world.groupId}/rooms`,
    body: (ctx) => ({ name: `Room by ${ctx.cell}` }),
    expect: { ...VENDOR_ONLY(403), admin: 201 },
  },
];

describe('access matrix: overview, announcements, notification settings and group rooms', () => {
  let app: TestApp;
  let api: Api;
  let base: MatrixContext;

  beforeAll(async () => {
    app = await startTestApp();
    api = new Api(app.baseUrl);
    base = await matrixBase(app, api);
  }, 120000);
  afterAll(() => app.close());

  it.each(ROWS.map((row) => [`${row.method} ${row.route}${row.note ? ` (${row.note})` : ''}`, row] as const))(
    '%s',
    async (_, row) => {
      expect(await runRow(api, base, row)).toEqual(expected(row));
    },
  );
});
