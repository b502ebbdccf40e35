import { Api } from '../support/api';
import { buildWorld, World } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { ProjectTasksService } from '../../src/rooms/projects/project-tasks.service';
import { ok, projectOf, taskOf } from './projects-helpers';

describe('projects: tasks, dependencies, notifications and the timeline', () => {
  let app: TestApp;
  let api: Api;
  let world: World;

  beforeAll(async () => {
    app = await startTestApp();
    api = new Api(app.baseUrl);
    world = await buildWorld(api);
  });

  afterAll(async () => {
    await app.close();
  });

  it('refuses dependency cycles, direct and through other tasks, with 409', async () => {
    const project = await projectOf(world);
    const a = await taskOf(world, project.id, { title: 'A' });
    const b = await taskOf(world, project.id, { title: 'B', dependsOn: [a.id] });
    const c = await taskOf(world, project.id, { title: 'C', dependsOn: [b.id] });
    expect(c.dependsOn).toEqual([b.id]);

    const self = await api.patch(
      `/projects/${project.id}/tasks/${a.id}`,
      { dependsOn: [a.id] },
      world.manager.token,
    );
    expect(self.status).toBe(409);
    const loop = await api.patch(
      `/projects/${project.id}/tasks/${a.id}`,
      { dependsOn: [c.id] },
      world.manager.token,
    );
    expect(loop.status).toBe(409);
    expect(loop.body.details[0].field).toBe('dependsOn');

    const tasks = ok(await api.get(`/projects/${project.id}/tasks`, world.manager.token), 'list');
    expect(tasks.find((t: any) => t.id === a.id).dependsOn).toEqual([]);

    // Replacing C's dependency breaks the chain, so A may now wait on C.
    ok(
      await api.patch(`/projects/${project.id}/tasks/${c.id}`, { dependsOn: [] }, world.manager.token),
      'unlink',
    );
    ok(
      await api.patch(`/projects/${project.id}/tasks/${a.id}`, { dependsOn: [c.id] }, world.manager.token),
      'relink',
    );
  });

  it('refuses dependencies on tasks of another project with 400', async () => {
    const one = await projectOf(world, 'One');
    const two = await projectOf(world, 'Two');
    const foreign = await taskOf(world, two.id, { title: 'Elsewhere' });
    const res = await api.post(
      `/projects/${one.id}/tasks`,
      { title: 'X', dependsOn: [foreign.id] },
      world.manager.token,
    );
    expect(res.status).toBe(400);
    expect(res.body.details[0].field).toBe('dependsOn');
  });

  it('keeps a task from being done while a task it waits on is not', async () => {
    const project = await projectOf(world);
    const first = await taskOf(world, project.id, { title: 'Install' });
    const second = await taskOf(world, project.id, { title: 'Train', dependsOn: [first.id] });
    const early = await api.patch(
      `/projects/${project.id}/tasks/${second.id}`,
      { status: 'done' },
      world.manager.token,
    );
    expect(early.status).toBe(409);
    const created = await api.post(
      `/projects/${project.id}/tasks`,
      { title: 'Born done', status: 'done', dependsOn: [first.id] },
      world.manager.token,
    );
    expect(created.status).toBe(409);
    ok(
      await api.patch(`/projects/${project.id}/tasks/${first.id}`, { status: 'done' }, world.manager.token),
      'first',
    );
    const later = ok(
      await api.patch(
        `/projects/${project.id}/tasks/${second.id}`,
        { status: 'done' },
        world.a.partner_member.token,
      ),
      'second',
    );
    expect(later.status).toBe('done');
    expect(later.completedAt).not.toBeNull();
  });

  it('assigns only members and notifies the assignee', async () => {
    const project = await projectOf(world);
    const outsider = await api.post(
      `/projects/${project.id}/tasks`,
      { title: 'Nope', assigneeId: world.a.partner_manager.id },
      world.manager.token,
    );
    expect(outsider.status).toBe(400);
    expect(outsider.body.details[0].field).toBe('assigneeId');

    const task = await taskOf(world, project.id, {
      title: 'Configure SSO',
      assigneeId: world.a.partner_executive.id,
    });
    const inbox = ok(await api.get('/notifications', world.a.partner_executive.token), 'inbox');
    const note = inbox.items.find((n: any) => n.data.taskId === task.id);
    expect(note.kind).toBe('task.assigned');
    expect(note.link).toBe(`/projects/${project.id}`);
  });

  it('orders tasks by position and moves them', async () => {
    const project = await projectOf(world);
    const a = await taskOf(world, project.id, { title: 'A' });
    const b = await taskOf(world, project.id, { title: 'B' });
    expect([a.position, b.position]).toEqual([0, 1]);
    ok(
      await api.patch(`/projects/${project.id}/tasks/${a.id}`, { position: 5 }, world.manager.token),
      'move',
    );
    const tasks = ok(await api.get(`/projects/${project.id}/tasks`, world.manager.token), 'list');
    expect(tasks.map((t: any) => t.title)).toEqual(['B', 'A']);
  });

  it('sends due-soon and overdue reminders once each, by the injected date', async () => {
    const project = await projectOf(world, 'Reminders');
    const soon = await taskOf(world, project.id, {
      title: 'Soon',
      dueDate: '2030-03-12',
      assigneeId: world.vendorMember.id,
    });
    const late = await taskOf(world, project.id, {
      title: 'Late',
      dueDate: '2030-03-01',
      assigneeId: world.vendorMember.id,
    });
    await taskOf(world, project.id, {
      title: 'Far',
      dueDate: '2030-04-30',
      assigneeId: world.vendorMember.id,
    });
    const done = await taskOf(world, project.id, {
      title: 'Done',
      dueDate: '2030-03-02',
      assigneeId: world.vendorMember.id,
    });
    ok(
      await api.patch(`/projects/${project.id}/tasks/${done.id}`, { status: 'done' }, world.manager.token),
      'done',
    );

    const reminders = app.running.app.get(ProjectTasksService);
    const now = new Date('2030-03-10T08:00:00Z');
    const first = await reminders.runReminders(now);
    expect(first).toEqual({ dueSoon: 1, overdue: 1 });
    expect(await reminders.runReminders(now)).toEqual({ dueSoon: 0, overdue: 0 });

    const inbox = ok(await api.get('/notifications?limit=200', world.vendorMember.token), 'inbox');
    const mine = inbox.items.filter(
      (n: any) => n.data.projectId === project.id && n.kind !== 'task.assigned',
    );
    expect(mine.map((n: any) => [n.kind, n.data.taskId]).sort()).toEqual(
      [
        ['task.due_soon', soon.id],
        ['task.overdue', late.id],
      ].sort(),
    );

    // A new due date means a new reminder.
    ok(
      await api.patch(
        `/projects/${project.id}/tasks/${late.id}`,
        { dueDate: '2030-03-11' },
        world.manager.token,
      ),
      'move',
    );
    expect(await reminders.runReminders(now)).toEqual({ dueSoon: 1, overdue: 0 });
  });

  it('lays out the timeline by date with task and weighted milestone progress', async () => {
    const project = await projectOf(world, 'Timeline');
    const kickoff = await taskOf(world, project.id, {
      title: 'Kickoff',
      dueDate: '2030-01-05',
      milestone: true,
      weight: 1,
    });
    const build = await taskOf(world, project.id, { title: 'Build', dueDate: '2030-03-01' });
    await taskOf(world, project.id, { title: 'Go live', dueDate: '2030-02-01', milestone: true, weight: 3 });
    await taskOf(world, project.id, { title: 'Undated' });
    ok(
      await api.patch(`/projects/${project.id}/tasks/${kickoff.id}`, { status: 'done' }, world.manager.token),
      'k',
    );
    ok(
      await api.patch(`/projects/${project.id}/tasks/${build.id}`, { status: 'done' }, world.manager.token),
      'b',
    );

    const timeline = ok(
      await api.get(`/projects/${project.id}/timeline`, world.a.partner_member.token),
      'timeline',
    );
    expect(timeline.items.map((i: any) => [i.title, i.kind, i.date])).toEqual([
      ['Kickoff', 'milestone', '2030-01-05'],
      ['Go live', 'milestone', '2030-02-01'],
      ['Build', 'task', '2030-03-01'],
      ['Undated', 'task', null],
    ]);
    // 2 of 4 tasks; milestones 1 of 2, by weight 1 of 4.
    expect(timeline.progress).toEqual({ done: 2, total: 4, percent: 50 });
    expect(timeline.milestones).toEqual({ done: 1, total: 2, weightDone: 1, weightTotal: 4, percent: 25 });
    const view = ok(await api.get(`/projects/${project.id}`, world.a.partner_member.token), 'project');
    expect(view.progress).toEqual({ done: 2, total: 4, percent: 50 });
  });

  it('keeps members who hold tasks and records the project in activity', async () => {
    const project = await projectOf(world, 'Members');
    await taskOf(world, project.id, { title: 'Mine', assigneeId: world.a.partner_member.id });
    const res = await api.patch(
      `/projects/${project.id}`,
      { memberIds: [world.manager.id] },
      world.manager.token,
    );
    expect(res.status).toBe(400);
    const moved = ok(
      await api.patch(`/projects/${project.id}`, { status: 'active' }, world.a.partner_executive.token),
      'status',
    );
    expect(moved.status).toBe('active');
    const activity = ok(
      await api.get(`/activity?companyId=${world.companyA}`, world.a.partner_member.token),
      'activity',
    );
    const types = activity.items.filter((a: any) => a.entityId === project.id).map((a: any) => a.type);
    expect(types).toEqual(expect.arrayContaining(['project.created', 'project.status_changed']));
  });
});
