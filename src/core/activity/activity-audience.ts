import { seesCompanyWide } from '../access/policies/lead.policy';
import { Relation } from '../access/relation';

/**
 * The condition on an activity alias (entity properties, for the query builder) that keeps what a partner
 * user may read: `all` entries, and `owner` entries about their own leads and deals, or about everyone's
 * when their role sees the whole company's. Vendor-only entries never.
 */
export function partnerAudience(
  alias: string,
  relation: Relation,
  userId: string,
): [string, Record<string, unknown>] {
  if (seesCompanyWide(relation)) return [`${alias}.audience IN ('all', 'owner')`, {}];
  return [
    `(${alias}.audience = 'all' OR (${alias}.audience = 'owner' AND ${alias}.ownerId = :audienceUserId))`,
    { audienceUserId: userId },
  ];
}
