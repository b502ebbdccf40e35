import { randomUUID } from 'node:crypto';
import { MailerService } from '../../src/core/notifications/mailer.service';
import { Api, ApiResponse } from '../support/api';
import { describeBadInput, snapshot, WriteRoute } from '../support/bad-input';
import { buildWorld, PASSWORD, uniqueEmail, World } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

const SQL_AND_HTML = `Robert'); DROP TABLE companies;-- <script>alert("x")</script> & 100% _ \\ "quoted" \`tick\``;

const ROUTES: WriteRoute<World>[] = [
  {
    route: 'POST /setup',
    method: 'POST',
    auth: false,
    path: () => '/setup',
    valid: () => ({ workspaceName: 'Rival', name: 'Eve', email: 'eve@example.test', password: PASSWORD }),
    wrongTypes: [
      ['workspaceName', 42],
      ['email', ['eve@example.test']],
      ['password', true],
      ['fiscalYearStartMonth', '5'],
    ],
    text: 'workspaceName',
  },
  {
    route: 'POST /auth/login',
    method: 'POST',
    auth: false,
    path: () => '/auth/login',
    valid: (w) => ({ email: w.admin.email, password: PASSWORD }),
    wrongTypes: [
      ['email', 42],
      ['password', { $ne: '' }],
    ],
    text: 'password',
  },
  {
    route: 'POST /auth/refresh',
    method: 'POST',
    auth: false,
    path: () => '/auth/refresh',
    valid: (w) => ({ refreshToken: w.vendorMember.refreshToken }),
    wrongTypes: [
      ['refreshToken', 12345678901],
      ['refreshToken', null],
    ],
    text: 'refreshToken',
  },
  {
    route: 'POST /auth/logout',
    method: 'POST',
    auth: false,
    path: () => '/auth/logout',
    valid: (w) => ({ refreshToken: w.vendorMember.refreshToken }),
    wrongTypes: [['refreshToken', ['a']]],
    text: 'refreshToken',
  },
  {
    route: 'POST /companies',
    method: 'POST',
    path: () => '/companies',
    valid: (w) => ({ name: 'Delta', ownerId: w.manager.id, groupIds: [w.groupId], commissionRate: '10.00' }),
    wrongTypes: [
      ['name', 7],
      ['commissionRate', 10],
      ['currency', 'EURO'],
      ['groupIds', 'gold'],
      ['leadProtectionDays', '30'],
    ],
    text: 'name',
    uuidFields: ['ownerId'],
  },
  {
    route: 'PATCH /companies/:id',
    method: 'PATCH',
    path: (w) => `/companies/${w.companyA}`,
    valid: () => ({ name: 'Alpha Renamed' }),
    wrongTypes: [
      ['name', null],
      ['currency', null],
      ['commissionRate', '250'],
      ['ownerId', 5],
      ['leadProtectionDays', 0],
    ],
    text: 'name',
    uuidFields: ['ownerId'],
    pathIds: { id: (_, bad) => `/companies/${bad}` },
  },
  {
    route: 'DELETE /companies/:id',
    method: 'DELETE',
    path: (w) => `/companies/${w.companyB}`,
    pathIds: { id: (_, bad) => `/companies/${bad}` },
  },
  {
    route: 'POST /companies/:id/rooms',
    method: 'POST',
    path: (w) => `/companies/${w.companyA}/rooms`,
    valid: () => ({ kind: 'custom', name: 'War room' }),
    wrongTypes: [
      ['kind', 'deals'],
      ['name', { first: 'War' }],
      ['description', 3],
    ],
    text: 'name',
    pathIds: { id: (_, bad) => `/companies/${bad}/rooms` },
  },
  {
    route: 'PATCH /companies/:id/rooms/:roomId',
    method: 'PATCH',
    path: (w) => `/companies/${w.companyA}/rooms/${rooms.get(w.companyA)}`,
    valid: () => ({ enabled: false }),
    wrongTypes: [
      ['enabled', 'false'],
      ['enabled', null],
      ['position', 1.5],
      ['position', null],
      ['name', []],
      ['name', null],
      ['description', null],
    ],
    text: 'description',
    pathIds: {
      id: (w, bad) => `/companies/${bad}/rooms/${rooms.get(w.companyA)}`,
      roomId: (w, bad) => `/companies/${w.companyA}/rooms/${bad}`,
    },
  },
  {
    route: 'POST /partner-groups',
    method: 'POST',
    path: () => '/partner-groups',
    valid: (w) => ({ name: 'Platinum', companyIds: [w.companyA] }),
    wrongTypes: [
      ['name', false],
      ['description', 1],
      ['companyIds', { first: 'x' }],
    ],
    text: 'name',
  },
  {
    route: 'PATCH /partner-groups/:id',
    method: 'PATCH',
    path: (w) => `/partner-groups/${w.groupId}`,
    valid: () => ({ name: 'Gold renamed' }),
    wrongTypes: [
      ['name', 1],
      ['name', null],
      ['description', null],
      ['companyIds', [1, 2]],
    ],
    text: 'description',
    pathIds: { id: (_, bad) => `/partner-groups/${bad}` },
  },
  {
    route: 'DELETE /partner-groups/:id',
    method: 'DELETE',
    path: (w) => `/partner-groups/${w.groupId}`,
    pathIds: { id: (_, bad) => `/partner-groups/${bad}` },
  },
  {
    route: 'POST /users',
    method: 'POST',
    path: () => '/users',
    valid: (w) => ({ email: 'nu@example.test', name: 'Nu', role: 'partner_member', companyId: w.companyA }),
    wrongTypes: [
      ['email', 'not an email'],
      ['name', 3],
      ['role', 'superuser'],
      ['password', 12345678],
      ['password', null],
    ],
    text: 'name',
    uuidFields: ['companyId'],
  },
  {
    route: 'PATCH /users/:id',
    method: 'PATCH',
    path: (w) => `/users/${w.a.partner_member.id}`,
    valid: () => ({ title: 'Lead' }),
    wrongTypes: [
      ['role', 'root'],
      ['role', null],
      ['status', 'invited'],
      ['status', null],
      ['name', null],
      ['title', 9],
      ['title', null],
    ],
    text: 'title',
    pathIds: { id: (_, bad) => `/users/${bad}` },
  },
  {
    route: 'POST /invitations',
    method: 'POST',
    path: () => '/invitations',
    valid: (w) => ({ email: 'inv@example.test', role: 'partner_member', companyId: w.companyA }),
    wrongTypes: [
      ['email', 1],
      ['role', ['admin']],
    ],
    text: 'name',
    uuidFields: ['companyId'],
  },
  {
    route: 'POST /invitations/:token/accept',
    method: 'POST',
    auth: false,
    path: () => `/invitations/${'t'.repeat(43)}/accept`,
    valid: () => ({ name: 'Nina', password: PASSWORD }),
    wrongTypes: [
      ['name', 1],
      ['password', 12345678],
      ['password', null],
    ],
    text: 'name',
  },
  {
    route: 'POST /notifications/:id/read',
    method: 'POST',
    path: () => `/notifications/${randomUUID()}/read`,
    pathIds: { id: (_, bad) => `/notifications/${bad}/read` },
  },
];

const rooms = new Map<string, string>();

describe('bad input on every write route → 400 with details, nothing written, server still serving', () => {
  let app: TestApp;
  let api: Api;
  let world: World;

  beforeAll(async () => {
    app = await startTestApp();
    api = new Api(app.baseUrl);
    world = await buildWorld(api);
    const list = await api.get(`/companies/${world.companyA}/rooms`, world.admin.token);
    rooms.set(world.companyA, list.body.find((r: { kind: string }) => r.kind === 'leads').id);
    await app.running.app.get(MailerService).flush();
  }, 120000);
  afterAll(() => app.close());

  describeBadInput(ROUTES, {
    app: () => app,
    api: () => api,
    context: () => world,
    token: (w) => w.admin.token,
  });

  it('answers 413 to a body over the limit and keeps serving', async () => {
    const before = await snapshot(app.dataSource);
    const res = await api.post('/companies', { name: 'x'.repeat(3 * 1024 * 1024) }, world.admin.token);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
    expect(await snapshot(app.dataSource)).toEqual(before);
    expect((await api.get('/health')).status).toBe(200);
  });

  it('refuses a body that is not a JSON object', async () => {
    for (const raw of ['[]', '"Delta"', '42', 'null']) {
      const before = await snapshot(app.dataSource);
      const res = await api.request('POST', '/companies', { token: world.admin.token, raw });
      expect(res.status).toBe(400);
      expect(res.body.details.length).toBeGreaterThan(0);
      expect(await snapshot(app.dataSource)).toEqual(before);
    }
  });

  describe('SQL and HTML meta characters in names are data: stored verbatim, returned as JSON', () => {
    function servedSafely(res: ApiResponse) {
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }

    it('keeps a company name as written, and its search treats % and _ literally', async () => {
      const created = await api.post('/companies', { name: SQL_AND_HTML }, world.admin.token);
      expect(created.status).toBe(201);
      expect(created.body.name).toBe(SQL_AND_HTML);
      const read = await api.get(`/companies/${created.body.id}`, world.admin.token);
      expect(read.body.name).toBe(SQL_AND_HTML);
      servedSafely(read);
      const stored = await app.dataSource.query<{ name: string }[]>(
        'SELECT name FROM companies WHERE id = $1',
        [created.body.id],
      );
      expect(stored[0].name).toBe(SQL_AND_HTML);

      const byPercent = await api.get(`/companies?q=${encodeURIComponent('100%')}`, world.admin.token);
      expect(byPercent.body.items.map((c: { id: string }) => c.id)).toEqual([created.body.id]);
      const wildcard = await api.get(`/companies?q=${encodeURIComponent('%')}`, world.admin.token);
      expect(wildcard.body.items.map((c: { id: string }) => c.id)).toEqual([created.body.id]);
      const injected = await api.get(`/companies?q=${encodeURIComponent("' OR '1'='1")}`, world.admin.token);
      expect(injected.status).toBe(200);
      expect(injected.body.items).toEqual([]);
      expect((await api.get('/companies?limit=200', world.admin.token)).body.items.length).toBeGreaterThan(2);
    });

    it('keeps partner group, room and user names as written', async () => {
      const group = await api.post(
        '/partner-groups',
        { name: SQL_AND_HTML.slice(0, 100) },
        world.admin.token,
      );
      expect(group.status).toBe(201);
      expect((await api.get(`/partner-groups/${group.body.id}`, world.admin.token)).body.name).toBe(
        SQL_AND_HTML.slice(0, 100),
      );

      const room = await api.post(
        `/companies/${world.companyA}/rooms`,
        { kind: 'custom', name: SQL_AND_HTML.slice(0, 100), description: SQL_AND_HTML },
        world.admin.token,
      );
      expect(room.status).toBe(201);
      const listed = await api.get(`/companies/${world.companyA}/rooms`, world.admin.token);
      expect(listed.body.find((r: { id: string }) => r.id === room.body.id)).toMatchObject({
        name: SQL_AND_HTML.slice(0, 100),
        description: SQL_AND_HTML,
      });

      const email = uniqueEmail('meta');
      const user = await api.post(
        '/users',
        { email, name: SQL_AND_HTML, role: 'partner_member', companyId: world.companyA, password: PASSWORD },
        world.admin.token,
      );
      expect(user.status).toBe(201);
      const session = await api.post('/auth/login', { email, password: PASSWORD });
      const me = await api.get('/me', session.body.accessToken);
      expect(me.body.user.name).toBe(SQL_AND_HTML);
      servedSafely(me);
    });

    it('treats an SQL-looking email at login as a failed login, nothing more', async () => {
      const res = await api.post('/auth/login', { email: "a'--@example.test", password: "' OR '1'='1" });
      expect(res.status).toBe(401);
      expect((await api.get('/health')).status).toBe(200);
    });
  });
});
