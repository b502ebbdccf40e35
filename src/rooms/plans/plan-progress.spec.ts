import { GoalFacts, goalProgress, planProgress, quarterTargets, weightedMean } from './plan-progress';

const base = { sectionId: 's1', weight: 1, target: null, baseline: 0, settings: {} } as const;

function goal(partial: Partial<GoalFacts> & Pick<GoalFacts, 'id' | 'type'>): GoalFacts {
  return { ...base, ...partial };
}

describe('plan progress', () => {
  it('checklist: done / total', () => {
    expect(goalProgress(goal({ id: 'a', type: 'checklist', items: { total: 3, done: 1 } }))).toBe(33.3);
    expect(goalProgress(goal({ id: 'a', type: 'checklist', items: { total: 0, done: 0 } }))).toBe(0);
  });

  it('manual: sum or latest against target, minus baseline, capped at 100', () => {
    expect(goalProgress(goal({ id: 'm', type: 'manual', target: 200, entries: [50, 30] }))).toBe(40);
    expect(
      goalProgress(
        goal({ id: 'm', type: 'manual', target: 200, entries: [50, 30], settings: { aggregate: 'latest' } }),
      ),
    ).toBe(15);
    expect(goalProgress(goal({ id: 'm', type: 'manual', target: 100, baseline: 20, entries: [70] }))).toBe(
      50,
    );
    expect(goalProgress(goal({ id: 'm', type: 'manual', target: 100, entries: [150] }))).toBe(100);
    expect(goalProgress(goal({ id: 'm', type: 'manual', target: 100, baseline: 50, entries: [10] }))).toBe(0);
  });

  it('revenue by year: actual / target', () => {
    expect(goalProgress(goal({ id: 'r', type: 'revenue', target: 400000, actuals: [100000] }))).toBe(25);
  });

  it('revenue by quarter: each quarter counts up to its own target', () => {
    // Annual 400k split evenly: 100k a quarter. Q1 150k (counts 100k), Q2 50k, Q3 0, Q4 0 → 150k of 400k.
    const g = goal({
      id: 'r',
      type: 'revenue',
      target: 400000,
      settings: { period: 'quarter' },
      actuals: [150000, 50000, 0, 0],
    });
    expect(goalProgress(g)).toBe(37.5);
  });

  it('quarter targets: explicit ones kept, the rest of the annual shared evenly', () => {
    expect(quarterTargets(400, undefined)).toEqual([100, 100, 100, 100]);
    expect(quarterTargets(400, ['40', null, null, '160'])).toEqual([40, 100, 100, 160]);
  });

  it('weighted mean of goals per section and overall', () => {
    expect(
      weightedMean([
        { weight: 3, progress: 100 },
        { weight: 1, progress: 0 },
      ]),
    ).toBe(75);
    expect(weightedMean([])).toBe(0);
    const result = planProgress([
      goal({ id: 'a', type: 'checklist', weight: 3, items: { total: 2, done: 2 } }),
      goal({ id: 'b', type: 'manual', weight: 1, target: 10, entries: [5] }),
      goal({ id: 'c', type: 'kpi', sectionId: 's2', weight: 4, target: 8, actuals: [2] }),
    ]);
    expect(result.goals).toEqual({ a: 100, b: 50, c: 25 });
    expect(result.sections).toEqual({ s1: 87.5, s2: 25 });
    // (3*100 + 1*50 + 4*25) / 8 = 56.25
    expect(result.overallCompletion).toBe(56.3);
  });

  it('a frozen final result wins', () => {
    expect(
      goalProgress(goal({ id: 'a', type: 'checklist', items: { total: 2, done: 0 }, finalProgress: 80 })),
    ).toBe(80);
  });
});
