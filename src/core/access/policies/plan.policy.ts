import { OWNER, PARTNER_EXECUTIVE, PARTNER_MANAGERS, Relation, VENDOR_STAFF } from '../relation';

export type PlanStatus = 'draft_outline' | 'draft' | 'scheduled' | 'active' | 'completed' | 'archived';
export const PLAN_STATUSES: readonly PlanStatus[] = [
  'draft_outline',
  'draft',
  'scheduled',
  'active',
  'completed',
  'archived',
];

export type PlanAction = 'read' | 'create' | 'edit' | 'delete' | 'progress' | 'reconcile';

/** Who may do what to a plan, by relation; the status rules below narrow it further. */
export const planPolicy: Record<PlanAction, readonly Relation[]> = {
  read: [...VENDOR_STAFF, ...PARTNER_MANAGERS],
  create: OWNER,
  edit: [...OWNER, ...PARTNER_MANAGERS],
  delete: OWNER,
  // Ticking checklist items and recording manual progress.
  progress: [...OWNER, ...PARTNER_MANAGERS],
  reconcile: OWNER,
};

/** Partners never see a plan while it is a vendor-only outline. */
export function partnerCanSee(status: PlanStatus): boolean {
  return status !== 'draft_outline';
}

/** Partners edit goals and sections only while the plan is shared with them for review. */
export function partnerCanEdit(status: PlanStatus): boolean {
  return status === 'draft';
}

/** Statuses in which the plan's content may change at all. */
export function isEditable(status: PlanStatus): boolean {
  return status === 'draft_outline' || status === 'draft' || status === 'scheduled' || status === 'active';
}

export type TransitionTarget = Exclude<PlanStatus, 'draft_outline'> | 'draft_outline';

/**
 * The workflow: from → to → who. `scheduled → active` and `active → completed` at dates are the scheduler's;
 * `active → completed` by hand goes through reconcile. Approval (`draft → scheduled|active`) lands on
 * whichever of the two the start date says.
 */
export const planTransitions: Partial<Record<PlanStatus, Partial<Record<PlanStatus, readonly Relation[]>>>> =
  {
    draft_outline: { draft: OWNER, archived: OWNER },
    draft: {
      draft_outline: OWNER,
      scheduled: [...OWNER, ...PARTNER_EXECUTIVE],
      active: [...OWNER, ...PARTNER_EXECUTIVE],
      archived: OWNER,
    },
    scheduled: { draft: OWNER, archived: OWNER },
    active: { archived: OWNER },
    completed: { archived: OWNER },
  };
