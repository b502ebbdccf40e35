import {
  buildPartnerCompany,
  CELLS,
  Expect,
  MatrixContext,
  MatrixRow,
  roomOf,
  itRunsRows,
  matrixBase,
} from '../support/access-matrix';
import { Api } from '../support/api';
import { createUser } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { messageRate } from './messages-helpers';

const OTHERS = { other_partner_executive: 404, other_partner_manager: 404, other_partner_member: 404 };
const EVERYONE_OF_COMPANY = (status: number): Expect => ({
  anonymous: 401,
  admin: status,
  channel_manager_owner: status,
  channel_manager: status,
  vendor_member: status,
  partner_executive: status,
  partner_manager: status,
  partner_member: status,
  ...OTHERS,
});
const ANY_USER = (status: number) =>
  ({
    anonymous: 401,
    ...Object.fromEntries(CELLS.filter((c) => c !== 'anonymous').map((c) => [c, status])),
  }) as Expect;

async function channel(ctx: MatrixContext, by = ctx.world.admin) {
  const res = await ctx.world.api.post(
    '/conversations',
    { companyId: ctx.target.id, kind: 'channel', name: 'Matrix' },
    by.token,
  );
  if (res.status !== 201) throw new Error(`channel: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function message(ctx: MatrixContext, conversationId: string, by = ctx.world.admin) {
  const res = await ctx.world.api.post(
    `/conversations/${conversationId}/messages`,
    { body: 'matrix' },
    by.token,
  );
  if (res.status !== 201) throw new Error(`message: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The messages room's rows: everyone of the company may enter it; other companies' people see nothing. */
const ROUTES: MatrixRow[] = [
  {
    method: 'GET',
    route: '/conversations',
    before: async (ctx) => ({ vars: { channel: await channel(ctx) } }),
    path: () => '/conversations',
    expect: ANY_USER(200),
    verify: (ctx, res) => {
      const ids = res.body.items.map((c: any) => c.id);
      const own = ctx.actor?.companyId === ctx.target.id || ctx.actor?.companyId === null;
      if (own !== ids.includes(ctx.vars.channel.id)) throw new Error(`${ctx.cell} list scope wrong`);
    },
  },
  {
    method: 'POST',
    route: '/conversations',
    note: 'channel',
    path: () => '/conversations',
    body: (ctx) => ({ companyId: ctx.target.id, kind: 'channel', name: `By ${ctx.cell}` }),
    expect: { ...EVERYONE_OF_COMPANY(201), partner_member: 403 },
  },
  {
    method: 'POST',
    route: '/conversations',
    note: 'direct',
    // Someone no cell is, so every caller names a new set of people (the same set answers the existing one).
    before: async (ctx) => ({
      vars: { other: await createUser(ctx.world.api, ctx.world.admin, 'vendor_member', null, 'Dee Direct') },
    }),
    path: () => '/conversations',
    body: (ctx) => ({
      companyId: ctx.target.id,
      kind: 'direct',
      participantIds: [ctx.vars.other.id],
    }),
    expect: EVERYONE_OF_COMPANY(201),
  },
  {
    method: 'GET',
    route: '/conversations/:id',
    note: 'channel',
    before: async (ctx) => ({ vars: { channel: await channel(ctx) } }),
    path: (ctx) => `/conversations/${ctx.vars.channel.id}`,
    expect: EVERYONE_OF_COMPANY(200),
  },
  {
    method: 'GET',
    route: '/conversations/:id',
    note: 'direct between the owner and a partner member',
    before: async (ctx) => {
      const res = await ctx.world.api.post(
        '/conversations',
        { companyId: ctx.target.id, kind: 'direct', participantIds: [ctx.target.partner_member.id] },
        ctx.target.owner.token,
      );
      return { vars: { dm: res.body } };
    },
    path: (ctx) => `/conversations/${ctx.vars.dm.id}`,
    expect: {
      anonymous: 401,
      admin: 404,
      channel_manager_owner: 200,
      channel_manager: 404,
      vendor_member: 404,
      partner_executive: 404,
      partner_manager: 404,
      partner_member: 200,
      ...OTHERS,
    },
  },
  {
    method: 'PATCH',
    route: '/conversations/:id',
    note: 'channel opened by the vendor member',
    before: async (ctx) => ({ vars: { channel: await channel(ctx, ctx.world.vendorMember) } }),
    path: (ctx) => `/conversations/${ctx.vars.channel.id}`,
    body: (ctx) => ({ topic: `Set by ${ctx.cell}` }),
    expect: {
      anonymous: 401,
      admin: 200,
      channel_manager_owner: 200,
      channel_manager: 403,
      vendor_member: 200,
      partner_executive: 200,
      partner_manager: 403,
      partner_member: 403,
      ...OTHERS,
    },
  },
  {
    method: 'GET',
    route: '/conversations/unread',
    path: () => '/conversations/unread',
    expect: ANY_USER(200),
  },
  {
    method: 'GET',
    route: '/conversations/:id/messages',
    before: async (ctx) => {
      const c = await channel(ctx);
      await message(ctx, c.id);
      return { vars: { channel: c } };
    },
    path: (ctx) => `/conversations/${ctx.vars.channel.id}/messages?after=0`,
    expect: EVERYONE_OF_COMPANY(200),
    verify: (_, res) => {
      if (res.body.items.length !== 1) throw new Error('expected the one message');
    },
  },
  {
    method: 'POST',
    route: '/conversations/:id/messages',
    before: async (ctx) => ({ vars: { channel: await channel(ctx) } }),
    path: (ctx) => `/conversations/${ctx.vars.channel.id}/messages`,
    body: (ctx) => ({ body: `From ${ctx.cell}` }),
    expect: EVERYONE_OF_COMPANY(201),
  },
  {
    method: 'POST',
    route: '/conversations/:id/read',
    before: async (ctx) => {
      const c = await channel(ctx);
      return { vars: { channel: c, message: await message(ctx, c.id) } };
    },
    path: (ctx) => `/conversations/${ctx.vars.channel.id}/read`,
    body: (ctx) => ({ messageId: ctx.vars.message.id }),
    expect: EVERYONE_OF_COMPANY(200),
  },
  {
    method: 'PATCH',
    route: '/messages/:id',
    note: 'written by the partner manager',
    before: async (ctx) => {
      const c = await channel(ctx);
      return { vars: { message: await message(ctx, c.id, ctx.target.partner_manager) } };
    },
    path: (ctx) => `/messages/${ctx.vars.message.id}`,
    body: () => ({ body: 'edited' }),
    expect: { ...EVERYONE_OF_COMPANY(403), partner_manager: 200 },
  },
  {
    method: 'DELETE',
    route: '/messages/:id',
    note: 'written by the partner member',
    before: async (ctx) => {
      const c = await channel(ctx);
      return { vars: { message: await message(ctx, c.id, ctx.target.partner_member) } };
    },
    path: (ctx) => `/messages/${ctx.vars.message.id}`,
    expect: {
      ...EVERYONE_OF_COMPANY(403),
      admin: 204,
      channel_manager_owner: 204,
      partner_member: 204,
    },
  },
  {
    method: 'POST',
    route: '/messages/:id/reactions',
    before: async (ctx) => {
      const c = await channel(ctx);
      return { vars: { message: await message(ctx, c.id) } };
    },
    path: (ctx) => `/messages/${ctx.vars.message.id}/reactions`,
    body: () => ({ emoji: '👍' }),
    expect: EVERYONE_OF_COMPANY(200),
  },
  {
    method: 'GET',
    route: '/messages/:id',
    before: async (ctx) => {
      const c = await channel(ctx);
      return { vars: { message: await message(ctx, c.id) } };
    },
    path: (ctx) => `/messages/${ctx.vars.message.id}`,
    expect: EVERYONE_OF_COMPANY(200),
  },
  {
    method: 'DELETE',
    route: '/messages/:id/reactions/:emoji',
    before: async (ctx) => {
      const c = await channel(ctx);
      return { vars: { message: await message(ctx, c.id) } };
    },
    path: (ctx) => `/messages/${ctx.vars.message.id}/reactions/${encodeURIComponent('👍')}`,
    expect: EVERYONE_OF_COMPANY(200),
  },
  {
    method: 'GET',
    route: '/conversations/:id',
    note: 'messages room disabled',
    before: async (ctx) => {
      const target = await buildPartnerCompany(ctx.world, 'Dormant Ltd');
      const scoped = { ...ctx, target };
      const c = await channel(scoped);
      const res = await ctx.world.api.patch(
        `/companies/${target.id}/rooms/${roomOf(target, 'messages')}`,
        { enabled: false },
        ctx.world.admin.token,
      );
      if (res.status !== 200) throw new Error(`disable: ${res.status} ${JSON.stringify(res.body)}`);
      return { target, vars: { channel: c } };
    },
    path: (ctx) => `/conversations/${ctx.vars.channel.id}`,
    expect: {
      ...EVERYONE_OF_COMPANY(200),
      partner_executive: 404,
      partner_manager: 404,
      partner_member: 404,
    },
  },
  {
    method: 'GET',
    route: '/messages/search',
    before: async (ctx) => {
      const c = await channel(ctx);
      const res = await ctx.world.api.post(
        `/conversations/${c.id}/messages`,
        { body: 'zebra crossing' },
        ctx.world.admin.token,
      );
      return { vars: { message: res.body } };
    },
    path: () => '/messages/search?q=zebra',
    expect: ANY_USER(200),
    verify: (ctx, res) => {
      const found = res.body.items.some((i: any) => i.message.id === ctx.vars.message.id);
      const own = ctx.actor?.companyId === ctx.target.id || ctx.actor?.companyId === null;
      if (found !== own) throw new Error(`${ctx.cell} search scope wrong`);
    },
  },
];

describe('access matrix: messages room routes × every role × own/other company', () => {
  let app: TestApp;
  let api: Api;
  let base: MatrixContext;

  beforeAll(async () => {
    app = await startTestApp();
    messageRate(app).messages = 100_000;
    api = new Api(app.baseUrl);
    base = await matrixBase(app, api);
  }, 120000);
  afterAll(() => app.close());

  itRunsRows(ROUTES, () => ({ api, base }));
});
