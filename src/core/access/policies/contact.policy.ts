import { ADMIN, PARTNER_USERS, Relation, VENDOR_STAFF } from '../relation';

export type ContactAction = 'read' | 'assign';

/** The contacts room: everyone on the partnership reads it; the admin assigns vendor staff to it. */
export const contactPolicy: Record<ContactAction, readonly Relation[]> = {
  read: [...VENDOR_STAFF, ...PARTNER_USERS],
  assign: ADMIN,
};
