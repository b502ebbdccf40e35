import type { ApiClient } from '../api/api-client';
import type { Me } from '../api/types';
import { entityApiPath, parseLink, targetPath } from './notification-links';

/**
 * The client page a notification link leads to. A partner's company is their own; for vendor staff the
 * entity says which company it belongs to (one GET, under the same access rule as everything else).
 */
export async function resolveLink(
  api: ApiClient,
  me: Me,
  link: string | null,
  fallbackCompanyId: string | null,
): Promise<string | null> {
  const target = parseLink(link);
  if (!target) return null;
  let companyId = me.company?.id ?? null;
  if (!companyId) {
    const path = entityApiPath(target);
    if (path) companyId = (await api.get<{ companyId?: string | null }>(path)).companyId ?? null;
    else companyId = fallbackCompanyId;
  }
  return companyId ? targetPath(target, companyId) : null;
}
