import { PARTNER_USERS, Relation, VENDOR_STAFF } from '../relation';
import { RoomKind } from '../roles';

/** Rooms that hold a folder tree of shared files. */
export const FILE_ROOM_KINDS = ['files', 'resources', 'brand', 'custom'] as const;
export type FileRoomKind = (typeof FILE_ROOM_KINDS)[number];

export function isFileRoom(kind: RoomKind): kind is FileRoomKind {
  return (FILE_ROOM_KINDS as readonly string[]).includes(kind);
}

/**
 * read: list, download, comment. write: upload, version, restore, folders, delete.
 * downloads: see who downloaded what. tracks: author learning tracks in the resources room.
 */
export type FileAction = 'read' | 'write' | 'downloads' | 'tracks';

const EVERYONE: readonly Relation[] = [...VENDOR_STAFF, ...PARTNER_USERS];

/** Shared files: both sides write. Resources and brand: the vendor publishes, partners read. */
export const filePolicy: Record<FileRoomKind, Record<FileAction, readonly Relation[]>> = {
  files: { read: EVERYONE, write: EVERYONE, downloads: VENDOR_STAFF, tracks: [] },
  custom: { read: EVERYONE, write: EVERYONE, downloads: VENDOR_STAFF, tracks: [] },
  resources: { read: EVERYONE, write: VENDOR_STAFF, downloads: VENDOR_STAFF, tracks: VENDOR_STAFF },
  brand: { read: EVERYONE, write: VENDOR_STAFF, downloads: VENDOR_STAFF, tracks: [] },
};
