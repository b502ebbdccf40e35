import type { PlanStatus, Role, RoomKind } from '../api/types';

/** Shapes of the vendor admin routes (CONTRACT.md, "Identity and tenancy" and the plans manage table). */

export interface RoomSummary {
  id: string;
  kind: RoomKind;
  name: string;
  enabled: boolean;
}

export interface Company {
  id: string;
  name: string;
  ownerId: string | null;
  groupIds: string[];
  commissionRate: string | null;
  currency: string;
  rooms: RoomSummary[];
}

export interface PartnerGroup {
  id: string;
  name: string;
  description: string;
  companyIds: string[];
}

export type UserStatus = 'active' | 'invited' | 'disabled';

export interface WorkspaceUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  companyId: string | null;
  status: UserStatus;
  title: string;
  createdAt: string;
}

export interface Invitation {
  id: string;
  email: string;
  role: Role;
  companyId: string | null;
  expiresAt: string;
  acceptUrl: string;
}

export interface PlanTemplate {
  id: string;
  name: string;
  description: string;
  groupIds: string[];
  sections: Array<{ title: string; goals?: unknown[] }>;
  createdAt: string;
}

export interface ApplyResult {
  results: Array<{ companyId: string; planId: string | null; error: string | null }>;
}

export interface ManagedPlanRow {
  id: string;
  companyId: string;
  companyName: string;
  name: string;
  fiscalYear: number;
  status: PlanStatus;
  overallCompletion: number;
  sectionCompletion: Record<string, number>;
  authorName: string | null;
  ownerId: string | null;
  revenueTarget: string | null;
  revenueActual: string | null;
  currency: string;
  createdAt: string;
  updatedAt: string;
}
