import type { PlanStatus, Role } from '../../api/types';

/** How the user stands to a plan's company, as the server's access policy reads it. */
export type Relation =
  'admin' | 'owner' | 'vendor' | 'partner_executive' | 'partner_manager' | 'partner_member';

export function relationToPlan(user: { id: string; role: Role }, plan: { ownerId: string | null }): Relation {
  switch (user.role) {
    case 'admin':
      return 'admin';
    case 'channel_manager':
      return plan.ownerId === user.id ? 'owner' : 'vendor';
    case 'vendor_member':
      return 'vendor';
    default:
      return user.role;
  }
}

const OWNER: readonly Relation[] = ['admin', 'owner'];
const PARTNER_MANAGERS: readonly Relation[] = ['partner_executive', 'partner_manager'];
const isPartner = (relation: Relation) => relation.startsWith('partner_');

export function isEditableStatus(status: PlanStatus): boolean {
  return status === 'draft_outline' || status === 'draft' || status === 'scheduled' || status === 'active';
}

/** Narrative, sections and goals: owners while the plan is live, partner managers only while it is in review. */
export function canEdit(relation: Relation, status: PlanStatus): boolean {
  if (!isEditableStatus(status)) return false;
  if (OWNER.includes(relation)) return true;
  return PARTNER_MANAGERS.includes(relation) && status === 'draft';
}

/** Ticking checklist items and recording manual progress. */
export function canRecordProgress(relation: Relation, status: PlanStatus): boolean {
  return isEditableStatus(status) && (OWNER.includes(relation) || PARTNER_MANAGERS.includes(relation));
}

export function readOnlyReason(relation: Relation, status: PlanStatus): string | null {
  if (canEdit(relation, status)) return null;
  if (!isEditableStatus(status)) return `A ${statusLabel(status).toLowerCase()} plan cannot be changed.`;
  if (isPartner(relation) && PARTNER_MANAGERS.includes(relation))
    return 'Partners edit the plan while it is shared for review.';
  return 'Your role may read this plan but not change it.';
}

export interface TransitionAction {
  to: PlanStatus;
  label: string;
  primary?: boolean;
}

/** The workflow buttons the user's relation may press from `status` (the server's transition table). */
export function transitionsFor(relation: Relation, status: PlanStatus): TransitionAction[] {
  const owner = OWNER.includes(relation);
  const executive = relation === 'partner_executive';
  const actions: TransitionAction[] = [];
  switch (status) {
    case 'draft_outline':
      if (owner) actions.push({ to: 'draft', label: 'Share with partner', primary: true });
      break;
    case 'draft':
      if (owner || executive) actions.push({ to: 'scheduled', label: 'Approve plan', primary: true });
      if (owner) actions.push({ to: 'draft_outline', label: 'Take back to outline' });
      break;
    case 'scheduled':
      if (owner) actions.push({ to: 'draft', label: 'Reopen for review' });
      break;
    default:
      break;
  }
  if (owner && status !== 'archived') actions.push({ to: 'archived', label: 'Archive' });
  return actions;
}

const STATUS_LABELS: Record<PlanStatus, string> = {
  draft_outline: 'Outline',
  draft: 'In review',
  scheduled: 'Scheduled',
  active: 'Active',
  completed: 'Completed',
  archived: 'Archived',
};

export function statusLabel(status: PlanStatus): string {
  return STATUS_LABELS[status] ?? status;
}
