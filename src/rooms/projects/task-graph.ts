/**
 * Would making `taskId` wait on `dependsOn` close a cycle? `edges` maps each task to the tasks it
 * already waits on (the task's own current edges are ignored, since they are being replaced).
 */
export function closesCycle(
  edges: ReadonlyMap<string, readonly string[]>,
  taskId: string,
  dependsOn: readonly string[],
): boolean {
  const seen = new Set<string>();
  const stack = [...dependsOn];
  while (stack.length) {
    const current = stack.pop()!;
    if (current === taskId) return true;
    if (seen.has(current)) continue;
    seen.add(current);
    for (const next of edges.get(current) ?? []) stack.push(next);
  }
  return false;
}

/** Edges as a map from task to the tasks it waits on. */
export function edgeMap(rows: ReadonlyArray<{ taskId: string; dependsOnId: string }>): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const row of rows) map.set(row.taskId, [...(map.get(row.taskId) ?? []), row.dependsOnId]);
  return map;
}
