import type { ApiClient } from '../../api/api-client';
import type { SharedFile } from './files-api';

/**
 * Fetches a version's bytes with the bearer token and hands them to the browser as a download (a plain
 * link cannot carry the token). The server records the download.
 */
export async function downloadFile(
  api: ApiClient,
  file: Pick<SharedFile, 'id' | 'name'>,
  version?: number,
): Promise<void> {
  const token = await api.freshAccessToken();
  const response = await fetch(`/api/v1/files/${file.id}/download${version ? `?version=${version}` : ''}`, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
  if (!response.ok) {
    let message = `Download failed (${response.status})`;
    try {
      const body = (await response.json()) as { message?: string };
      if (typeof body.message === 'string') message = body.message;
    } catch {
      // Not JSON: keep the status.
    }
    throw new Error(message);
  }
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.name;
  link.rel = 'noopener';
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
