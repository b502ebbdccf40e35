import { PARTNER_ROLES, type Role, type RoomKind } from '../../api/types';

/** The server's file policy by room kind: shared files are written by both sides, resources and brand by the vendor. */
export function canWriteFiles(role: Role, kind: RoomKind): boolean {
  if (kind === 'files' || kind === 'custom') return true;
  return !PARTNER_ROLES.includes(role);
}

/** Download history is for vendor staff. */
export function canSeeDownloads(role: Role): boolean {
  return !PARTNER_ROLES.includes(role);
}

/** Learning tracks are authored (and unpublished ones seen) by vendor staff. */
export function canAuthorTracks(role: Role): boolean {
  return !PARTNER_ROLES.includes(role);
}
