import { PARTNER_ROLES, type PlanStatus, type Role } from '../api/types';
import type { ManagedPlanRow, WorkspaceUser } from './admin-types';

export type AdminSection = 'companies' | 'groups' | 'users' | 'rooms' | 'templates' | 'plans';

export const ADMIN_SECTION_LABELS: Record<AdminSection, string> = {
  companies: 'Partner companies',
  groups: 'Partner groups',
  users: 'Users and invitations',
  rooms: 'Rooms',
  templates: 'Plan templates',
  plans: 'Manage plans',
};

/**
 * The admin pages a role sees, as the server's policy allows: admins everything; a channel manager the
 * companies list, the people of the companies they own, templates and the plans table. Others none.
 */
export function adminSections(role: Role): AdminSection[] {
  if (role === 'admin') return ['companies', 'groups', 'users', 'rooms', 'templates', 'plans'];
  if (role === 'channel_manager') return ['companies', 'users', 'templates', 'plans'];
  return [];
}

/** Company, group and room writes are the admin's alone (CompanyCreate/Update, PartnerGroupWrite, RoomManage). */
export function canManageCompanies(role: Role): boolean {
  return role === 'admin';
}

/** Roles the caller may invite: admins any, channel managers partner roles (for companies they own). */
export function invitableRoles(role: Role): Role[] {
  if (role === 'admin')
    return [
      'admin',
      'channel_manager',
      'vendor_member',
      'partner_executive',
      'partner_manager',
      'partner_member',
    ];
  if (role === 'channel_manager' || role === 'partner_executive') return [...PARTNER_ROLES];
  return [];
}

export function isPartnerRole(role: Role): boolean {
  return PARTNER_ROLES.includes(role);
}

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin',
  channel_manager: 'Channel manager',
  vendor_member: 'Vendor member',
  partner_executive: 'Partner executive',
  partner_manager: 'Partner manager',
  partner_member: 'Partner member',
};

/** Invited users are the pending invitations; disabling one revokes its link, inviting again resends it. */
export function pendingInvitations(users: WorkspaceUser[]): WorkspaceUser[] {
  return users.filter((user) => user.status === 'invited');
}

export type PlanColumn =
  | 'partner'
  | 'plan'
  | 'fiscalYear'
  | 'status'
  | 'overallCompletion'
  | 'sections'
  | 'author'
  | 'created'
  | 'updated'
  | 'revenueTarget'
  | 'revenueActual';

export interface PlanColumnDef {
  key: PlanColumn;
  label: string;
  /** The server's sort key for this column, when it can sort by it. */
  sort?: string;
}

export const PLAN_COLUMNS: readonly PlanColumnDef[] = [
  { key: 'partner', label: 'Partner', sort: 'company' },
  { key: 'plan', label: 'Plan', sort: 'name' },
  { key: 'fiscalYear', label: 'Fiscal year', sort: 'fiscalYear' },
  { key: 'status', label: 'Status' },
  { key: 'overallCompletion', label: 'Completion', sort: 'overallCompletion' },
  { key: 'sections', label: 'Sections' },
  { key: 'author', label: 'Author' },
  { key: 'created', label: 'Created', sort: 'createdAt' },
  { key: 'updated', label: 'Updated', sort: 'updatedAt' },
  { key: 'revenueTarget', label: 'Revenue target' },
  { key: 'revenueActual', label: 'Revenue actual' },
];

export const DEFAULT_PLAN_COLUMNS: PlanColumn[] = [
  'partner',
  'plan',
  'fiscalYear',
  'status',
  'overallCompletion',
  'updated',
];

export interface PlanFilters {
  q: string;
  fiscalYear: string;
  statuses: PlanStatus[];
  companyId: string;
  sort: string;
  columns: PlanColumn[];
}

/** The manage table's query string; the CSV export takes the same one plus the chosen columns. */
export function planQuery(filters: PlanFilters, forExport = false): string {
  const params = new URLSearchParams();
  if (filters.q.trim()) params.set('q', filters.q.trim());
  if (/^\d{4}$/.test(filters.fiscalYear)) params.set('fiscalYear', filters.fiscalYear);
  if (filters.statuses.length) params.set('status', filters.statuses.join(','));
  if (filters.companyId) params.set('companyId', filters.companyId);
  if (filters.sort) params.set('sort', filters.sort);
  if (forExport) {
    const ordered = PLAN_COLUMNS.map((c) => c.key).filter((key) => filters.columns.includes(key));
    if (ordered.length) params.set('columns', ordered.join(','));
  } else {
    params.set('limit', '50');
  }
  return params.toString();
}

/** Clicking a sortable header: ascending first, then descending, keeping other columns' sort aside. */
export function nextSort(current: string, key: string): string {
  if (current === key) return `-${key}`;
  return key;
}

export function sortState(current: string, key: string | undefined): 'ascending' | 'descending' | 'none' {
  if (!key) return 'none';
  if (current === key) return 'ascending';
  if (current === `-${key}`) return 'descending';
  return 'none';
}

/** A money string as the table shows it: grouped, with the currency. */
export function formatMoney(amount: string | null, currency: string): string {
  if (amount === null || amount === '') return '—';
  const value = Number(amount);
  if (!Number.isFinite(value)) return amount;
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency, maximumFractionDigits: 0 }).format(
      value,
    );
  } catch {
    return `${value.toFixed(0)} ${currency}`;
  }
}

/** One plan row's cell text for a column (the sections column reads the row's per-section completion). */
export function planCell(row: ManagedPlanRow, column: PlanColumn): string {
  switch (column) {
    case 'partner':
      return row.companyName;
    case 'plan':
      return row.name;
    case 'fiscalYear':
      return `FY ${row.fiscalYear}`;
    case 'status':
      return row.status;
    case 'overallCompletion':
      return `${Math.round(row.overallCompletion)}%`;
    case 'sections':
      return Object.entries(row.sectionCompletion ?? {})
        .map(([title, pct]) => `${title} ${Math.round(pct)}%`)
        .join(', ');
    case 'author':
      return row.authorName ?? '—';
    case 'created':
      return row.createdAt.slice(0, 10);
    case 'updated':
      return row.updatedAt.slice(0, 10);
    case 'revenueTarget':
      return formatMoney(row.revenueTarget, row.currency);
    case 'revenueActual':
      return formatMoney(row.revenueActual, row.currency);
  }
}
