import {
  Cell,
  CELLS,
  Expect,
  MatrixContext,
  MatrixRow,
  itRunsRows,
  matrixBase,
} from '../support/access-matrix';
import { Api } from '../support/api';
import { startTestApp, TestApp } from '../support/test-app';
import { dealIn, leadBody, leadIn } from './leads-helpers';

const OTHERS_HIDDEN = { other_partner_executive: 404, other_partner_manager: 404, other_partner_member: 404 };
const EVERYONE_200 = Object.fromEntries(CELLS.map((c) => [c, c === 'anonymous' ? 401 : 200])) as Expect;
const READ: Expect = {
  anonymous: 401,
  admin: 200,
  channel_manager_owner: 200,
  channel_manager: 200,
  vendor_member: 200,
  partner_executive: 200,
  partner_manager: 200,
  partner_member: 200,
  ...OTHERS_HIDDEN,
};
/** Owner and admin decide; the rest of the vendor reads; partners see it but may not. */
const DECIDE = (ok: number): Expect => ({
  anonymous: 401,
  admin: ok,
  channel_manager_owner: ok,
  channel_manager: 403,
  vendor_member: 403,
  partner_executive: 403,
  partner_manager: 403,
  partner_member: 403,
  ...OTHERS_HIDDEN,
});
/** Owner, admin and the company's partner users act; other vendor staff only read. */
const ACT = (ok: number): Expect => ({
  ...DECIDE(ok),
  partner_executive: ok,
  partner_manager: ok,
  partner_member: ok,
});

/** One fresh resource per cell expected to succeed (a success changes state); the rest share one. */
function perCell(expect: Expect, make: (ctx: MatrixContext) => Promise<any>) {
  return async (ctx: MatrixContext) => {
    const vars: Record<string, any> = { shared: await make(ctx) };
    for (const cell of CELLS) if (expect[cell] < 300) vars[cell] = await make(ctx);
    return { vars };
  };
}
const pick = (vars: Record<string, any>, cell: Cell) => vars[cell] ?? vars.shared;

function scoped(ctx: { actor: { companyId: string | null } | null }, response: { body: any }) {
  const own = ctx.actor?.companyId;
  if (!own) return;
  for (const item of response.body.items) {
    if (item.companyId !== own) throw new Error(`a partner saw another company's row ${item.id}`);
  }
}

const ROUTES: MatrixRow[] = [
  { method: 'GET', route: '/leads', path: () => '/leads?limit=200', expect: EVERYONE_200, verify: scoped },
  { method: 'GET', route: '/leads/export.csv', path: () => '/leads/export.csv', expect: EVERYONE_200 },
  {
    method: 'POST',
    route: '/leads',
    path: () => '/leads',
    body: (ctx) => ({ ...leadBody(), companyId: ctx.target.id }),
    expect: ACT(201),
  },
  {
    method: 'POST',
    route: '/leads/check',
    path: () => '/leads/check',
    body: (ctx) => ({
      customerDomain: 'matrix-check.com',
      ...(ctx.actor?.companyId ? {} : { companyId: ctx.target.id }),
    }),
    expect: EVERYONE_200,
    verify: (ctx, response) => {
      if (ctx.actor?.companyId && Object.keys(response.body).join() !== 'conflict') {
        throw new Error(`a partner got more than the flag: ${JSON.stringify(response.body)}`);
      }
    },
  },
  {
    method: 'GET',
    route: '/leads/:id',
    note: 'registered by the partner member',
    before: async (ctx) => ({ vars: { lead: await leadIn(ctx.world, 'submitted') } }),
    path: (ctx) => `/leads/${ctx.vars.lead.id}`,
    expect: READ,
  },
  {
    method: 'GET',
    route: '/leads/:id',
    note: 'registered by a colleague of the partner member',
    before: async (ctx) => ({
      vars: { lead: await leadIn(ctx.world, 'submitted', { by: ctx.target.partner_executive }) },
    }),
    path: (ctx) => `/leads/${ctx.vars.lead.id}`,
    expect: { ...READ, partner_member: 404 },
  },
  {
    method: 'PATCH',
    route: '/leads/:id',
    note: 'submitted',
    before: async (ctx) => ({ vars: { lead: await leadIn(ctx.world, 'submitted') } }),
    path: (ctx) => `/leads/${ctx.vars.lead.id}`,
    body: (ctx) => ({ notes: `by ${ctx.cell}` }),
    expect: ACT(200),
  },
  {
    method: 'POST',
    route: '/leads/:id/transitions',
    note: 'approve',
    before: perCell(DECIDE(200), (ctx) => leadIn(ctx.world, 'submitted')),
    path: (ctx) => `/leads/${pick(ctx.vars, ctx.cell).id}/transitions`,
    body: () => ({ to: 'approved' }),
    expect: DECIDE(200),
  },
  {
    method: 'POST',
    route: '/leads/:id/extension',
    before: perCell({ ...ACT(200), admin: 403, channel_manager_owner: 403 }, (ctx) =>
      leadIn(ctx.world, 'approved'),
    ),
    path: (ctx) => `/leads/${pick(ctx.vars, ctx.cell).id}/extension`,
    body: () => ({ reason: 'More time' }),
    expect: { ...ACT(200), admin: 403, channel_manager_owner: 403 },
  },
  {
    method: 'POST',
    route: '/leads/:id/extension/decision',
    before: perCell(DECIDE(200), async (ctx) => {
      const lead = await leadIn(ctx.world, 'approved');
      await ctx.world.api.post(
        `/leads/${lead.id}/extension`,
        { reason: 'More time' },
        ctx.target.partner_member.token,
      );
      return lead;
    }),
    path: (ctx) => `/leads/${pick(ctx.vars, ctx.cell).id}/extension/decision`,
    body: () => ({ grant: true }),
    expect: DECIDE(200),
  },
  {
    method: 'POST',
    route: '/leads/:id/convert',
    before: perCell(ACT(201), (ctx) => leadIn(ctx.world, 'approved')),
    path: (ctx) => `/leads/${pick(ctx.vars, ctx.cell).id}/convert`,
    expect: ACT(201),
  },
  { method: 'GET', route: '/deals', path: () => '/deals?limit=200', expect: EVERYONE_200, verify: scoped },
  { method: 'GET', route: '/deals/export.csv', path: () => '/deals/export.csv', expect: EVERYONE_200 },
  {
    method: 'POST',
    route: '/deals',
    path: () => '/deals',
    body: (ctx) => ({
      companyId: ctx.target.id,
      name: `Deal by ${ctx.cell}`,
      customerName: 'Matrix Corp',
      value: { amount: '100.00', currency: 'EUR' },
    }),
    expect: ACT(201),
  },
  {
    method: 'GET',
    route: '/deals/:id',
    before: async (ctx) => ({ vars: { deal: await dealIn(ctx.world, 'prospecting') } }),
    path: (ctx) => `/deals/${ctx.vars.deal.id}`,
    expect: READ,
  },
  {
    method: 'GET',
    route: '/deals/:id',
    note: 'registered by a colleague of the partner member',
    before: async (ctx) => ({
      vars: { deal: await dealIn(ctx.world, 'prospecting', { by: ctx.target.partner_manager }) },
    }),
    path: (ctx) => `/deals/${ctx.vars.deal.id}`,
    expect: { ...READ, partner_member: 404 },
  },
  {
    method: 'PATCH',
    route: '/deals/:id',
    before: async (ctx) => ({ vars: { deal: await dealIn(ctx.world, 'prospecting') } }),
    path: (ctx) => `/deals/${ctx.vars.deal.id}`,
    body: () => ({ probability: 30 }),
    expect: ACT(200),
  },
  {
    method: 'POST',
    route: '/deals/:id/notes',
    before: async (ctx) => ({ vars: { deal: await dealIn(ctx.world, 'prospecting') } }),
    path: (ctx) => `/deals/${ctx.vars.deal.id}/notes`,
    body: (ctx) => ({ body: `Note by ${ctx.cell}` }),
    expect: { ...ACT(201), channel_manager: 201, vendor_member: 201 },
  },
  {
    method: 'GET',
    route: '/pipeline?companyId=',
    path: (ctx) => `/pipeline?companyId=${ctx.target.id}`,
    expect: READ,
  },
  {
    method: 'GET',
    route: '/commissions',
    path: () => '/commissions?limit=200',
    expect: EVERYONE_200,
    verify: scoped,
  },
  {
    method: 'POST',
    route: '/commissions/:id/transitions',
    before: perCell(DECIDE(200), async (ctx) => {
      const deal = await dealIn(ctx.world, 'closed_won');
      const ledger = await ctx.world.api.get(
        `/commissions?companyId=${ctx.target.id}&limit=200`,
        ctx.world.admin.token,
      );
      return ledger.body.items.find((c: any) => c.dealId === deal.id);
    }),
    path: (ctx) => `/commissions/${pick(ctx.vars, ctx.cell).id}/transitions`,
    body: () => ({ to: 'approved' }),
    expect: DECIDE(200),
  },
  {
    method: 'GET',
    route: '/currency-rates',
    path: () => '/currency-rates',
    expect: {
      ...DECIDE(200),
      channel_manager: 200,
      vendor_member: 200,
      other_partner_executive: 403,
      other_partner_manager: 403,
      other_partner_member: 403,
    },
  },
  {
    method: 'PUT' as MatrixRow['method'],
    route: '/currency-rates',
    path: () => '/currency-rates',
    body: () => ({ currency: 'GBP', rateToBase: '1.30' }),
    expect: {
      ...DECIDE(403),
      anonymous: 401,
      admin: 200,
      other_partner_executive: 403,
      other_partner_manager: 403,
      other_partner_member: 403,
    },
  },
];

describe('access matrix: leads and deals routes × every role × own/other company', () => {
  let app: TestApp;
  let api: Api;
  let base: MatrixContext;

  beforeAll(async () => {
    app = await startTestApp();
    api = new Api(app.baseUrl);
    base = await matrixBase(app, api);
  }, 120000);
  afterAll(() => app.close());

  itRunsRows(ROUTES, () => ({ api, base }), 120000);

  it('hides leads and deals from partners while the room is disabled', async () => {
    const { world, target } = base;
    const lead = await leadIn(world, 'submitted');
    const deal = await dealIn(world, 'prospecting');
    const leadsRoom = target.rooms.find((r) => r.kind === 'leads')!.id;
    const dealsRoom = target.rooms.find((r) => r.kind === 'deals')!.id;
    const toggle = (roomId: string, enabled: boolean) =>
      api.patch(`/companies/${target.id}/rooms/${roomId}`, { enabled }, world.admin.token);
    expect((await toggle(leadsRoom, false)).status).toBe(200);
    expect((await toggle(dealsRoom, false)).status).toBe(200);
    try {
      const exec = target.partner_executive.token;
      expect((await api.get(`/leads/${lead.id}`, exec)).status).toBe(404);
      expect((await api.get(`/deals/${deal.id}`, exec)).status).toBe(404);
      expect((await api.get('/leads', exec)).body.items).toEqual([]);
      expect((await api.post('/leads', leadBody(), exec)).status).toBe(404);
      expect((await api.get(`/leads/${lead.id}`, world.admin.token)).status).toBe(200);
    } finally {
      await toggle(leadsRoom, true);
      await toggle(dealsRoom, true);
    }
  });
});
