import { Api, ApiResponse } from './api';
import { Actor, buildWorld, createUser, PASSWORD, World } from './factories';
import { TestApp } from './test-app';

/**
 * The callers of every access-matrix row. "Own" partner users belong to the row's target company, which
 * `channel_manager_owner` owns and `channel_manager` does not; the `other_*` partner users belong to
 * another company of the same workspace.
 */
export const CELLS = [
  'anonymous',
  'admin',
  'channel_manager_owner',
  'channel_manager',
  'vendor_member',
  'partner_executive',
  'partner_manager',
  'partner_member',
  'other_partner_executive',
  'other_partner_manager',
  'other_partner_member',
] as const;
export type Cell = (typeof CELLS)[number];

/** The expected status of every cell; the type makes a row that forgets a cell fail to compile. */
export type Expect = Record<Cell, number>;

export interface PartnerCompany {
  id: string;
  rooms: Array<{ id: string; kind: string }>;
  owner: Actor;
  partner_executive: Actor;
  partner_manager: Actor;
  partner_member: Actor;
}

export interface MatrixContext {
  app: TestApp;
  world: World;
  /** The company the row acts on; the "own company" of the partner cells. */
  target: PartnerCompany;
  /** Another company of the workspace; the company of the `other_*` cells. */
  other: PartnerCompany;
  /** What the row's `before` returned. */
  vars: Record<string, any>;
}

export interface CellContext extends MatrixContext {
  cell: Cell;
  /** The caller, null for `anonymous`. */
  actor: Actor | null;
}

export interface MatrixRow {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** How the route reads in CONTRACT, for the test name. */
  route: string;
  /** What this row is about when one route has several rows. */
  note?: string;
  /** Runs once before the row's cells: may replace the target company and provide `vars`. */
  before?: (ctx: MatrixContext) => Promise<{ target?: PartnerCompany; vars?: Record<string, any> }>;
  path: (ctx: CellContext) => string;
  body?: (ctx: CellContext) => unknown;
  /** The bearer token to send; defaults to the caller's. */
  token?: (ctx: CellContext) => string | undefined;
  expect: Expect;
  /** Further checks on a successful response, e.g. that a list stays within the caller's scope. */
  verify?: (ctx: CellContext, response: ApiResponse) => void;
}

export function actorOf(ctx: MatrixContext, cell: Cell): Actor | null {
  const { world, target, other } = ctx;
  switch (cell) {
    case 'anonymous':
      return null;
    case 'admin':
      return world.admin;
    case 'channel_manager_owner':
      return target.owner;
    case 'channel_manager':
      return target.owner.id === world.otherManager.id ? world.manager : world.otherManager;
    case 'vendor_member':
      return world.vendorMember;
    case 'partner_executive':
    case 'partner_manager':
    case 'partner_member':
      return target[cell];
    case 'other_partner_executive':
      return other.partner_executive;
    case 'other_partner_manager':
      return other.partner_manager;
    case 'other_partner_member':
      return other.partner_member;
  }
}

export function companyA(world: World, rooms: PartnerCompany['rooms']): PartnerCompany {
  return { id: world.companyA, rooms, owner: world.manager, ...world.a };
}

export function companyB(world: World, rooms: PartnerCompany['rooms']): PartnerCompany {
  return { id: world.companyB, rooms, owner: world.otherManager, ...world.b };
}

/** A new company owned by the world's first channel manager, with one partner user of each role. */
export async function buildPartnerCompany(world: World, name: string): Promise<PartnerCompany> {
  const res = await world.api.post(
    '/companies',
    { name, ownerId: world.manager.id, commissionRate: '5.00' },
    world.admin.token,
  );
  if (res.status !== 201)
    throw new Error(`create company ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  const [partner_executive, partner_manager, partner_member] = await Promise.all([
    createUser(world.api, world.admin, 'partner_executive', res.body.id),
    createUser(world.api, world.admin, 'partner_manager', res.body.id),
    createUser(world.api, world.admin, 'partner_member', res.body.id),
  ]);
  return {
    id: res.body.id,
    rooms: res.body.rooms,
    owner: world.manager,
    partner_executive,
    partner_manager,
    partner_member,
  };
}

/** A new session for the caller of every cell (`anonymous` gets one of the admin), so rows may spend it. */
export async function freshSessions(
  ctx: MatrixContext,
): Promise<Record<Cell, { accessToken: string; refreshToken: string }>> {
  const entries = await Promise.all(
    CELLS.map(async (cell) => {
      const actor = actorOf(ctx, cell) ?? ctx.world.admin;
      const res = await ctx.world.api.post('/auth/login', { email: actor.email, password: PASSWORD });
      if (res.status !== 200) throw new Error(`login ${actor.email}: ${res.status}`);
      return [cell, res.body] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<Cell, { accessToken: string; refreshToken: string }>;
}

export function roomOf(company: PartnerCompany, kind: string): string {
  const room = company.rooms.find((r) => r.kind === kind);
  if (!room) throw new Error(`company ${company.id} has no ${kind} room`);
  return room.id;
}

export interface CellOutcome {
  status: number;
  problem?: string;
}

/**
 * Runs one row: every cell whose expected status is an error first, then the ones expected to succeed,
 * so a destructive success (a delete) cannot change what the denied callers see.
 */
export async function runRow(
  api: Api,
  base: MatrixContext,
  row: MatrixRow,
): Promise<Record<Cell, CellOutcome>> {
  const prepared = row.before ? await row.before(base) : {};
  const ctx: MatrixContext = { ...base, target: prepared.target ?? base.target, vars: prepared.vars ?? {} };
  const order = [...CELLS].sort((x, y) => Number(row.expect[x] < 400) - Number(row.expect[y] < 400));
  const outcomes = {} as Record<Cell, CellOutcome>;
  for (const cell of order) {
    const actor = actorOf(ctx, cell);
    const cellCtx: CellContext = { ...ctx, cell, actor };
    const token = row.token ? row.token(cellCtx) : actor?.token;
    const body = row.body?.(cellCtx);
    const response = await api.request(row.method, row.path(cellCtx), { token, body });
    const outcome: CellOutcome = { status: response.status };
    if (response.status >= 400 && (response.body?.statusCode !== response.status || !response.body?.error)) {
      outcome.problem = `error body not in the CONTRACT shape: ${JSON.stringify(response.body)}`;
    } else if (response.status === row.expect[cell] && response.status < 300 && row.verify) {
      try {
        row.verify(cellCtx, response);
      } catch (error) {
        outcome.problem = (error as Error).message;
      }
    }
    outcomes[cell] = outcome;
  }
  return outcomes;
}

/** The row's expectation in the same shape as `runRow`'s outcome, for one readable diff on failure. */
export function expected(row: MatrixRow): Record<Cell, CellOutcome> {
  return Object.fromEntries(CELLS.map((cell) => [cell, { status: row.expect[cell] }])) as Record<
    Cell,
    CellOutcome
  >;
}

/** A world of both sides on a started server, and the matrix context over its companies A and B. */
export async function matrixBase(app: TestApp, api: Api): Promise<MatrixContext> {
  const world = await buildWorld(api);
  const roomsOf = async (id: string) => (await api.get(`/companies/${id}/rooms`, world.admin.token)).body;
  return {
    app,
    world,
    target: companyA(world, await roomsOf(world.companyA)),
    other: companyB(world, await roomsOf(world.companyB)),
    vars: {},
  };
}

/** One test per row: every cell's status (and the row's own checks) against the table. */
export function itRunsRows(
  rows: MatrixRow[],
  suite: () => { api: Api; base: MatrixContext },
  timeout?: number,
) {
  it.each(rows.map((row) => [`${row.method} ${row.route}${row.note ? ` (${row.note})` : ''}`, row] as const))(
    '%s',
    async (_, row) => {
      const { api, base } = suite();
      expect(await runRow(api, base, row)).toEqual(expected(row));
    },
    timeout,
  );
}
