import type { ApiClient } from '../api/api-client';
import { ApiError } from '../api/api-client';

/**
 * Downloads an authenticated file (CSV export, vCard): fetched with the bearer token, then handed to the
 * browser as a blob so it saves under the server's file name.
 */
export async function downloadFile(api: ApiClient, path: string, fallbackName: string): Promise<void> {
  const token = await api.freshAccessToken();
  if (!token) throw new ApiError(401, 'Not signed in');
  const response = await window.fetch(`/api/v1${path}`, { headers: { Authorization: `Bearer ${token}` } });
  if (!response.ok) throw new ApiError(response.status, `Download failed (${response.status})`);
  const disposition = response.headers.get('content-disposition') ?? '';
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
