import { Api } from '../support/api';
import { buildWorld, World } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { actorsOf, PlanActors, planIn, THIS_YEAR } from './plans-helpers';

const STATUSES = ['draft_outline', 'draft', 'scheduled', 'active', 'completed', 'archived'] as const;
type Status = (typeof STATUSES)[number];
type ActorName = keyof PlanActors;

/** The workflow of CONTRACT "Plans room": from → to → who may. */
const ALLOWED: Partial<Record<Status, Partial<Record<Status, ActorName[]>>>> = {
  draft_outline: { draft: ['admin', 'owner'], archived: ['admin', 'owner'] },
  draft: {
    draft_outline: ['admin', 'owner'],
    scheduled: ['admin', 'owner', 'executive'],
    active: ['admin', 'owner', 'executive'],
    archived: ['admin', 'owner'],
  },
  scheduled: { draft: ['admin', 'owner'], archived: ['admin', 'owner'] },
  active: { archived: ['admin', 'owner'] },
  completed: { archived: ['admin', 'owner'] },
};

function visible(from: Status, actor: ActorName): boolean {
  if (actor === 'member' || actor === 'foreignExecutive') return false;
  if (actor === 'executive' || actor === 'manager') return from !== 'draft_outline';
  return true;
}

function expected(from: Status, to: Status, actor: ActorName): number {
  if (!visible(from, actor)) return 404;
  const pair = ALLOWED[from]?.[to];
  if (!pair) return 409;
  return pair.includes(actor) ? 200 : 403;
}

describe('plan workflow: every from → to × every role', () => {
  let app: TestApp;
  let world: World;
  let api: Api;
  let actors: PlanActors;

  beforeAll(async () => {
    app = await startTestApp();
    api = new Api(app.baseUrl);
    world = await buildWorld(api);
    actors = actorsOf(world);
  }, 120000);
  afterAll(() => app.close());

  for (const from of STATUSES) {
    it(`from ${from}`, async () => {
      const failures: string[] = [];
      for (const to of STATUSES) {
        const names = Object.keys(actorsOf(world)) as ActorName[];
        // Refusals change nothing, so they share one plan; each allowed actor gets a fresh one.
        const shared = await planIn(world, from);
        for (const actor of names) {
          const want = expected(from, to, actor);
          const plan = want === 200 ? await planIn(world, from) : shared;
          const res = await api.post(`/plans/${plan.id}/transitions`, { to }, actors[actor].token);
          if (res.status !== want)
            failures.push(`${from}→${to} as ${actor}: ${res.status}, expected ${want}`);
          if (want === 200) {
            const approval = to === 'scheduled' || to === 'active';
            const landed = approval ? (plan.fiscalYear > THIS_YEAR ? 'scheduled' : 'active') : to;
            if (res.body.status !== landed)
              failures.push(`${from}→${to} as ${actor} landed on ${res.body.status}`);
          } else if (res.status !== 404 && res.body.statusCode !== want) {
            failures.push(`${from}→${to} as ${actor}: error body ${JSON.stringify(res.body)}`);
          }
        }
        const after = await api.get(`/plans/${shared.id}`, actors.admin.token);
        if (after.body.status !== from)
          failures.push(`refused transitions changed ${from} to ${after.body.status}`);
      }
      expect(failures).toEqual([]);
    }, 180000);
  }

  it('approval lands on scheduled before the start date and on active after it', async () => {
    const future = await planIn(world, 'draft');
    const next = await api.post(
      '/plans',
      {
        companyId: world.companyA,
        name: 'Next year',
        fiscalYear: future.fiscalYear + 1,
        allowDuplicate: true,
      },
      actors.admin.token,
    );
    await api.post(`/plans/${next.body.id}/transitions`, { to: 'draft' }, actors.owner.token);
    const approved = await api.post(
      `/plans/${next.body.id}/transitions`,
      { to: 'active' },
      actors.executive.token,
    );
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('scheduled');
    const now = await api.post(
      `/plans/${future.id}/transitions`,
      { to: 'scheduled' },
      actors.executive.token,
    );
    expect(now.body.status).toBe('active');
  });
});
