import type { PlanStatus, Role } from '../../api/types';
import type { Relation } from './plan-permissions';
import type { QuarterFigure } from './plans-api';

/** The plan page's views beside the section tabs, read from `?view=`. */
export type PlanView = 'sections' | 'versions' | 'reviews';
export const PLAN_VIEWS: ReadonlyArray<{ view: PlanView; label: string }> = [
  { view: 'sections', label: 'Sections' },
  { view: 'versions', label: 'Versions' },
  { view: 'reviews', label: 'Quarterly reviews' },
];

export function planViewOf(value: string | null): PlanView {
  return value === 'versions' || value === 'reviews' ? value : 'sections';
}

export function planViewPath(companyId: string, planId: string, view: PlanView): string {
  const base = `/c/${companyId}/plans/${planId}`;
  return view === 'sections' ? base : `${base}?view=${view}`;
}

/** Only an admin, or the channel manager who owns the company, creates its plans. */
export function canCreatePlan(user: { id: string; role: Role }, companyOwnerId: string | null): boolean {
  return user.role === 'admin' || (user.role === 'channel_manager' && companyOwnerId === user.id);
}

/** Freezing the final results is the owner's, and only for an active plan. */
export function canReconcile(relation: Relation, status: PlanStatus): boolean {
  return (relation === 'admin' || relation === 'owner') && status === 'active';
}

export interface QuarterBar {
  quarter: number;
  target: number;
  actual: number;
  /** Heights as a share of the chart, 0..1. */
  targetShare: number;
  actualShare: number;
  /** Actual against target, 0..100+ rounded; null without a target. */
  percent: number | null;
}

/** Bars for a quarterly chart, scaled to the largest target or actual so every bar fits. */
export function quarterBars(quarters: readonly QuarterFigure[]): QuarterBar[] {
  const sorted = [...quarters].sort((a, b) => a.quarter - b.quarter);
  const top = Math.max(0, ...sorted.map((q) => Math.max(q.target, q.actual)));
  return sorted.map((q) => ({
    quarter: q.quarter,
    target: q.target,
    actual: q.actual,
    targetShare: top > 0 ? Math.max(0, q.target) / top : 0,
    actualShare: top > 0 ? Math.max(0, q.actual) / top : 0,
    percent: q.target > 0 ? Math.round((q.actual / q.target) * 100) : null,
  }));
}

/** Compact figures for chart labels: 12500 → 12.5k, 3000000 → 3M. */
export function compactNumber(value: number): string {
  const abs = Math.abs(value);
  const trim = (n: number) => (Math.round(n * 10) / 10).toString();
  if (abs >= 1_000_000) return `${trim(value / 1_000_000)}M`;
  if (abs >= 1_000) return `${trim(value / 1_000)}k`;
  return trim(value);
}

const FIELD_LABELS: Record<string, string> = {
  title: 'Title',
  type: 'Type',
  weight: 'Weight',
  target: 'Target',
  section: 'Section',
};

export function fieldLabel(field: string): string {
  return FIELD_LABELS[field] ?? field;
}

export function shownValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export interface LineChange {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

/** A line diff (longest common subsequence) of two texts, for a section's narrative between two versions. */
export function diffLines(before: string, after: string): LineChange[] {
  const a = before === '' ? [] : before.split('\n');
  const b = after === '' ? [] : after.split('\n');
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out: LineChange[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ kind: 'same', text: a[i] });
      i++;
      j++;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) out.push({ kind: 'removed', text: a[i++] });
    else out.push({ kind: 'added', text: b[j++] });
  }
  while (i < a.length) out.push({ kind: 'removed', text: a[i++] });
  while (j < b.length) out.push({ kind: 'added', text: b[j++] });
  return out;
}

/** The quarter a date falls in, counted from the plan's start date (1..4, clamped). */
export function quarterOf(planStart: string, day: string): number {
  const start = new Date(`${planStart}T00:00:00Z`);
  const at = new Date(`${day}T00:00:00Z`);
  const months = (at.getUTCFullYear() - start.getUTCFullYear()) * 12 + at.getUTCMonth() - start.getUTCMonth();
  return Math.min(4, Math.max(1, Math.floor(months / 3) + 1));
}
