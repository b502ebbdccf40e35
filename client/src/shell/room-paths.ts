import type { Room, RoomKind } from '../api/types';

/** Kinds with a page of their own at `/c/:companyId/:kind`; custom rooms live at `/c/:companyId/custom/:roomId`. */
export const ROOM_LABELS: Record<RoomKind, string> = {
  overview: 'Overview',
  plans: 'Plans',
  leads: 'Leads',
  deals: 'Deals',
  projects: 'Projects',
  messages: 'Messages',
  files: 'Files',
  contacts: 'Contacts',
  resources: 'Resources',
  brand: 'Brand',
  custom: 'Room',
};

export function roomPath(companyId: string, room: Pick<Room, 'id' | 'kind'>): string {
  return room.kind === 'custom' ? `/c/${companyId}/custom/${room.id}` : `/c/${companyId}/${room.kind}`;
}

export function planPath(companyId: string, planId: string, sectionId?: string): string {
  return `/c/${companyId}/plans/${planId}${sectionId ? `?section=${sectionId}` : ''}`;
}

export interface ShellRoute {
  companyId: string | null;
  kind: RoomKind | null;
  roomId: string | null;
  planId: string | null;
}

const KINDS = new Set(Object.keys(ROOM_LABELS));

/** Reads the shell's part of the path; unknown paths give all nulls except what could be read. */
export function parseShellPath(path: string): ShellRoute | null {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { companyId: null, kind: null, roomId: null, planId: null };
  if (parts[0] !== 'c' || parts.length < 2) return null;
  const companyId = parts[1];
  if (parts.length === 2) return { companyId, kind: null, roomId: null, planId: null };
  const kind = parts[2];
  if (!KINDS.has(kind)) return null;
  if (kind === 'custom') {
    return parts.length === 4 ? { companyId, kind: 'custom', roomId: parts[3], planId: null } : null;
  }
  if (parts.length === 3) return { companyId, kind: kind as RoomKind, roomId: null, planId: null };
  if (kind === 'plans' && parts.length === 4)
    return { companyId, kind: 'plans', roomId: null, planId: parts[3] };
  return null;
}

/** REST paths the shell and rooms read, in one place so boot-time prefetches match them exactly. */
export const apiPaths = {
  me: '/me',
  companies: '/companies?limit=200',
  rooms: (companyId: string) => `/companies/${companyId}/rooms`,
  plans: (companyId: string) => `/plans?companyId=${companyId}&limit=200&sort=-updatedAt`,
  plan: (planId: string) => `/plans/${planId}`,
};
