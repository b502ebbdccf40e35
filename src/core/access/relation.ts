import { AuthUser } from '../auth/auth-user';
import { assertUnreachable } from '../http/assert-unreachable';

/**
 * How a caller stands to one partner company. Policies are written against relations, not raw roles,
 * because a channel manager's rights depend on whether they own the company.
 */
export type Relation =
  'admin' | 'owner' | 'vendor' | 'partner_executive' | 'partner_manager' | 'partner_member';

export const ADMIN: readonly Relation[] = ['admin'];
export const OWNER: readonly Relation[] = [...ADMIN, 'owner'];
export const VENDOR_STAFF: readonly Relation[] = [...OWNER, 'vendor'];
export const PARTNER_EXECUTIVE: readonly Relation[] = ['partner_executive'];
export const PARTNER_MANAGERS: readonly Relation[] = [...PARTNER_EXECUTIVE, 'partner_manager'];
export const PARTNER_USERS: readonly Relation[] = [...PARTNER_MANAGERS, 'partner_member'];

export function isPartnerRelation(relation: Relation): boolean {
  return PARTNER_USERS.includes(relation);
}

/** The relation of `auth` to a company that exists in their workspace, or null when they must not see it. */
export function relationTo(auth: AuthUser, company: { id: string; ownerId: string | null }): Relation | null {
  switch (auth.role) {
    case 'admin':
      return 'admin';
    case 'channel_manager':
      return company.ownerId === auth.id ? 'owner' : 'vendor';
    case 'vendor_member':
      return 'vendor';
    case 'partner_executive':
    case 'partner_manager':
    case 'partner_member':
      return auth.companyId === company.id ? auth.role : null;
    default:
      return assertUnreachable(auth.role);
  }
}
