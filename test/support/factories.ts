import { Role } from '../../src/core/access/roles';
import { Api } from './api';

export const PASSWORD = 'a sturdy test passphrase';

export interface Actor {
  id: string;
  email: string;
  role: Role;
  companyId: string | null;
  token: string;
  refreshToken: string;
}

export interface World {
  api: Api;
  workspaceId: string;
  admin: Actor;
  /** Owns company A. */
  manager: Actor;
  /** Owns company B. */
  otherManager: Actor;
  vendorMember: Actor;
  companyA: string;
  companyB: string;
  groupId: string;
  /** Partner users of company A and B by role. */
  a: Record<'partner_executive' | 'partner_manager' | 'partner_member', Actor>;
  b: Record<'partner_executive' | 'partner_manager' | 'partner_member', Actor>;
}

let counter = 0;
export function uniqueEmail(prefix: string): string {
  counter += 1;
  return `${prefix}.${Date.now().toString(36)}${counter}@example.test`;
}

function expectStatus(response: { status: number; body: unknown }, status: number, what: string) {
  if (response.status !== status) {
    throw new Error(`${what}: expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`);
  }
}

export async function setupWorkspace(api: Api): Promise<{ admin: Actor; workspaceId: string }> {
  const email = uniqueEmail('admin');
  const res = await api.post('/setup', {
    workspaceName: 'Acme Partners',
    name: 'Ada Admin',
    email,
    password: PASSWORD,
  });
  expectStatus(res, 201, 'setup');
  return {
    workspaceId: res.body.workspace.id,
    admin: {
      id: res.body.user.id,
      email,
      role: 'admin',
      companyId: null,
      token: res.body.accessToken,
      refreshToken: res.body.refreshToken,
    },
  };
}

export async function login(api: Api, email: string, password = PASSWORD) {
  const res = await api.post('/auth/login', { email, password });
  expectStatus(res, 200, `login ${email}`);
  return res.body as { accessToken: string; refreshToken: string; user: { id: string } };
}

export async function createUser(
  api: Api,
  by: Actor,
  role: Role,
  companyId: string | null,
  name: string = role,
): Promise<Actor> {
  const email = uniqueEmail(role);
  const res = await api.post(
    '/users',
    { email, name, role, password: PASSWORD, ...(companyId ? { companyId } : {}) },
    by.token,
  );
  expectStatus(res, 201, `create ${role}`);
  const session = await login(api, email);
  return {
    id: res.body.id,
    email,
    role,
    companyId,
    token: session.accessToken,
    refreshToken: session.refreshToken,
  };
}

export async function createCompany(
  api: Api,
  admin: Actor,
  name: string,
  ownerId?: string,
  groupIds?: string[],
) {
  const res = await api.post('/companies', { name, ownerId, groupIds, commissionRate: '10.00' }, admin.token);
  expectStatus(res, 201, `create company ${name}`);
  return res.body as { id: string; rooms: Array<{ id: string; kind: string }> };
}

/** A workspace with every role on both sides of two partner companies. */
export async function buildWorld(api: Api): Promise<World> {
  const { admin, workspaceId } = await setupWorkspace(api);
  const [manager, otherManager, vendorMember] = await Promise.all([
    createUser(api, admin, 'channel_manager', null, 'Cora Manager'),
    createUser(api, admin, 'channel_manager', null, 'Otto Manager'),
    createUser(api, admin, 'vendor_member', null, 'Vera Member'),
  ]);
  const group = await api.post('/partner-groups', { name: 'Gold' }, admin.token);
  expectStatus(group, 201, 'create group');
  const companyA = (await createCompany(api, admin, 'Alpha Systems', manager.id, [group.body.id])).id;
  const companyB = (await createCompany(api, admin, 'Beta Solutions', otherManager.id)).id;
  const partners = async (companyId: string) => {
    const [partner_executive, partner_manager, partner_member] = await Promise.all([
      createUser(api, admin, 'partner_executive', companyId),
      createUser(api, admin, 'partner_manager', companyId),
      createUser(api, admin, 'partner_member', companyId),
    ]);
    return { partner_executive, partner_manager, partner_member };
  };
  const [a, b] = await Promise.all([partners(companyA), partners(companyB)]);
  return {
    api,
    workspaceId,
    admin,
    manager,
    otherManager,
    vendorMember,
    companyA,
    companyB,
    groupId: group.body.id,
    a,
    b,
  };
}
