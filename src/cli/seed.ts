import { INestApplicationContext } from '@nestjs/common';
import { Role } from '../core/access/roles';
import { AccessTokenVerifier } from '../core/auth/access-token.verifier';
import { AuthUser } from '../core/auth/auth-user';
import { CompaniesService } from '../core/workspace/companies.service';
import { PartnerGroupsService } from '../core/workspace/partner-groups.service';
import { UsersService } from '../core/workspace/users.service';
import { WorkspaceService } from '../core/workspace/workspace.service';
import { openCli } from './bootstrap';

/** One password for every demo login: the seed is for exploring, never for production data. */
export const DEMO_PASSWORD = 'explore the partner workspace';

export interface DemoLogin {
  email: string;
  name: string;
  role: Role;
  company: string | null;
}

export interface SeedResult {
  workspace: string;
  password: string;
  logins: DemoLogin[];
}

export class SeedRefusedError extends Error {}

const VENDOR_DOMAIN = 'northwind.example';

const VENDOR_STAFF: Array<{ local: string; name: string; role: Role }> = [
  { local: 'ada', name: 'Ada Lindqvist', role: 'admin' },
  { local: 'cora', name: 'Cora Mendes', role: 'channel_manager' },
  { local: 'otto', name: 'Otto Brandt', role: 'channel_manager' },
  { local: 'vera', name: 'Vera Okafor', role: 'vendor_member' },
];

const GROUPS = [
  { name: 'Gold partners', description: 'Resellers with a committed annual plan' },
  { name: 'Registered partners', description: 'New and occasional resellers' },
];

/** Companies with their channel manager (index into VENDOR_STAFF) and group (index into GROUPS). */
const COMPANIES = [
  {
    name: 'Alpine Systems',
    domain: 'alpine-systems.example',
    owner: 1,
    group: 0,
    rate: '12.50',
    currency: 'EUR',
  },
  {
    name: 'Blue Harbor IT',
    domain: 'blueharbor.example',
    owner: 1,
    group: 0,
    rate: '10.00',
    currency: 'USD',
  },
  {
    name: 'Cedar Networks',
    domain: 'cedar-networks.example',
    owner: 2,
    group: 1,
    rate: '8.00',
    currency: 'GBP',
  },
];

const PARTNER_PEOPLE: Array<{ local: string; first: string; role: Role }> = [
  { local: 'exec', first: 'Erin', role: 'partner_executive' },
  { local: 'manager', first: 'Milo', role: 'partner_manager' },
  { local: 'member', first: 'Mira', role: 'partner_member' },
];

/**
 * Fills an empty database with a demo workspace through the same services the API uses, so every row,
 * activity entry and default room is what a real workspace would have. Refuses a database in use.
 */
export async function seed(app: INestApplicationContext): Promise<SeedResult> {
  const workspaces = app.get(WorkspaceService);
  if (await workspaces.isSetUp()) {
    throw new SeedRefusedError(
      'This database already has a workspace; the demo seed only fills an empty one. ' +
        'Point DATA_DIR or DATABASE_URL at an empty database to try it.',
    );
  }
  const users = app.get(UsersService);
  const logins: DemoLogin[] = [];

  const [adminSpec, ...staffSpecs] = VENDOR_STAFF;
  const setup = await workspaces.setup(
    {
      workspaceName: 'Northwind Partner Program',
      name: adminSpec.name,
      email: `${adminSpec.local}@${VENDOR_DOMAIN}`,
      password: DEMO_PASSWORD,
      currency: 'USD',
      fiscalYearStartMonth: 1,
    },
    { userAgent: 'seed' },
  );
  const admin: AuthUser = await app.get(AccessTokenVerifier).verify(setup.accessToken);
  logins.push({ email: admin.email, name: admin.name, role: 'admin', company: null });

  const staffIds: string[] = [admin.id];
  for (const spec of staffSpecs) {
    const user = await users.create(admin, {
      email: `${spec.local}@${VENDOR_DOMAIN}`,
      name: spec.name,
      role: spec.role,
      password: DEMO_PASSWORD,
    });
    staffIds.push(user.id);
    logins.push({ email: user.email, name: user.name, role: spec.role, company: null });
  }

  const groups = app.get(PartnerGroupsService);
  const groupIds: string[] = [];
  for (const group of GROUPS) groupIds.push((await groups.create(admin, group)).id);

  const companies = app.get(CompaniesService);
  for (const spec of COMPANIES) {
    const company = await companies.create(admin, {
      name: spec.name,
      ownerId: staffIds[spec.owner],
      groupIds: [groupIds[spec.group]],
      commissionRate: spec.rate,
      currency: spec.currency,
    });
    const surname = spec.name.split(' ')[0];
    for (const person of PARTNER_PEOPLE) {
      const user = await users.create(admin, {
        email: `${person.local}@${spec.domain}`,
        name: `${person.first} ${surname}`,
        role: person.role,
        companyId: company.id,
        password: DEMO_PASSWORD,
      });
      logins.push({ email: user.email, name: user.name, role: person.role, company: company.name });
    }
  }

  return { workspace: setup.workspace.name, password: DEMO_PASSWORD, logins };
}

export function formatLogins(result: SeedResult): string {
  const width = Math.max(...result.logins.map((login) => login.email.length));
  const lines = result.logins.map(
    (login) => `  ${login.email.padEnd(width)}  ${login.role.padEnd(17)}  ${login.company ?? 'vendor'}`,
  );
  return [
    `Seeded the demo workspace "${result.workspace}". Log in with any of these, password "${result.password}":`,
    ...lines,
  ].join('\n');
}

async function main(): Promise<void> {
  const cli = await openCli(true);
  try {
    console.log(formatLogins(await seed(cli.app)));
  } catch (error) {
    if (!(error instanceof SeedRefusedError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  } finally {
    await cli.close();
  }
}

if (require.main === module) {
  main().catch((error: Error) => {
    console.error(`Seed failed: ${error.message}`);
    process.exit(1);
  });
}
