import { PARTNER_MANAGERS, PARTNER_USERS, Relation, VENDOR_STAFF } from '../relation';
import { RoomKind } from '../roles';

const EVERYONE: readonly Relation[] = [...VENDOR_STAFF, ...PARTNER_USERS];

/** Who may enter a room of each kind. Only partner executives and managers enter the plans room. */
export const roomEntryPolicy: Record<RoomKind, readonly Relation[]> = {
  overview: EVERYONE,
  plans: [...VENDOR_STAFF, ...PARTNER_MANAGERS],
  leads: EVERYONE,
  deals: EVERYONE,
  projects: EVERYONE,
  messages: EVERYONE,
  files: EVERYONE,
  contacts: EVERYONE,
  resources: EVERYONE,
  brand: EVERYONE,
  custom: EVERYONE,
};
