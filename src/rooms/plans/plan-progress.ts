import type { GoalSettings, GoalType } from './plan-goal.entity';

export interface GoalFacts {
  id: string;
  sectionId: string;
  type: GoalType;
  weight: number;
  target: number | null;
  baseline: number;
  settings: GoalSettings;
  /** checklist */
  items?: { total: number; done: number };
  /** manual: entry values, oldest first */
  entries?: number[];
  /** revenue, kpi, learning_track: measured actual per quarter (4 values) or for the year (1 value) */
  actuals?: number[];
  /** Frozen by reconcile; wins over everything else. */
  finalProgress?: number | null;
}

function clamp(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.max(0, Math.min(100, value));
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

/** Quarter targets: explicit ones where set, the rest of the annual target shared evenly among the others. */
export function quarterTargets(annual: number, explicit: Array<string | null> | undefined): number[] {
  const given = [0, 1, 2, 3].map((q) => {
    const value = explicit?.[q];
    return value === null || value === undefined ? null : Number(value);
  });
  const fixed = given.reduce<number>((sum, v) => sum + (v ?? 0), 0);
  const open = given.filter((v) => v === null).length;
  const share = open ? Math.max(0, annual - fixed) / open : 0;
  return given.map((v) => (v === null ? share : v));
}

/** One goal's progress 0..100 (one decimal), capped at 100. */
export function goalProgress(goal: GoalFacts): number {
  if (goal.finalProgress !== null && goal.finalProgress !== undefined)
    return round1(clamp(goal.finalProgress));
  switch (goal.type) {
    case 'checklist': {
      const items = goal.items ?? { total: 0, done: 0 };
      return items.total === 0 ? 0 : round1(clamp((items.done / items.total) * 100));
    }
    case 'manual': {
      const entries = goal.entries ?? [];
      const value =
        goal.settings.aggregate === 'latest'
          ? (entries[entries.length - 1] ?? 0)
          : entries.reduce((s, v) => s + v, 0);
      return ratio(value - goal.baseline, goal.target);
    }
    case 'learning_track': {
      const required = goal.settings.requiredUsers ?? goal.target ?? 1;
      return ratio(
        (goal.actuals ?? [0]).reduce((s, v) => s + v, 0),
        required,
      );
    }
    case 'revenue':
    case 'kpi': {
      const actuals = goal.actuals ?? [];
      if (goal.settings.period === 'quarter' && actuals.length === 4 && goal.target !== null) {
        const targets = quarterTargets(goal.target, goal.settings.targets);
        const total = targets.reduce((s, v) => s + v, 0);
        if (total <= 0) return 0;
        // Each quarter counts up to its own target: a strong Q1 does not make up for a missing Q2.
        const achieved = targets.reduce(
          (sum, target, q) => sum + Math.min(target, Math.max(0, actuals[q] - goal.baseline / 4)),
          0,
        );
        return round1(clamp((achieved / total) * 100));
      }
      return ratio(actuals.reduce((s, v) => s + v, 0) - goal.baseline, goal.target);
    }
  }
}

function ratio(value: number, target: number | null): number {
  if (target === null || target <= 0) return 0;
  return round1(clamp((value / target) * 100));
}

/** Weighted mean of progress values; 0 when there is nothing to weigh. */
export function weightedMean(goals: Array<{ weight: number; progress: number }>): number {
  const weight = goals.reduce((s, g) => s + g.weight, 0);
  if (weight === 0) return 0;
  return round1(goals.reduce((s, g) => s + g.weight * g.progress, 0) / weight);
}

export interface PlanProgress {
  overallCompletion: number;
  sections: Record<string, number>;
  goals: Record<string, number>;
}

export function planProgress(goals: GoalFacts[]): PlanProgress {
  const scored = goals.map((g) => ({ ...g, progress: goalProgress(g) }));
  const sections: Record<string, number> = {};
  for (const sectionId of new Set(scored.map((g) => g.sectionId))) {
    sections[sectionId] = weightedMean(scored.filter((g) => g.sectionId === sectionId));
  }
  return {
    overallCompletion: weightedMean(scored),
    sections,
    goals: Object.fromEntries(scored.map((g) => [g.id, g.progress])),
  };
}
