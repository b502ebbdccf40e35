import { ApiError, type ApiClient } from '../../api/api-client';
import type { Attachment } from './messages-types';

interface RoomWithFolder {
  id: string;
  kind: string;
  enabled: boolean;
  rootFolderId: string | null;
}

interface UploadedFile {
  id: string;
  name: string;
  currentVersion: { id: string; size: number; contentType: string } | null;
}

/** The company's shared-files folder attachments go to: the files room's root. */
export async function attachmentFolder(api: ApiClient, companyId: string): Promise<string> {
  const rooms = await api.get<RoomWithFolder[]>(`/companies/${companyId}/rooms`);
  const files = rooms.find((room) => room.kind === 'files' && room.enabled && room.rootFolderId);
  if (!files?.rootFolderId)
    throw new ApiError(404, 'This company has no shared files room to attach files to');
  return files.rootFolderId;
}

async function authorized(api: ApiClient, send: (token: string) => Promise<Response>): Promise<Response> {
  const token = await api.freshAccessToken();
  if (!token) throw new ApiError(401, 'Not signed in');
  let response = await send(token);
  if (response.status === 401 && (await api.refresh(token))) {
    response = await send(api.store.current?.accessToken ?? token);
  }
  return response;
}

async function failure(response: Response): Promise<ApiError> {
  let message = `Request failed (${response.status})`;
  try {
    const body = (await response.json()) as { message?: unknown };
    if (typeof body.message === 'string') message = body.message;
  } catch {
    // Not JSON: the status says enough.
  }
  return new ApiError(response.status, message);
}

/** Uploads one file through the files API (multipart, folder first) and returns it as an attachment. */
export async function uploadAttachment(api: ApiClient, folderId: string, file: File): Promise<Attachment> {
  const response = await authorized(api, (token) => {
    const form = new FormData();
    form.append('folderId', folderId);
    form.append('file', file, file.name);
    return fetch('/api/v1/files', {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
      body: form,
    });
  });
  if (!response.ok) throw await failure(response);
  const uploaded = (await response.json()) as UploadedFile;
  const version = uploaded.currentVersion;
  return {
    id: uploaded.id,
    versionId: version?.id ?? '',
    name: uploaded.name,
    size: version?.size ?? file.size,
    contentType: version?.contentType ?? file.type,
  };
}

/**
 * Downloads the file with the bearer token and hands it to the browser. The download route takes a
 * version number, which an attachment does not carry, so this is the file's current version.
 */
export async function downloadAttachment(api: ApiClient, attachment: Attachment): Promise<void> {
  const response = await authorized(api, (token) =>
    fetch(`/api/v1/files/${attachment.id}/download`, {
      headers: { Authorization: `Bearer ${token}` },
    }),
  );
  if (!response.ok) throw await failure(response);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = attachment.name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
