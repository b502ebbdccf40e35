import {
  boardColumns,
  canManageProjects,
  canResubmit,
  canReview,
  canWork,
  dependencyCandidates,
  endPosition,
  neighbourStatus,
  openDependencies,
  relationTo,
  taskChanges,
  timelineLayout,
  type Deliverable,
  type Task,
} from '../../client/src/rooms/projects/projects-api';

function task(id: string, status: Task['status'], position: number, dependsOn: string[] = []): Task {
  return {
    id,
    projectId: 'p',
    title: id.toUpperCase(),
    description: '',
    assigneeId: null,
    dueDate: null,
    status,
    milestone: false,
    weight: 1,
    position,
    dependsOn,
    completedAt: null,
    createdAt: `2026-01-0${position + 1}T00:00:00Z`,
  };
}

describe('project board logic', () => {
  const tasks = [
    task('a', 'todo', 2),
    task('b', 'todo', 1),
    task('c', 'done', 0),
    task('d', 'in_progress', 0, ['a']),
  ];

  it('puts every status in a column, tasks by position', () => {
    const columns = boardColumns(tasks);
    expect(columns.map((c) => c.status)).toEqual(['todo', 'in_progress', 'blocked', 'done']);
    expect(columns[0].tasks.map((t) => t.id)).toEqual(['b', 'a']);
    expect(columns[2].tasks).toEqual([]);
  });

  it('moves between neighbouring columns and stops at the ends', () => {
    expect(neighbourStatus('todo', 1)).toBe('in_progress');
    expect(neighbourStatus('todo', -1)).toBe('todo');
    expect(neighbourStatus('done', 1)).toBe('done');
    expect(neighbourStatus('done', -2)).toBe('in_progress');
  });

  it('drops a moved task last in its new column', () => {
    expect(endPosition(tasks, 'todo')).toBe(3);
    expect(endPosition(tasks, 'blocked')).toBe(0);
    expect(endPosition(tasks, 'todo', 'a')).toBe(2);
  });

  it('lists what a task waits on and never offers a dependency that closes a cycle', () => {
    expect(openDependencies(tasks[3], tasks).map((t) => t.id)).toEqual(['a']);
    // d waits on a, so a may not wait on d (nor on itself).
    expect(
      dependencyCandidates(tasks, 'a')
        .map((t) => t.id)
        .sort(),
    ).toEqual(['b', 'c']);
    const chain = [task('x', 'todo', 0, ['y']), task('y', 'todo', 1, ['z']), task('z', 'todo', 2)];
    expect(dependencyCandidates(chain, 'z')).toEqual([]);
  });

  it('sends only the fields that changed', () => {
    const t = { ...task('a', 'todo', 0, ['b', 'c']), dueDate: '2026-03-01' };
    const draft = {
      title: 'A',
      status: 'in_progress' as const,
      assigneeId: 'u1',
      dueDate: '2026-03-01',
      milestone: false,
      dependsOn: ['c', 'b'],
      description: '',
    };
    expect(taskChanges(t, draft)).toEqual({ status: 'in_progress', assigneeId: 'u1' });
    expect(taskChanges(t, { ...draft, status: 'todo', assigneeId: '', dueDate: '', dependsOn: [] })).toEqual({
      dueDate: null,
      dependsOn: [],
    });
  });
});

describe('project permissions', () => {
  it('reads a channel manager by ownership', () => {
    expect(relationTo({ id: 'u', role: 'channel_manager' }, 'u')).toBe('owner');
    expect(relationTo({ id: 'u', role: 'channel_manager' }, 'other')).toBe('vendor');
    expect(relationTo({ id: 'u', role: 'partner_member' }, 'other')).toBe('partner_member');
  });

  it('lets owners and partner managers manage, members work', () => {
    expect(canManageProjects('owner')).toBe(true);
    expect(canManageProjects('partner_manager')).toBe(true);
    expect(canManageProjects('partner_member')).toBe(false);
    expect(canManageProjects('vendor')).toBe(false);
    expect(canWork('partner_member', false)).toBe(true);
    expect(canWork('vendor', false)).toBe(false);
    expect(canWork('vendor', true)).toBe(true);
  });

  it('shows review buttons to the other side only, resubmit to the submitting side', () => {
    const d = { status: 'submitted', submittedSide: 'partner' } as Deliverable;
    expect(canReview(d, 'vendor', true)).toBe(true);
    expect(canReview(d, 'partner', true)).toBe(false);
    expect(canReview(d, 'vendor', false)).toBe(false);
    expect(canReview({ ...d, status: 'approved' }, 'vendor', true)).toBe(false);
    expect(canResubmit({ ...d, status: 'changes_requested' }, 'partner', true)).toBe(true);
    expect(canResubmit({ ...d, status: 'changes_requested' }, 'vendor', true)).toBe(false);
  });
});

describe('project timeline layout', () => {
  it('places dated items between the start and due dates, undated ones nowhere', () => {
    const layout = timelineLayout({
      startDate: '2026-01-01',
      dueDate: '2026-01-11',
      items: [
        {
          id: 'a',
          title: '',
          kind: 'task',
          date: '2026-01-06',
          status: 'todo',
          assigneeId: null,
          dependsOn: [],
        },
        {
          id: 'b',
          title: '',
          kind: 'milestone',
          date: '2026-01-11',
          status: 'todo',
          assigneeId: null,
          dependsOn: [],
        },
        { id: 'c', title: '', kind: 'task', date: null, status: 'todo', assigneeId: null, dependsOn: [] },
      ],
    });
    expect(layout.from).toBe('2026-01-01');
    expect(layout.to).toBe('2026-01-11');
    expect(layout.offsets.get('a')).toBe(50);
    expect(layout.offsets.get('b')).toBe(100);
    expect(layout.offsets.get('c')).toBeNull();
  });

  it('widens the axis to items outside the project dates', () => {
    const layout = timelineLayout({
      startDate: null,
      dueDate: null,
      items: [
        {
          id: 'a',
          title: '',
          kind: 'task',
          date: '2026-02-01',
          status: 'todo',
          assigneeId: null,
          dependsOn: [],
        },
      ],
    });
    expect(layout.offsets.get('a')).toBe(0);
    expect(layout.from).toBe('2026-02-01');
  });
});
