import { CELLS, MatrixContext, MatrixRow, itRunsRows, matrixBase } from '../support/access-matrix';
import { Api } from '../support/api';
import { startTestApp, TestApp } from '../support/test-app';
import { planIn, THIS_YEAR } from './plans-helpers';

const VENDOR_READ = { admin: 200, channel_manager_owner: 200, channel_manager: 200, vendor_member: 200 };
const HIDDEN = {
  partner_member: 404,
  other_partner_executive: 404,
  other_partner_manager: 404,
  other_partner_member: 404,
};

/** The plans room's rows of the access matrix: CONTRACT "Only partner_executive and partner_manager enter the plans room". */
const ROUTES: MatrixRow[] = [
  {
    method: 'GET',
    route: '/plans',
    path: () => '/plans',
    expect: {
      anonymous: 401,
      ...Object.fromEntries(CELLS.filter((c) => c !== 'anonymous').map((c) => [c, 200])),
    } as never,
  },
  {
    method: 'GET',
    route: '/plans/export.csv',
    path: () => '/plans/export.csv',
    expect: {
      anonymous: 401,
      ...Object.fromEntries(CELLS.filter((c) => c !== 'anonymous').map((c) => [c, 200])),
    } as never,
  },
  {
    method: 'GET',
    route: '/plans/:id',
    note: 'shared for review',
    before: async (ctx) => ({ vars: { plan: await planIn(ctx.world, 'draft') } }),
    path: (ctx) => `/plans/${ctx.vars.plan.id}`,
    expect: { anonymous: 401, ...VENDOR_READ, partner_executive: 200, partner_manager: 200, ...HIDDEN },
  },
  {
    method: 'GET',
    route: '/plans/:id',
    note: 'vendor-only outline',
    before: async (ctx) => ({ vars: { plan: await planIn(ctx.world, 'draft_outline') } }),
    path: (ctx) => `/plans/${ctx.vars.plan.id}`,
    expect: { anonymous: 401, ...VENDOR_READ, partner_executive: 404, partner_manager: 404, ...HIDDEN },
  },
  {
    method: 'POST',
    route: '/plans',
    path: () => '/plans',
    body: (ctx) => ({
      companyId: ctx.target.id,
      name: `By ${ctx.cell}`,
      fiscalYear: THIS_YEAR + 10 + CELLS.indexOf(ctx.cell),
    }),
    expect: {
      anonymous: 401,
      admin: 201,
      channel_manager_owner: 201,
      channel_manager: 403,
      vendor_member: 403,
      partner_executive: 403,
      partner_manager: 403,
      ...HIDDEN,
    },
  },
  {
    method: 'PATCH',
    route: '/plans/:id',
    note: 'shared for review',
    before: async (ctx) => ({ vars: { plan: await planIn(ctx.world, 'draft') } }),
    path: (ctx) => `/plans/${ctx.vars.plan.id}`,
    body: (ctx) => ({ name: `Renamed by ${ctx.cell}` }),
    expect: {
      anonymous: 401,
      admin: 200,
      channel_manager_owner: 200,
      channel_manager: 403,
      vendor_member: 403,
      partner_executive: 200,
      partner_manager: 200,
      ...HIDDEN,
    },
  },
  {
    method: 'POST',
    route: '/plans/:id/goals/:gid/entries',
    note: 'active plan',
    before: async (ctx) => {
      const plan = await planIn(ctx.world, 'active');
      const res = await ctx.world.api.post(
        `/plans/${plan.id}/goals`,
        { sectionId: plan.sections[0].id, type: 'manual', title: 'Seats', target: '100' },
        ctx.world.admin.token,
      );
      return { vars: { plan, goal: res.body.sections[0].goals[0] } };
    },
    path: (ctx) => `/plans/${ctx.vars.plan.id}/goals/${ctx.vars.goal.id}/entries`,
    body: () => ({ value: '1' }),
    expect: {
      anonymous: 401,
      admin: 201,
      channel_manager_owner: 201,
      channel_manager: 403,
      vendor_member: 403,
      partner_executive: 201,
      partner_manager: 201,
      ...HIDDEN,
    },
  },
  ...(['draft', 'draft_outline'] as const).flatMap((status): MatrixRow[] => {
    const partners = status === 'draft' ? 'shared for review' : 'vendor-only outline';
    const partnerRead = status === 'draft' ? 200 : 404;
    const before = async (ctx: MatrixContext) => {
      const plan = await planIn(ctx.world, status);
      const res = await ctx.world.api.post(
        `/plans/${plan.id}/goals`,
        { sectionId: plan.sections[0].id, type: 'manual', title: 'Talked about', target: '5' },
        ctx.world.admin.token,
      );
      return { vars: { plan, goal: res.body.sections[0].goals[0] } };
    };
    const path = (ctx: MatrixContext) => `/plans/${ctx.vars.plan.id}/goals/${ctx.vars.goal.id}/discussion`;
    return [
      {
        method: 'GET',
        route: '/plans/:id/goals/:goalId/discussion',
        note: partners,
        before,
        path,
        expect: {
          anonymous: 401,
          ...VENDOR_READ,
          partner_executive: partnerRead,
          partner_manager: partnerRead,
          ...HIDDEN,
        },
      },
      {
        method: 'POST',
        route: '/plans/:id/goals/:goalId/discussion',
        note: partners,
        before,
        path,
        body: (ctx) => ({ body: `Said by ${ctx.cell}` }),
        expect: {
          anonymous: 401,
          admin: 201,
          channel_manager_owner: 201,
          channel_manager: 201,
          vendor_member: 201,
          partner_executive: partnerRead === 200 ? 201 : 404,
          partner_manager: partnerRead === 200 ? 201 : 404,
          ...HIDDEN,
        },
      },
    ];
  }),
  {
    method: 'GET',
    route: '/plan-templates',
    path: () => '/plan-templates',
    expect: {
      anonymous: 401,
      ...VENDOR_READ,
      partner_executive: 403,
      partner_manager: 403,
      partner_member: 403,
      other_partner_executive: 403,
      other_partner_manager: 403,
      other_partner_member: 403,
    },
  },
];

describe('access matrix: plans room routes × every role × own/other company', () => {
  let app: TestApp;
  let api: Api;
  let base: MatrixContext;

  beforeAll(async () => {
    app = await startTestApp();
    api = new Api(app.baseUrl);
    base = await matrixBase(app, api);
  }, 120000);
  afterAll(() => app.close());

  itRunsRows(ROUTES, () => ({ api, base }));
});
