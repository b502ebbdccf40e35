import { DEMO_PASSWORD, formatLogins, seed, SeedRefusedError } from '../../src/cli/seed';
import { Api } from '../support/api';
import { startTestApp, TestApp } from '../support/test-app';

describe('npm run seed: the demo workspace', () => {
  let app: TestApp;
  let api: Api;

  beforeAll(async () => {
    app = await startTestApp();
    api = new Api(app.baseUrl);
  });
  afterAll(() => app.close());

  it('fills an empty database with vendor staff, three companies in two groups and every partner role', async () => {
    const result = await seed(app.running.app);
    const printed = formatLogins(result);
    expect(printed).toContain(DEMO_PASSWORD);
    for (const login of result.logins) expect(printed).toContain(login.email);

    const roles = result.logins.map((l) => l.role);
    expect(roles.filter((r) => r === 'admin')).toHaveLength(1);
    expect(roles.filter((r) => r === 'channel_manager')).toHaveLength(2);
    expect(roles).toContain('vendor_member');
    const companies = [...new Set(result.logins.map((l) => l.company).filter((c) => c !== null))];
    expect(companies).toHaveLength(3);
    for (const company of companies) {
      expect(result.logins.filter((l) => l.company === company).map((l) => l.role)).toEqual(
        expect.arrayContaining(['partner_executive', 'partner_manager', 'partner_member']),
      );
    }

    const admin = result.logins.find((l) => l.role === 'admin')!;
    const session = await api.post('/auth/login', { email: admin.email, password: DEMO_PASSWORD });
    expect(session.status).toBe(200);
    const listed = await api.get('/companies', session.body.accessToken);
    expect(listed.body.items.map((c: { name: string }) => c.name).sort()).toEqual([...companies].sort());
    expect(listed.body.items.every((c: { ownerId: string | null }) => c.ownerId !== null)).toBe(true);
    const groups = await api.get('/partner-groups', session.body.accessToken);
    expect(groups.body).toHaveLength(2);
    expect(groups.body.every((g: { companyIds: string[] }) => g.companyIds.length > 0)).toBe(true);

    const member = result.logins.find((l) => l.role === 'partner_member')!;
    const memberSession = await api.post('/auth/login', { email: member.email, password: DEMO_PASSWORD });
    expect(memberSession.status).toBe(200);
    const me = await api.get('/me', memberSession.body.accessToken);
    expect(me.body.company.name).toBe(member.company);
    const activity = await api.get('/activity', session.body.accessToken);
    expect(activity.body.items.length).toBeGreaterThan(0);
  });

  it('refuses a database that already has a workspace and writes nothing', async () => {
    const users = await app.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM users');
    await expect(seed(app.running.app)).rejects.toThrow(SeedRefusedError);
    expect(await app.dataSource.query('SELECT count(*)::int AS n FROM users')).toEqual(users);
  });
});
