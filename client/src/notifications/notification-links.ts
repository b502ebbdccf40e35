import type { RoomKind } from '../api/types';

/** What a notification's (or an emailed) link points at, read from its path. */
export interface LinkTarget {
  entity: 'plan' | 'lead' | 'deal' | 'project' | 'conversation' | 'announcement';
  id: string;
}

const ENTITIES: Record<string, LinkTarget['entity']> = {
  plans: 'plan',
  leads: 'lead',
  deals: 'deal',
  projects: 'project',
  conversations: 'conversation',
  announcements: 'announcement',
};

/** The room kind each entity lives in. */
export const ENTITY_ROOM: Record<LinkTarget['entity'], RoomKind> = {
  plan: 'plans',
  lead: 'leads',
  deal: 'deals',
  project: 'projects',
  conversation: 'messages',
  announcement: 'overview',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `/plans/<id>` or `https://host/plans/<id>?x=y` → the plan; anything else (or a foreign id shape) → null. */
export function parseLink(link: string | null | undefined): LinkTarget | null {
  if (!link) return null;
  let path = link;
  if (/^[a-z]+:\/\//i.test(link)) {
    try {
      path = new URL(link).pathname;
    } catch {
      return null;
    }
  }
  const parts = path.split('?')[0].split('/').filter(Boolean);
  if (parts.length !== 2) return null;
  const entity = ENTITIES[parts[0]];
  if (!entity || !UUID.test(parts[1])) return null;
  return { entity, id: parts[1] };
}

/** The client page for a target once its company is known. */
export function targetPath(target: LinkTarget, companyId: string): string {
  const room = `/c/${companyId}/${ENTITY_ROOM[target.entity]}`;
  switch (target.entity) {
    case 'plan':
      return `${room}/${target.id}`;
    case 'lead':
      return `${room}?lead=${target.id}`;
    case 'deal':
      return `${room}?deal=${target.id}`;
    case 'conversation':
      return `${room}?conversation=${target.id}`;
    default:
      return room;
  }
}

/** The API path that says which company an entity belongs to (announcements belong to none). */
export function entityApiPath(target: LinkTarget): string | null {
  switch (target.entity) {
    case 'plan':
      return `/plans/${target.id}`;
    case 'lead':
      return `/leads/${target.id}`;
    case 'deal':
      return `/deals/${target.id}`;
    case 'project':
      return `/projects/${target.id}`;
    case 'conversation':
      return `/conversations/${target.id}`;
    case 'announcement':
      return null;
  }
}

/** "3 min ago"-style age of a timestamp, for lists. */
export function timeAgo(iso: string, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days < 30) return `${days} d ago`;
  return new Date(iso).toISOString().slice(0, 10);
}
