import { Api } from '../support/api';
import { Actor, buildWorld, createUser, World } from '../support/factories';
import { connect, request, roomOf } from '../support/realtime';
import { startTestApp, TestApp } from '../support/test-app';

let counter = 0;

/** A unique end customer per call, so registrations never collide unless a test means them to. */
export function leadBody(overrides: Record<string, unknown> = {}): Record<string, any> {
  counter += 1;
  const tag = `${Date.now().toString(36)}${counter}`;
  return {
    customerName: `Customer ${tag}`,
    customerDomain: `customer-${tag}.com`,
    country: 'DE',
    contactName: 'Dana Buyer',
    contactEmail: `dana.${tag}@customer-${tag}.com`,
    products: ['Widgets'],
    estimatedValue: { amount: '12500.00', currency: 'EUR' },
    notes: 'Met at the fair',
    ...overrides,
  };
}

function ok(res: { status: number; body: unknown }, what: string): any {
  if (res.status < 200 || res.status >= 300)
    throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

const PATH: Record<string, string[]> = {
  submitted: [],
  approved: ['approved'],
  rejected: ['rejected'],
  qualified: ['approved', 'qualified'],
  demo: ['approved', 'qualified', 'demo'],
  proposal: ['approved', 'qualified', 'demo', 'proposal'],
  won: ['approved', 'qualified', 'demo', 'proposal', 'won'],
  lost: ['approved', 'lost'],
};

/**
 * A lead of company A registered by `by` (default its partner member), moved by the admin to `status`.
 * `expired` is written straight to the row, as only the scheduler reaches it.
 */
export async function leadIn(
  world: World,
  status: string,
  options: { by?: Actor; body?: Record<string, unknown> } = {},
): Promise<any> {
  const { api, admin } = world;
  const by = options.by ?? world.a.partner_member;
  let lead = ok(await api.post('/leads', leadBody(options.body), by.token), 'submit lead');
  const steps = status === 'expired' ? ['approved'] : PATH[status];
  for (const to of steps) {
    lead = ok(
      await api.post(`/leads/${lead.id}/transitions`, { to, reason: `to ${to}` }, admin.token),
      `move lead to ${to}`,
    );
  }
  return lead;
}

/** A deal of company A registered by `by` (default its partner member), moved by the admin to `stage`. */
export async function dealIn(
  world: World,
  stage: string,
  options: { by?: Actor; body?: Record<string, unknown> } = {},
): Promise<any> {
  const { api, admin } = world;
  const by = options.by ?? world.a.partner_member;
  counter += 1;
  let deal = ok(
    await api.post(
      '/deals',
      {
        name: `Deal ${counter}`,
        customerName: `Buyer ${counter}`,
        value: { amount: '10000.00', currency: 'EUR' },
        ...options.body,
      },
      by.token,
    ),
    'create deal',
  );
  if (stage !== deal.stage) {
    deal = ok(await api.patch(`/deals/${deal.id}`, { stage }, admin.token), `move deal to ${stage}`);
  }
  return deal;
}

/** A test app with the standard world, a second partner member of company A and company A's `kind` room. */
export async function startRoomWithColleague(kind: 'leads' | 'deals') {
  const app = await startTestApp();
  const api = new Api(app.baseUrl);
  const world = await buildWorld(api);
  const colleague = await createUser(api, world.admin, 'partner_member', world.companyA, 'Colin Colleague');
  const roomId = await roomOf(api, world.admin.token, world.companyA, kind);
  return { app, api, world, colleague, roomId };
}

/** A socket of `actor` that has joined the room. */
export async function joinedRoom(app: TestApp, roomId: string, actor: Actor) {
  const socket = await connect(app.baseUrl, actor.token);
  expect((await request(socket, 'room:join', { roomId })).ok).toBe(true);
  return socket;
}

/** The entity ids of the room's activity as `actor` lists it. */
export async function listedActivity(api: Api, roomId: string, actor: Actor): Promise<string[]> {
  const res = await api.get(`/activity?roomId=${roomId}&limit=200`, actor.token);
  expect(res.status).toBe(200);
  return res.body.items.map((a: { entityId: string }) => a.entityId);
}
