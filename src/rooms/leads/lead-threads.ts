import { Injectable, OnModuleInit } from '@nestjs/common';
import { leadPolicy } from '../../core/access/policies/lead.policy';
import { EntityThreads, policyRoles, roomOpen, ViewerSql } from '../messages/entity-threads';

export const LEAD_THREAD = 'lead';

const READERS = policyRoles(leadPolicy.read);

/**
 * LeadAccess in SQL: vendor staff read every lead; partner users their company's while its leads room is
 * enabled, a partner member only the leads they registered.
 */
export function leadReadable(leadId: string, viewer: ViewerSql): string {
  return `EXISTS (SELECT 1 FROM leads l WHERE l.id = ${leadId} AND (
      ${viewer.role} IN (${READERS.vendor})
      OR (l.company_id = ${viewer.companyId}
          AND ${viewer.role} IN (${READERS.partner})
          AND ${roomOpen('l.company_id', 'leads')}
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
