import type { ApiClient } from '../api/api-client';
import { PARTNER_ROLES } from '../api/types';
import { apiPaths, parseShellPath } from '../shell/room-paths';

/**
 * Before React renders, asks for everything the opening page will need, in parallel, and starts loading
 * the lazy chunks it will show, instead of discovering them one render at a time.
 */
export function bootPrefetch(api: ApiClient, path: string): void {
  const session = api.store.current;
  if (!session) return;
  api.prefetch(apiPaths.me);
  const vendor = !PARTNER_ROLES.includes(session.user.role);
  if (vendor) api.prefetch(apiPaths.companies);
  const route = parseShellPath(path);
  if (!route?.companyId) return;
  if (vendor) api.prefetch(apiPaths.rooms(route.companyId));
  if (route.kind !== 'plans') return;
  if (route.planId) {
    api.prefetch(apiPaths.plan(route.planId));
    void import('../rooms/plans/plan-page').catch(() => undefined);
    void import('../rooms/plans/narrative/section-narrative').catch(() => undefined);
  } else {
    api.prefetch(apiPaths.plans(route.companyId));
  }
}
