import { Injectable, OnModuleInit } from '@nestjs/common';
import { leadPolicy } from '../../core/access/policies/lead.policy';
import { PARTNER_ROLES, VENDOR_ROLES } from '../../core/access/roles';
import { EntityThreads, ViewerSql } from '../messages/entity-threads';

export const LEAD_THREAD = 'lead';

const list = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ');
const VENDOR_READERS = list(VENDOR_ROLES);
const PARTNER_READERS = list(PARTNER_ROLES.filter((role) => leadPolicy.read.includes(role)));

/**
 * LeadAccess in SQL: vendor staff read every lead; partner users their company's while its leads room is
 * enabled, a partner member only the leads they registered.
 */
export function leadReadable(leadId: string, viewer: ViewerSql): string {
  return `EXISTS (SELECT 1 FROM leads l WHERE l.id = ${leadId} AND (
      ${viewer.role} IN (${VENDOR_READERS})
      OR (l.company_id = ${viewer.companyId}
          AND ${viewer.role} IN (${PARTNER_READERS})
          AND EXISTS (SELECT 1 FROM rooms r WHERE r.company_id = l.company_id AND r.kind = 'leads' AND r.enabled)
          AND (${viewer.role} <> 'partner_member' OR l.registered_by_id = ${viewer.id}))))`;
}

/** A thread attached to a lead (through the messages room) is read by exactly the people who may read the lead. */
@Injectable()
export class LeadThreads implements OnModuleInit {
  constructor(private readonly threads: EntityThreads) {}

  onModuleInit(): void {
    this.threads.register(LEAD_THREAD, { readable: leadReadable });
  }
}
