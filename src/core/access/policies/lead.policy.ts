import { OWNER, PARTNER_MANAGERS, PARTNER_USERS, Relation, VENDOR_STAFF } from '../relation';

export const LEAD_STATUSES = [
  'submitted',
  'approved',
  'rejected',
  'qualified',
  'demo',
  'proposal',
  'won',
  'lost',
  'expired',
] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

/** Registrations that still hold the customer: they conflict with new ones and may expire. */
export const OPEN_LEAD_STATUSES: readonly LeadStatus[] = [
  'submitted',
  'approved',
  'qualified',
  'demo',
  'proposal',
];
/** Approved registrations: the customer is protected for the partner until `expiresAt`. */
export const PROTECTED_LEAD_STATUSES: readonly LeadStatus[] = ['approved', 'qualified', 'demo', 'proposal'];

export type LeadAction = 'read' | 'submit' | 'edit' | 'decide' | 'extend' | 'convert';

/**
 * Who may do what to a lead, by relation. A partner_member additionally sees only the leads they
 * registered (Allbound's rule); that narrowing is in LeadAccess.
 */
export const leadPolicy: Record<LeadAction, readonly Relation[]> = {
  read: [...VENDOR_STAFF, ...PARTNER_USERS],
  submit: [...OWNER, ...PARTNER_USERS],
  edit: [...OWNER, ...PARTNER_USERS],
  // Approve, reject, move along the pipeline, grant or refuse an extension.
  decide: OWNER,
  extend: PARTNER_USERS,
  convert: [...OWNER, ...PARTNER_USERS],
};

/** The workflow: from → to → who. `expired` is the scheduler's alone; terminal statuses have no row. */
export const leadTransitions: Partial<Record<LeadStatus, Partial<Record<LeadStatus, readonly Relation[]>>>> =
  {
    submitted: { approved: OWNER, rejected: OWNER },
    approved: { qualified: OWNER, lost: OWNER },
    qualified: { demo: OWNER, lost: OWNER },
    demo: { proposal: OWNER, lost: OWNER },
    proposal: { won: OWNER, lost: OWNER },
  };

/** Partners may still correct a registration until the vendor has decided on it. */
export function partnerCanEditLead(status: LeadStatus): boolean {
  return status === 'submitted';
}

export const DEAL_STAGES = [
  'prospecting',
  'qualification',
  'proposal',
  'contract_review',
  'negotiation',
  'closed_won',
  'closed_lost',
] as const;
export type DealStage = (typeof DEAL_STAGES)[number];
export const OPEN_DEAL_STAGES: readonly DealStage[] = [
  'prospecting',
  'qualification',
  'proposal',
  'contract_review',
  'negotiation',
];

export type DealAction = 'read' | 'create' | 'edit' | 'vendorEdit' | 'note';

export const dealPolicy: Record<DealAction, readonly Relation[]> = {
  read: [...VENDOR_STAFF, ...PARTNER_USERS],
  create: [...OWNER, ...PARTNER_USERS],
  edit: [...OWNER, ...PARTNER_USERS],
  // The qualified flag and the commission rate override are the vendor's to set.
  vendorEdit: OWNER,
  note: [...VENDOR_STAFF, ...PARTNER_USERS],
};

/**
 * Stage moves: any open stage to any other open stage or to closed_lost by whoever may edit the deal;
 * closed_won (which earns commission) only by the vendor's owner or an admin; closed stages are final.
 */
export function dealStageMove(from: DealStage, to: DealStage): readonly Relation[] | null {
  if (!OPEN_DEAL_STAGES.includes(from) || from === to) return null;
  if (to === 'closed_won') return OWNER;
  return dealPolicy.edit;
}

export type CommissionStatus = 'pending' | 'approved' | 'paid' | 'declined';
export const COMMISSION_STATUSES: readonly CommissionStatus[] = ['pending', 'approved', 'paid', 'declined'];

export const commissionPolicy = {
  read: [...VENDOR_STAFF, ...PARTNER_USERS] as readonly Relation[],
  decide: OWNER,
};

export const commissionTransitions: Partial<Record<CommissionStatus, readonly CommissionStatus[]>> = {
  pending: ['approved', 'declined'],
  approved: ['paid', 'declined'],
};

/** Partner managers and executives see the whole company's leads and deals; members only their own. */
export function seesCompanyWide(relation: Relation): boolean {
  return !PARTNER_USERS.includes(relation) || PARTNER_MANAGERS.includes(relation);
}
