/** Shapes of the public contract the client reads (CONTRACT.md); fields beyond these are ignored. */

export type Role =
  'admin' | 'channel_manager' | 'vendor_member' | 'partner_executive' | 'partner_manager' | 'partner_member';

export const PARTNER_ROLES: readonly Role[] = ['partner_executive', 'partner_manager', 'partner_member'];

export type RoomKind =
  | 'overview'
  | 'plans'
  | 'leads'
  | 'deals'
  | 'projects'
  | 'messages'
  | 'files'
  | 'contacts'
  | 'resources'
  | 'brand'
  | 'custom';

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  companyId: string | null;
}

export interface Room {
  id: string;
  companyId: string;
  kind: RoomKind;
  name: string;
  enabled: boolean;
  position: number;
}

export interface CompanyRef {
  id: string;
  name: string;
  ownerId?: string | null;
}

export interface Me {
  user: User;
  workspace: { id: string; name: string };
  company: CompanyRef | null;
  role: Role;
  rooms: Room[];
}

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn?: number;
}

export interface LoginResponse extends Tokens {
  user: User;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type PlanStatus = 'draft_outline' | 'draft' | 'scheduled' | 'active' | 'completed' | 'archived';

export interface PlanRow {
  id: string;
  companyId: string;
  companyName: string;
  name: string;
  fiscalYear: number;
  status: PlanStatus;
  overallCompletion: number;
  ownerId: string | null;
  updatedAt: string;
}

export interface GoalItem {
  id: string;
  text: string;
  position: number;
  completedAt: string | null;
}

export interface GoalEntry {
  id: string;
  value: string;
  note: string;
  period: string | null;
  createdAt: string;
}

export interface Goal {
  id: string;
  sectionId: string;
  type: 'checklist' | 'learning_track' | 'revenue' | 'kpi' | 'manual' | string;
  title: string;
  description: string;
  weight: number;
  target: string | null;
  progress: number;
  settings: Record<string, unknown>;
  items?: GoalItem[];
  entries?: GoalEntry[];
}

export interface Section {
  id: string;
  kind: string;
  title: string;
  position: number;
  completion: number;
  fragment: string;
  goals: Goal[];
}

export interface Plan {
  id: string;
  companyId: string;
  companyName: string;
  name: string;
  description: string;
  fiscalYear: number;
  startDate: string;
  endDate: string;
  status: PlanStatus;
  ownerId: string | null;
  overallCompletion: number;
  document: string;
  sections: Section[];
}

export interface PresenceUser {
  userId: string;
  name: string;
  state: 'active' | 'away';
  viewing: { type: string; id: string } | null;
}

export interface ActivityEvent {
  id: string;
  roomId: string;
  companyId: string | null;
  type: string;
  entity: string;
  entityId: string | null;
  summary?: string;
  by: string | null;
  at: string;
}
