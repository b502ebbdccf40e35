import type { DealStage, LeadStatus } from './lead-rules';

/** Shapes of the leads and deals rooms' part of the contract (CONTRACT.md, OpenAPI `leads` and `deals`). */

export interface Money {
  amount: string;
  currency: string;
}

export interface Lead {
  id: string;
  companyId: string;
  customerName: string;
  customerDomain: string;
  country: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  products: string[];
  estimatedValue: Money;
  notes: string;
  status: LeadStatus;
  statusReason: string | null;
  conflict: boolean;
  registeredById: string | null;
  submittedById: string;
  approvedAt: string | null;
  expiresAt: string | null;
  extension: { status: string; reason?: string; days?: number } | null;
  dealId: string | null;
  createdAt: string;
  updatedAt: string;
  conflicts?: Array<{
    leadId: string;
    companyName: string;
    customerName: string;
    customerDomain: string;
    status: LeadStatus;
    reasons: string[];
  }>;
}

export interface Deal {
  id: string;
  companyId: string;
  name: string;
  customerName: string;
  customerDomain: string;
  products: string[];
  value: Money;
  stage: DealStage;
  probability: number;
  expectedCloseDate: string | null;
  qualified: boolean;
  registeredById: string | null;
  sourceLeadId: string | null;
  commissionRate: string;
  expectedCommission: Money | null;
  earnedCommission: Money | null;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
  stageHistory?: Array<{ from: DealStage | null; to: DealStage; byId: string; at: string }>;
  notes?: Array<{ id: string; authorId: string; body: string; createdAt: string }>;
}

export interface Pipeline {
  currency: string;
  stages: Array<{ stage: DealStage; count: number; value: Money }>;
  openValue: Money;
}

export interface Commission {
  id: string;
  companyId: string;
  dealId: string;
  dealValue: Money;
  rate: string;
  amount: Money;
  status: 'pending' | 'approved' | 'paid' | 'declined';
  reason: string | null;
  approvedAt: string | null;
  paidAt: string | null;
  createdAt: string;
}

export interface CommissionPage {
  items: Commission[];
  nextCursor: string | null;
  totals: Array<{
    currency: string;
    expected: string;
    pending: string;
    approved: string;
    paid: string;
    declined: string;
  }>;
}
