import { Api } from '../support/api';
import { buildWorld, World } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { ok, projectOf, taskOf } from './projects-helpers';

describe('projects: bad input on every write route is a 400 with details, never a 500', () => {
  let app: TestApp;
  let api: Api;
  let world: World;
  let project: any;
  let task: any;
  let deliverablePath: string;

  beforeAll(async () => {
    app = await startTestApp();
    api = new Api(app.baseUrl);
    world = await buildWorld(api);
    project = await projectOf(world);
    task = await taskOf(world, project.id, { title: 'T' });
    deliverablePath = `/projects/${project.id}/deliverables/${task.id}`;
  });

  afterAll(async () => {
    await app.close();
  });

  const cases: Array<[string, 'POST' | 'PATCH', () => string, unknown]> = [
    ['project without a name', 'POST', () => '/projects', { companyId: '' }],
    ['project with a null name', 'POST', () => '/projects', { companyId: null, name: null }],
    ['project with an unknown status', 'POST', () => '/projects', { name: 'x', status: 'paused' }],
    [
      'project due before start',
      'PATCH',
      () => `/projects/${project.id}`,
      { startDate: '2030-05-01', dueDate: '2030-04-01' },
    ],
    ['project with a bad date', 'PATCH', () => `/projects/${project.id}`, { dueDate: '30/06/2030' }],
    ['project with a null name', 'PATCH', () => `/projects/${project.id}`, { name: null }],
    [
      'project with a stranger as member',
      'PATCH',
      () => `/projects/${project.id}`,
      () => ({ memberIds: [world.b.partner_member.id] }),
    ],
    ['project with a bad deal id', 'PATCH', () => `/projects/${project.id}`, { dealId: 'deal-7' }],
    ['task without a title', 'POST', () => `/projects/${project.id}/tasks`, { title: '  ' }],
    [
      'task with a bad status',
      'POST',
      () => `/projects/${project.id}/tasks`,
      { title: 'x', status: 'waiting' },
    ],
    ['task with weight 0', 'POST', () => `/projects/${project.id}/tasks`, { title: 'x', weight: 0 }],
    [
      'task with dependsOn not a list',
      'POST',
      () => `/projects/${project.id}/tasks`,
      () => ({ title: 'x', dependsOn: task.id }),
    ],
    [
      'task with milestone "yes"',
      'PATCH',
      () => `/projects/${project.id}/tasks/${task.id}`,
      { milestone: 'yes' },
    ],
    ['task with a null title', 'PATCH', () => `/projects/${project.id}/tasks/${task.id}`, { title: null }],
    [
      'task with negative position',
      'PATCH',
      () => `/projects/${project.id}/tasks/${task.id}`,
      { position: -1 },
    ],
    ['update without a body', 'POST', () => `/projects/${project.id}/updates`, {}],
    [
      'update with bad attachments',
      'POST',
      () => `/projects/${project.id}/updates`,
      { body: 'x', attachmentIds: ['a'] },
    ],
    [
      'update with an unknown file',
      'POST',
      () => `/projects/${project.id}/updates`,
      () => ({ body: 'x', attachmentIds: [task.id] }),
    ],
    ['deliverable without a file', 'POST', () => `/projects/${project.id}/deliverables`, {}],
    [
      'deliverable with an unknown file',
      'POST',
      () => `/projects/${project.id}/deliverables`,
      () => ({ fileId: task.id }),
    ],
    ['review with a bad status', 'POST', () => `${deliverablePath}/review`, { status: 'submitted' }],
  ];

  it.each(cases)('%s', async (_, method, path, body) => {
    const value = typeof body === 'function' ? body() : body;
    const res = await api.request(method, path(), { token: world.manager.token, body: value });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
  });

  it('names the parameter when a route id is not a UUID', async () => {
    const res = await api.patch(`/projects/${project.id}/tasks/nope`, { title: 'x' }, world.manager.token);
    expect(res.status).toBe(400);
    expect(res.body.details[0].field).toBe('tid');
    ok(await api.get(`/projects/${project.id}`, world.manager.token), 'still there');
  });
});
