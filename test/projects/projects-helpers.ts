import { World } from '../support/factories';

export function ok(res: { status: number; body: unknown }, what: string, status = [200, 201]): any {
  if (!status.includes(res.status)) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A project of company A started by its channel manager, with people of both sides as members. */
export async function projectOf(world: World, name = 'Rollout'): Promise<any> {
  return ok(
    await world.api.post(
      '/projects',
      {
        companyId: world.companyA,
        name,
        startDate: '2030-01-01',
        dueDate: '2030-06-30',
        memberIds: [world.a.partner_executive.id, world.a.partner_member.id, world.vendorMember.id],
      },
      world.manager.token,
    ),
    'create project',
  );
}

export async function taskOf(world: World, projectId: string, body: Record<string, unknown>): Promise<any> {
  return ok(await world.api.post(`/projects/${projectId}/tasks`, body, world.manager.token), 'create task');
}
