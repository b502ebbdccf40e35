import type { ApiClient } from '../../api/api-client';
import type { Page } from '../../api/types';

/** Shapes of the file rooms' routes (files, resources, brand): see CONTRACT "Other rooms" and /api/docs. */
export interface Folder {
  id: string;
  companyId: string;
  roomId: string;
  parentId: string | null;
  name: string;
  createdAt: string;
  updatedAt: string;
}

export interface FileVersion {
  id: string;
  number: number;
  size: number;
  contentType: string;
  sha256: string;
  uploaderId: string | null;
  comment: string;
  restoredFrom: number | null;
  createdAt: string;
}

export type ResourceCategory = 'training' | 'marketing' | 'sales_tools' | 'technical_docs' | 'announcements';
export const RESOURCE_CATEGORIES: readonly ResourceCategory[] = [
  'training',
  'marketing',
  'sales_tools',
  'technical_docs',
  'announcements',
];

export interface SharedFile {
  id: string;
  companyId: string;
  roomId: string;
  folderId: string;
  name: string;
  kind: 'file' | 'doc';
  category: ResourceCategory | null;
  tags: string[];
  currentVersion: FileVersion | null;
  createdById: string | null;
  createdAt: string;
  updatedAt: string;
}

export type FolderEntry = { type: 'folder'; folder: Folder } | { type: 'file'; file: SharedFile };

export interface DownloadRecord {
  id: string;
  userId: string;
  versionId: string;
  versionNumber: number;
  at: string;
}

export interface FileComment {
  id: string;
  fileId: string;
  authorId: string | null;
  body: string;
  mentions: string[];
  createdAt: string;
}

export interface Person {
  userId: string;
  name: string;
  side: 'vendor' | 'partner';
}

/** Every page of a cursor list (folders of a room, a folder's entries): rooms hold hundreds at most. */
export async function allPages<T>(
  api: ApiClient,
  path: string,
  signal?: AbortSignal,
  maxPages = 20,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < maxPages; i++) {
    const sep = path.includes('?') ? '&' : '?';
    const page: Page<T> = await api.get<Page<T>>(
      `${path}${sep}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      signal,
    );
    items.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return items;
}

export const filesApi = {
  folders: (api: ApiClient, roomId: string, signal?: AbortSignal) =>
    allPages<Folder>(api, `/folders?roomId=${roomId}`, signal),
  children: (api: ApiClient, folderId: string, signal?: AbortSignal) =>
    allPages<FolderEntry>(api, `/folders/${folderId}/children`, signal),
  createFolder: (api: ApiClient, parentId: string, name: string) =>
    api.post<Folder>('/folders', { parentId, name }),
  updateFolder: (api: ApiClient, id: string, body: { name?: string; parentId?: string }) =>
    api.patch<Folder>(`/folders/${id}`, body),
  deleteFolder: (api: ApiClient, id: string) => api.request<void>('DELETE', `/folders/${id}?recursive=true`),
  file: (api: ApiClient, id: string, signal?: AbortSignal) => api.get<SharedFile>(`/files/${id}`, signal),
  updateFile: (
    api: ApiClient,
    id: string,
    body: { name?: string; folderId?: string; category?: ResourceCategory | null; tags?: string[] },
  ) => api.patch<SharedFile>(`/files/${id}`, body),
  deleteFile: (api: ApiClient, id: string) => api.request<void>('DELETE', `/files/${id}`),
  versions: (api: ApiClient, id: string, signal?: AbortSignal) =>
    api.get<Page<FileVersion>>(`/files/${id}/versions?limit=200`, signal),
  restore: (api: ApiClient, id: string, versionId: string) =>
    api.post<SharedFile>(`/files/${id}/versions/${versionId}/restore`, {}),
  downloads: (api: ApiClient, id: string, signal?: AbortSignal) =>
    api.get<Page<DownloadRecord>>(`/files/${id}/downloads?limit=100`, signal),
  // The file thread: the server's route for it today; it may move to the messages room's entity threads.
  comments: (api: ApiClient, id: string, signal?: AbortSignal) =>
    allPages<FileComment>(api, `/files/${id}/comments`, signal),
  comment: (api: ApiClient, id: string, body: string) =>
    api.post<FileComment>(`/files/${id}/comments`, { body }),
  people: async (api: ApiClient, companyId: string, signal?: AbortSignal): Promise<Person[]> =>
    api.get<Person[]>(`/companies/${companyId}/contacts`, signal).catch(() => []),
};

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** The folders from the root down to `id` (the flat list of a room follows parentId). */
export function folderPath(folders: Folder[], id: string | null): Folder[] {
  const byId = new Map(folders.map((f) => [f.id, f]));
  const path: Folder[] = [];
  const seen = new Set<string>();
  for (
    let at = id ? byId.get(id) : undefined;
    at && !seen.has(at.id);
    at = at.parentId ? byId.get(at.parentId) : undefined
  ) {
    seen.add(at.id);
    path.unshift(at);
  }
  return path;
}

/** "Reports / 2026" for a nested folder, "All files" for the room's root. */
export function folderLabel(folders: Folder[], id: string): string {
  const names = folderPath(folders, id)
    .slice(1)
    .map((f) => f.name);
  return names.length ? names.join(' / ') : 'All files';
}

export interface FolderNode {
  folder: Folder;
  children: FolderNode[];
}

/** The room's tree from its flat folder list, children by name; null when the root is missing. */
export function folderTree(folders: Folder[]): FolderNode | null {
  const root = folders.find((f) => f.parentId === null);
  if (!root) return null;
  const byParent = new Map<string, Folder[]>();
  for (const f of folders) {
    if (!f.parentId) continue;
    const list = byParent.get(f.parentId) ?? [];
    list.push(f);
    byParent.set(f.parentId, list);
  }
  const build = (folder: Folder, depth: number): FolderNode => ({
    folder,
    children:
      depth > 50
        ? []
        : (byParent.get(folder.id) ?? [])
            .sort((a, b) => a.name.localeCompare(b.name))
            .map((child) => build(child, depth + 1)),
  });
  return build(root, 0);
}

/** Folders `id` may move under: any folder of the room except itself and its descendants. */
export function moveTargets(folders: Folder[], id: string): Folder[] {
  const blocked = new Set<string>([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const f of folders) {
      if (f.parentId && blocked.has(f.parentId) && !blocked.has(f.id)) {
        blocked.add(f.id);
        grew = true;
      }
    }
  }
  return folders.filter((f) => !blocked.has(f.id));
}
