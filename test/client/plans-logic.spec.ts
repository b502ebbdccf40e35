import {
  canCreatePlan,
  canReconcile,
  compactNumber,
  diffLines,
  planViewOf,
  planViewPath,
  quarterBars,
  quarterOf,
} from '../../client/src/rooms/plans/plan-extras';
import { collabRetryDelay } from '../../client/src/rooms/plans/narrative/collab-retry';
import { collabOffline, onCollabStatus, setCollabOffline } from '../../client/src/realtime/collab-status';

describe('plans room client logic', () => {
  it('reads the plan view from the query and builds its path', () => {
    expect(planViewOf('versions')).toBe('versions');
    expect(planViewOf('reviews')).toBe('reviews');
    expect(planViewOf(null)).toBe('sections');
    expect(planViewOf('../admin')).toBe('sections');
    expect(planViewPath('c1', 'p1', 'sections')).toBe('/c/c1/plans/p1');
    expect(planViewPath('c1', 'p1', 'reviews')).toBe('/c/c1/plans/p1?view=reviews');
  });

  it('lets only admins and the owning channel manager create plans', () => {
    expect(canCreatePlan({ id: 'u1', role: 'admin' }, null)).toBe(true);
    expect(canCreatePlan({ id: 'u1', role: 'channel_manager' }, 'u1')).toBe(true);
    expect(canCreatePlan({ id: 'u1', role: 'channel_manager' }, 'u2')).toBe(false);
    expect(canCreatePlan({ id: 'u1', role: 'vendor_member' }, 'u1')).toBe(false);
    expect(canCreatePlan({ id: 'u1', role: 'partner_executive' }, null)).toBe(false);
  });

  it('offers reconcile to owners of an active plan only', () => {
    expect(canReconcile('owner', 'active')).toBe(true);
    expect(canReconcile('admin', 'active')).toBe(true);
    expect(canReconcile('owner', 'scheduled')).toBe(false);
    expect(canReconcile('vendor', 'active')).toBe(false);
    expect(canReconcile('partner_executive', 'active')).toBe(false);
  });

  it('scales quarter bars to the largest figure and reports actual against target', () => {
    const bars = quarterBars([
      { quarter: 2, target: 100, actual: 150 },
      { quarter: 1, target: 200, actual: 50 },
      { quarter: 3, target: 0, actual: 0 },
    ]);
    expect(bars.map((b) => b.quarter)).toEqual([1, 2, 3]);
    expect(bars[0]).toMatchObject({ targetShare: 1, actualShare: 0.25, percent: 25 });
    expect(bars[1]).toMatchObject({ targetShare: 0.5, actualShare: 0.75, percent: 150 });
    expect(bars[2]).toMatchObject({ targetShare: 0, actualShare: 0, percent: null });
    expect(quarterBars([{ quarter: 1, target: 0, actual: 0 }])[0].targetShare).toBe(0);
  });

  it('writes compact figures for chart labels', () => {
    expect(compactNumber(950)).toBe('950');
    expect(compactNumber(12500)).toBe('12.5k');
    expect(compactNumber(3_000_000)).toBe('3M');
    expect(compactNumber(-2500)).toBe('-2.5k');
  });

  it('diffs narrative lines keeping the common ones', () => {
    expect(diffLines('a\nb\nc', 'a\nc\nd')).toEqual([
      { kind: 'same', text: 'a' },
      { kind: 'removed', text: 'b' },
      { kind: 'same', text: 'c' },
      { kind: 'added', text: 'd' },
    ]);
    expect(diffLines('', 'new')).toEqual([{ kind: 'added', text: 'new' }]);
    expect(diffLines('old', '')).toEqual([{ kind: 'removed', text: 'old' }]);
  });

  it('places a date in the plan quarter counted from its start', () => {
    expect(quarterOf('2026-04-01', '2026-04-01')).toBe(1);
    expect(quarterOf('2026-04-01', '2026-07-15')).toBe(2);
    expect(quarterOf('2026-04-01', '2027-03-31')).toBe(4);
    expect(quarterOf('2026-04-01', '2028-01-01')).toBe(4);
    expect(quarterOf('2026-04-01', '2025-01-01')).toBe(1);
  });

  it('reports live editing offline while any document is disconnected', () => {
    const seen: boolean[] = [];
    const off = onCollabStatus((offline) => seen.push(offline));
    setCollabOffline('plan:a', true);
    setCollabOffline('plan:b', true);
    setCollabOffline('plan:a', false);
    expect(collabOffline()).toBe(true);
    setCollabOffline('plan:b', false);
    expect(collabOffline()).toBe(false);
    off();
    setCollabOffline('plan:a', true);
    setCollabOffline('plan:a', false);
    expect(seen).toEqual([true, false]);
  });

  it('retries a dropped collaboration socket with jitter, but not after a final refusal', () => {
    expect(collabRetryDelay(null, 0)).toBeNull();
    for (const code of [4400, 4403, 4404, 4413]) expect(collabRetryDelay(code, 0)).toBeNull();
    expect(collabRetryDelay(4401, 0, () => 0.5)).toBe(500);
    expect(collabRetryDelay(1006, 0, () => 0.5)).toBe(500);
    expect(collabRetryDelay(1006, 3, () => 0.5)).toBe(4000);
    expect(collabRetryDelay(1006, 10, () => 0.5)).toBe(10_000);
    expect(collabRetryDelay(1001, 2, () => 0)).toBe(1000);
    expect(collabRetryDelay(1001, 2, () => 1)).toBe(3000);
  });
});
