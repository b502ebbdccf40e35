import { Api } from '../support/api';
import { buildWorld, createCompany, World } from '../support/factories';
import { closeSockets, connect } from '../support/realtime';
import { startTestApp, TestApp } from '../support/test-app';
import { ok, projectOf } from '../projects/projects-helpers';

describe('custom rooms for a partner group, and disabled rooms answering 404 to partners', () => {
  let app: TestApp;
  let api: Api;
  let world: World;

  beforeAll(async () => {
    app = await startTestApp();
    api = new Api(app.baseUrl);
    world = await buildWorld(api);
  });

  afterAll(async () => {
    closeSockets();
    await app.close();
  });

  const roomsOf = async (companyId: string, token = world.admin.token) =>
    ok(await api.get(`/companies/${companyId}/rooms`, token), 'rooms') as any[];

  it('creates one custom room in every company of the group, each with its own folder', async () => {
    const gamma = await createCompany(api, world.admin, 'Gamma', world.manager.id, [world.groupId]);
    const created = ok(
      await api.post(
        `/partner-groups/${world.groupId}/rooms`,
        { name: 'Co-marketing', description: 'Campaigns' },
        world.admin.token,
      ),
      'create',
    );
    expect(created.map((r: any) => r.companyId).sort()).toEqual([world.companyA, gamma.id].sort());
    expect(created.every((r: any) => r.kind === 'custom' && r.name === 'Co-marketing')).toBe(true);
    expect(new Set(created.map((r: any) => r.rootFolderId)).size).toBe(2);
    expect((await roomsOf(world.companyB)).some((r) => r.name === 'Co-marketing')).toBe(false);
    const partnerView = await roomsOf(world.companyA, world.a.partner_member.token);
    expect(partnerView.find((r) => r.kind === 'custom')).toMatchObject({
      name: 'Co-marketing',
      description: 'Campaigns',
    });

    expect(
      (await api.post(`/partner-groups/${world.groupId}/rooms`, { name: 'X' }, world.manager.token)).status,
    ).toBe(403);
    expect(
      (await api.post(`/partner-groups/${world.companyA}/rooms`, { name: 'X' }, world.admin.token)).status,
    ).toBe(404);
    expect(
      (await api.post(`/partner-groups/${world.groupId}/rooms`, { name: '' }, world.admin.token)).status,
    ).toBe(400);
    expect(
      (
        await api.post(
          `/partner-groups/${world.groupId}/rooms`,
          { name: 'X', description: null },
          world.admin.token,
        )
      ).status,
    ).toBe(400);
  });

  it('answers 404 to partners on a disabled room’s routes and socket joins, not to vendor staff', async () => {
    const project = await projectOf(world, 'Behind a closed door');
    const rooms = await roomsOf(world.companyA);
    const disable = (kind: string, enabled: boolean) =>
      api.patch(
        `/companies/${world.companyA}/rooms/${rooms.find((r) => r.kind === kind).id}`,
        { enabled },
        world.admin.token,
      );
    for (const kind of ['projects', 'contacts', 'overview'])
      ok(await disable(kind, false), `disable ${kind}`);

    const partner = world.a.partner_executive.token;
    expect((await api.get(`/projects/${project.id}`, partner)).status).toBe(404);
    expect((await api.get(`/projects/${project.id}/tasks`, partner)).status).toBe(404);
    expect((await api.post('/projects', { companyId: world.companyA, name: 'New' }, partner)).status).toBe(
      404,
    );
    expect(ok(await api.get('/projects', partner), 'list').items).toEqual([]);
    expect((await api.get(`/companies/${world.companyA}/contacts`, partner)).status).toBe(404);
    expect((await api.get(`/companies/${world.companyA}/overview`, partner)).status).toBe(404);
    expect((await api.get(`/projects/${project.id}`, world.vendorMember.token)).status).toBe(200);
    expect((await api.get(`/companies/${world.companyA}/contacts`, world.manager.token)).status).toBe(200);

    const socket = await connect(app.baseUrl, partner);
    const projectsRoom = rooms.find((r) => r.kind === 'projects').id;
    const refused = await socket.emitWithAck('room:join', { roomId: projectsRoom });
    expect(refused.ok).toBe(false);
    expect(refused.error.statusCode).toBe(404);

    ok(await disable('projects', true), 'enable');
    expect((await api.get(`/projects/${project.id}`, partner)).status).toBe(200);
    expect((await socket.emitWithAck('room:join', { roomId: projectsRoom })).ok).toBe(true);
  });
});
