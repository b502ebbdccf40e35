/**
 * The leads and deals rooms' workflow as the server's access policy states it (lead.policy.ts), so the
 * pages offer only the buttons the user's relation to the company allows. The server still decides.
 */
import type { Role } from '../../api/types';

export type Relation =
  'admin' | 'owner' | 'vendor' | 'partner_executive' | 'partner_manager' | 'partner_member';

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
export const OPEN_DEAL_STAGES: readonly DealStage[] = DEAL_STAGES.slice(0, 5);

const OWNER: readonly Relation[] = ['admin', 'owner'];
const PARTNER_USERS: readonly Relation[] = ['partner_executive', 'partner_manager', 'partner_member'];
const PROTECTED: readonly LeadStatus[] = ['approved', 'qualified', 'demo', 'proposal'];

/** How the user stands to a company: as the server reads it (a channel manager owns some companies). */
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

export const isPartner = (relation: Relation) => PARTNER_USERS.includes(relation);

const TRANSITIONS: Partial<Record<LeadStatus, LeadStatus[]>> = {
  submitted: ['approved', 'rejected'],
  approved: ['qualified', 'lost'],
  qualified: ['demo', 'lost'],
  demo: ['proposal', 'lost'],
  proposal: ['won', 'lost'],
};

export interface LeadAction {
  to: LeadStatus;
  label: string;
  primary?: boolean;
  needsReason?: boolean;
}

const ACTION_LABELS: Record<LeadStatus, string> = {
  submitted: 'Submitted',
  approved: 'Approve',
  rejected: 'Reject',
  qualified: 'Mark qualified',
  demo: 'Move to demo',
  proposal: 'Move to proposal',
  won: 'Mark won',
  lost: 'Mark lost',
  expired: 'Expire',
};

/** The workflow buttons: every move belongs to the company's owner or an admin. */
export function leadActions(relation: Relation, status: LeadStatus): LeadAction[] {
  if (!OWNER.includes(relation)) return [];
  return (TRANSITIONS[status] ?? []).map((to) => ({
    to,
    label: ACTION_LABELS[to],
    primary: to !== 'rejected' && to !== 'lost',
    needsReason: to === 'rejected',
  }));
}

export function canSubmitLead(relation: Relation): boolean {
  return OWNER.includes(relation) || isPartner(relation);
}

/** Partners correct a registration until the vendor decides; the owner edits any time. */
export function canEditLead(relation: Relation, status: LeadStatus): boolean {
  if (OWNER.includes(relation)) return true;
  return isPartner(relation) && status === 'submitted';
}

export function canRequestExtension(
  relation: Relation,
  lead: { status: LeadStatus; extension: { status: string } | null },
): boolean {
  return isPartner(relation) && PROTECTED.includes(lead.status) && lead.extension?.status !== 'pending';
}

export function canDecideExtension(
  relation: Relation,
  lead: { extension: { status: string } | null },
): boolean {
  return OWNER.includes(relation) && lead.extension?.status === 'pending';
}

export function canConvertLead(
  relation: Relation,
  lead: { status: LeadStatus; dealId: string | null },
): boolean {
  return (OWNER.includes(relation) || isPartner(relation)) && PROTECTED.includes(lead.status) && !lead.dealId;
}

export function canEditDeal(relation: Relation, stage: DealStage): boolean {
  return OPEN_DEAL_STAGES.includes(stage) && (OWNER.includes(relation) || isPartner(relation));
}

/** Where a deal may move: any other open stage or lost; won only by the owner; closed deals stay put. */
export function dealMoves(relation: Relation, from: DealStage): DealStage[] {
  if (!canEditDeal(relation, from)) return [];
  return DEAL_STAGES.filter((to) => to !== from && (to !== 'closed_won' || OWNER.includes(relation)));
}

export function canDecideCommission(relation: Relation): boolean {
  return OWNER.includes(relation);
}

export const COMMISSION_MOVES: Record<string, string[]> = {
  pending: ['approved', 'declined'],
  approved: ['paid', 'declined'],
};

export function label(value: string): string {
  const text = value.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** `{amount, currency}` for people: grouped digits, the currency's own symbol where the browser knows it. */
export function formatMoney(money: { amount: string; currency: string }, locale?: string): string {
  const value = Number(money.amount);
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency: money.currency }).format(value);
  } catch {
    return `${money.amount} ${money.currency}`;
  }
}

/** The domain part someone is typing (URL, www., path) as the conflict check will read it. */
export function domainForCheck(input: string): string {
  let text = input.trim().toLowerCase();
  text = text.replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  text = text.replace(/^www\./, '');
  text = text.split(/[/?#]/)[0].split('@').pop() ?? '';
  return text.replace(/:\d+$/, '').replace(/\.$/, '');
}

/** Worth asking the server about: at least a name and a dot-separated suffix. */
export function checkableDomain(input: string): boolean {
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domainForCheck(input)) && domainForCheck(input).length >= 4;
}
