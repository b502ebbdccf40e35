import type { ActivityEvent } from '../../api/types';

export interface Money {
  amount: string;
  currency: string;
}

export interface Announcement {
  id: string;
  title: string;
  body: string;
  pinned: boolean;
  publishAt: string;
  readAt: string | null;
  readCount?: number;
  createdAt: string;
}

export interface ReadReceipt {
  userId: string;
  name: string;
  companyId: string | null;
  readAt: string;
}

export interface OverviewActivity extends Omit<ActivityEvent, 'summary'> {
  seq: string;
  summary: string;
}

export interface Overview {
  companyId: string;
  at: string;
  leads: { quarter: { total: number }; year: { total: number } };
  deals: { inProgress: number; value: Money };
  commissions: { earned: Money; pending: Money };
  plans: {
    active: number;
    scheduled: number;
    completed: number;
    items: Array<{ id: string; name: string; status: string; fiscalYear: number; overallCompletion: number }>;
  } | null;
  tasks: {
    dueSoon: number;
    items: Array<{ id: string; projectName: string; title: string; dueDate: string; overdue: boolean }>;
  } | null;
  activity: { since: string | null; count: number; items: OverviewActivity[] };
  announcements: Announcement[];
}

/** New activity first, without the ones already shown (a reload after a live event returns them again). */
export function mergeActivity(shown: OverviewActivity[], fresh: OverviewActivity[]): OverviewActivity[] {
  const seen = new Set(shown.map((a) => a.id));
  return [...fresh.filter((a) => !seen.has(a.id)), ...shown].slice(0, 100);
}
