import { closesCycle, edgeMap } from './task-graph';

describe('closesCycle', () => {
  const edges = edgeMap([
    { taskId: 'b', dependsOnId: 'a' },
    { taskId: 'c', dependsOnId: 'b' },
  ]);

  it('refuses a task waiting on itself', () => {
    expect(closesCycle(edges, 'a', ['a'])).toBe(true);
  });

  it('refuses a dependency that reaches back through others', () => {
    expect(closesCycle(edges, 'a', ['c'])).toBe(true);
  });

  it('allows a chain and a diamond', () => {
    expect(closesCycle(edges, 'd', ['c', 'a'])).toBe(false);
    expect(closesCycle(edges, 'c', ['a'])).toBe(false);
  });

  it('ignores the task’s own edges being replaced', () => {
    expect(closesCycle(edgeMap([{ taskId: 'a', dependsOnId: 'b' }]), 'b', ['c'])).toBe(false);
  });
});
