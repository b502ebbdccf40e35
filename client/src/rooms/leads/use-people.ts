import { useCallback } from 'react';
import { useWorkspace } from '../../app/session-context';
import { useAsync } from '../../app/use-async';

interface Contact {
  userId: string;
  name: string;
}

/** Names of the partnership's people (the contacts list), for "by whom" lines; unknown ids read "Someone", none "—". */
export function usePeople(companyId: string): (userId: string | null) => string {
  const { api, me } = useWorkspace();
  const people = useAsync(
    (signal) => api.get<Contact[]>(`/companies/${companyId}/contacts`, signal).catch(() => [] as Contact[]),
    [api, companyId],
  );
  const list = people.data;
  return useCallback(
    (userId: string | null) => {
      if (!userId) return '—';
      if (userId === me.user.id) return me.user.name;
      return list?.find((p) => p.userId === userId)?.name ?? 'Someone';
    },
    [list, me.user.id, me.user.name],
  );
}
