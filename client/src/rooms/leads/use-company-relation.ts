import { PARTNER_ROLES, type CompanyRef } from '../../api/types';
import { useWorkspace } from '../../app/session-context';
import { useAsync } from '../../app/use-async';
import { relationTo, type Relation } from './lead-rules';

/** The user's relation to the company (null while a channel manager's ownership is being read). */
export function useCompanyRelation(companyId: string): Relation | null {
  const { api, me } = useWorkspace();
  const needsOwner = me.role === 'channel_manager';
  const company = useAsync(
    (signal) => (needsOwner ? api.get<CompanyRef>(`/companies/${companyId}`, signal) : Promise.resolve(null)),
    [api, companyId, needsOwner],
  );
  if (PARTNER_ROLES.includes(me.role) || !needsOwner) return relationTo(me.user, null);
  if (company.error) return 'vendor';
  if (!company.data) return null;
  return relationTo(me.user, company.data.ownerId);
}
