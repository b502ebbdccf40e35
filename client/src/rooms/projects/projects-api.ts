import { PARTNER_ROLES, type Role } from '../../api/types';

/** Shapes of the projects room's routes (CONTRACT "Other rooms"; details in /api/docs). */
export type ProjectStatus = 'planned' | 'active' | 'on_hold' | 'done';
export type TaskStatus = 'todo' | 'in_progress' | 'blocked' | 'done';
export type Side = 'vendor' | 'partner';

export const PROJECT_STATUSES: readonly ProjectStatus[] = ['planned', 'active', 'on_hold', 'done'];
export const TASK_STATUSES: readonly TaskStatus[] = ['todo', 'in_progress', 'blocked', 'done'];

export const TASK_STATUS_LABELS: Record<TaskStatus, string> = {
  todo: 'To do',
  in_progress: 'In progress',
  blocked: 'Blocked',
  done: 'Done',
};

export const PROJECT_STATUS_LABELS: Record<ProjectStatus, string> = {
  planned: 'Planned',
  active: 'Active',
  on_hold: 'On hold',
  done: 'Done',
};

export interface Progress {
  done: number;
  total: number;
  percent: number;
}

export interface ProjectMember {
  userId: string;
  name: string;
  role: string;
  side: Side;
}

export interface Project {
  id: string;
  companyId: string;
  name: string;
  description: string;
  dealId: string | null;
  status: ProjectStatus;
  startDate: string | null;
  dueDate: string | null;
  members: ProjectMember[];
  progress: Progress;
  createdById: string;
  createdAt: string;
  updatedAt: string;
}

export interface Task {
  id: string;
  projectId: string;
  title: string;
  description: string;
  assigneeId: string | null;
  dueDate: string | null;
  status: TaskStatus;
  milestone: boolean;
  weight: number;
  position: number;
  dependsOn: string[];
  completedAt: string | null;
  createdAt: string;
}

export interface TimelineItem {
  id: string;
  title: string;
  kind: 'task' | 'milestone';
  date: string | null;
  status: TaskStatus;
  assigneeId: string | null;
  dependsOn: string[];
}

export interface Timeline {
  startDate: string | null;
  dueDate: string | null;
  items: TimelineItem[];
  progress: Progress;
  milestones: Progress & { weightDone: number; weightTotal: number };
}

export interface ProjectUpdate {
  id: string;
  authorId: string;
  body: string;
  attachments: { id: string; versionId: string; name: string; size: number; contentType: string }[];
  createdAt: string;
}

export type DeliverableStatus = 'submitted' | 'approved' | 'changes_requested';

export interface Deliverable {
  id: string;
  projectId: string;
  title: string;
  fileId: string;
  versionId: string;
  fileName: string;
  status: DeliverableStatus;
  submittedById: string;
  submittedSide: Side;
  submittedAt: string;
  reviewedById: string | null;
  reviewedAt: string | null;
  reviewComment: string;
}

export type TaskPatch = Partial<
  Pick<
    Task,
    'title' | 'description' | 'assigneeId' | 'dueDate' | 'status' | 'milestone' | 'position' | 'dependsOn'
  >
>;

/** How the user stands to the company, as the server's policy reads it (channel managers by ownership). */
export type Relation =
  'admin' | 'owner' | 'vendor' | 'partner_executive' | 'partner_manager' | 'partner_member';

export function relationTo(
  user: { id: string; role: Role },
  companyOwnerId: string | null | undefined,
): Relation {
  switch (user.role) {
    case 'admin':
      return 'admin';
    case 'channel_manager':
      return companyOwnerId === user.id ? 'owner' : 'vendor';
    case 'vendor_member':
      return 'vendor';
    default:
      return user.role;
  }
}

export function sideOf(role: Role): Side {
  return PARTNER_ROLES.includes(role) ? 'partner' : 'vendor';
}

/** Create and edit projects: the partnership's owners and partner managers. */
export function canManageProjects(relation: Relation): boolean {
  return ['admin', 'owner', 'partner_executive', 'partner_manager'].includes(relation);
}

/** Tasks, updates and deliverables: owners and partner users, and other vendor staff on the project. */
export function canWork(relation: Relation, member: boolean): boolean {
  return relation !== 'vendor' || member;
}

/** Review buttons show for a submitted deliverable of the other side. */
export function canReview(deliverable: Deliverable, side: Side, working: boolean): boolean {
  return working && deliverable.status === 'submitted' && deliverable.submittedSide !== side;
}

export function canResubmit(deliverable: Deliverable, side: Side, working: boolean): boolean {
  return working && deliverable.status === 'changes_requested' && deliverable.submittedSide === side;
}

/** Board columns: every status, its tasks by position. */
export function boardColumns(tasks: Task[]): { status: TaskStatus; tasks: Task[] }[] {
  return TASK_STATUSES.map((status) => ({
    status,
    tasks: tasks
      .filter((t) => t.status === status)
      .sort((a, b) => a.position - b.position || a.createdAt.localeCompare(b.createdAt)),
  }));
}

/** The column `delta` steps from `status` (clamped at the ends). */
export function neighbourStatus(status: TaskStatus, delta: number): TaskStatus {
  const index = TASK_STATUSES.indexOf(status) + delta;
  return TASK_STATUSES[Math.max(0, Math.min(TASK_STATUSES.length - 1, index))];
}

/** The position that puts a task last in a column. */
export function endPosition(tasks: Task[], status: TaskStatus, except?: string): number {
  const inColumn = tasks.filter((t) => t.status === status && t.id !== except);
  return inColumn.length === 0 ? 0 : Math.max(...inColumn.map((t) => t.position)) + 1;
}

/** Tasks `task` waits on that are not done yet. */
export function openDependencies(task: Pick<Task, 'dependsOn'>, tasks: Task[]): Task[] {
  return tasks.filter((t) => task.dependsOn.includes(t.id) && t.status !== 'done');
}

/** Tasks `id` may depend on without closing a cycle: not itself, nor anything that (transitively) waits on it. */
export function dependencyCandidates(tasks: Task[], id: string): Task[] {
  const waiting = new Set<string>([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const t of tasks) {
      if (!waiting.has(t.id) && t.dependsOn.some((d) => waiting.has(d))) {
        waiting.add(t.id);
        grew = true;
      }
    }
  }
  return tasks.filter((t) => !waiting.has(t.id));
}

const DAY = 86_400_000;
const toDay = (date: string) => Math.floor(Date.parse(`${date.slice(0, 10)}T00:00:00Z`) / DAY);

/**
 * Where each dated item sits on a time axis from the project's start to its due date (widened to fit the
 * items), as a 0..100 offset; undated items get null.
 */
export function timelineLayout(timeline: Pick<Timeline, 'startDate' | 'dueDate' | 'items'>): {
  from: string | null;
  to: string | null;
  offsets: Map<string, number | null>;
} {
  const days = timeline.items.filter((i) => i.date).map((i) => toDay(i.date!));
  if (timeline.startDate) days.push(toDay(timeline.startDate));
  if (timeline.dueDate) days.push(toDay(timeline.dueDate));
  const offsets = new Map<string, number | null>();
  if (days.length === 0) {
    for (const item of timeline.items) offsets.set(item.id, null);
    return { from: null, to: null, offsets };
  }
  const first = Math.min(...days);
  const last = Math.max(...days);
  const span = Math.max(1, last - first);
  for (const item of timeline.items) {
    offsets.set(item.id, item.date ? Math.round(((toDay(item.date) - first) / span) * 1000) / 10 : null);
  }
  const iso = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);
  return { from: iso(first), to: iso(last), offsets };
}

export function formatDate(date: string | null): string {
  if (!date) return '—';
  return new Date(`${date.slice(0, 10)}T00:00:00Z`).toLocaleDateString(undefined, { timeZone: 'UTC' });
}

export interface TaskDraft {
  title: string;
  status: TaskStatus;
  assigneeId: string;
  dueDate: string;
  milestone: boolean;
  dependsOn: string[];
  description: string;
}

export const draftOf = (task: Task): TaskDraft => ({
  title: task.title,
  status: task.status,
  assigneeId: task.assigneeId ?? '',
  dueDate: task.dueDate ?? '',
  milestone: task.milestone,
  dependsOn: [...task.dependsOn],
  description: task.description,
});

/** Only what changed, so a save never overwrites someone else's edit of another field. */
export function taskChanges(task: Task, draft: TaskDraft): TaskPatch {
  const patch: TaskPatch = {};
  if (draft.title.trim() !== task.title) patch.title = draft.title.trim();
  if (draft.status !== task.status) patch.status = draft.status;
  if ((draft.assigneeId || null) !== task.assigneeId) patch.assigneeId = draft.assigneeId || null;
  if ((draft.dueDate || null) !== task.dueDate) patch.dueDate = draft.dueDate || null;
  if (draft.milestone !== task.milestone) patch.milestone = draft.milestone;
  if (draft.description !== task.description) patch.description = draft.description;
  if ([...draft.dependsOn].sort().join() !== [...task.dependsOn].sort().join())
    patch.dependsOn = draft.dependsOn;
  return patch;
}
