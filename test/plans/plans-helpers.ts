import { Actor, World } from '../support/factories';

export const THIS_YEAR = new Date().getUTCFullYear();

export interface PlanActors {
  admin: Actor;
  owner: Actor;
  otherManager: Actor;
  vendorMember: Actor;
  executive: Actor;
  manager: Actor;
  member: Actor;
  foreignExecutive: Actor;
}

export function actorsOf(world: World): PlanActors {
  return {
    admin: world.admin,
    owner: world.manager,
    otherManager: world.otherManager,
    vendorMember: world.vendorMember,
    executive: world.a.partner_executive,
    manager: world.a.partner_manager,
    member: world.a.partner_member,
    foreignExecutive: world.b.partner_executive,
  };
}

function ok(res: { status: number; body: unknown }, what: string, status = [200, 201]) {
  if (!status.includes(res.status)) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as any;
}

/** A fresh plan of company A in the given status (scheduled plans are next year's, others this year's). */
export async function planIn(world: World, status: string, name = `Plan ${status}`): Promise<any> {
  const { api, admin } = world;
  const fiscalYear = status === 'scheduled' ? THIS_YEAR + 1 : THIS_YEAR;
  const plan = ok(
    await api.post(
      '/plans',
      { companyId: world.companyA, name, fiscalYear, allowDuplicate: true },
      admin.token,
    ),
    'create plan',
  );
  const move = async (to: string) =>
    ok(await api.post(`/plans/${plan.id}/transitions`, { to }, admin.token), `move to ${to}`);
  if (status === 'draft_outline') return plan;
  if (status === 'archived') return move('archived');
  await move('draft');
  if (status === 'draft') return plan;
  const approved = await move(status === 'scheduled' ? 'scheduled' : 'active');
  if (status === 'scheduled' || status === 'active') {
    if (approved.status !== status) throw new Error(`expected ${status}, got ${approved.status}`);
    return approved;
  }
  return ok(await api.post(`/plans/${plan.id}/reconcile`, {}, admin.token), 'reconcile').plan;
}
