import { ApiError } from '../../api/api-client';
import type { SharedFile } from './files-api';
import { Sha256 } from './sha256';

/** Above this size a file goes straight to object storage in parts (when the server runs on S3). */
export const DIRECT_UPLOAD_THRESHOLD = 64 * 1024 * 1024;
const HASH_CHUNK = 4 * 1024 * 1024;
const PARALLEL_PARTS = 3;

export interface HttpRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: Blob | FormData | string;
  onProgress?: (loaded: number) => void;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  header(name: string): string | null;
  text: string;
}

export type Send = (request: HttpRequest) => Promise<HttpResponse>;

export type UploadPhase = 'hashing' | 'uploading' | 'finishing';

export interface UploadDeps {
  send: Send;
  /** An access token good for a while (ApiClient.freshAccessToken). */
  token(): Promise<string | null>;
  /** Rotates a token the server refused; false when the session is over (ApiClient.refresh). */
  refresh?(stale: string): Promise<boolean>;
  base?: string;
}

export interface UploadTarget {
  folderId: string;
  comment?: string;
}

export type OnProgress = (progress: { phase: UploadPhase; loaded: number; total: number }) => void;

interface DirectUpload {
  id: string;
  partSize: number;
  parts: { partNumber: number; url: string }[];
  expiresAt?: string;
}

/** Part URLs are refreshed this long before they expire, and once after storage refuses one (403). */
const URL_MARGIN_MS = 60_000;

function abortError(): Error {
  return new DOMException('The upload was cancelled', 'AbortError');
}

function toError(response: HttpResponse): ApiError {
  let message = `Upload failed (${response.status})`;
  let details: { field: string; problem: string }[] = [];
  try {
    const body = JSON.parse(response.text) as { message?: unknown; details?: typeof details };
    if (typeof body.message === 'string') message = body.message;
    if (Array.isArray(body.details)) details = body.details;
  } catch {
    // Not JSON: the status says enough.
  }
  return new ApiError(response.status, message, details);
}

/** One authorised request to the API, retried once with a rotated token after a 401. */
async function apiSend(deps: UploadDeps, request: HttpRequest): Promise<HttpResponse> {
  const base = deps.base ?? '/api/v1';
  const attempt = async () => {
    const token = await deps.token();
    const headers: Record<string, string> = { Accept: 'application/json', ...request.headers };
    if (token) headers.Authorization = `Bearer ${token}`;
    return { token, response: await deps.send({ ...request, url: `${base}${request.url}`, headers }) };
  };
  const first = await attempt();
  if (first.response.status !== 401 || !first.token || !deps.refresh) return first.response;
  if (!(await deps.refresh(first.token))) return first.response;
  return (await attempt()).response;
}

async function json<T>(deps: UploadDeps, request: HttpRequest): Promise<T> {
  const response = await apiSend(deps, request);
  if (response.status < 200 || response.status >= 300) throw toError(response);
  return (response.text ? JSON.parse(response.text) : undefined) as T;
}

/** Streams the file through the server (multipart, `folderId` before the file part). */
export async function uploadThroughServer(
  file: File,
  target: UploadTarget,
  deps: UploadDeps,
  onProgress: OnProgress,
  signal?: AbortSignal,
): Promise<SharedFile> {
  const form = new FormData();
  form.append('folderId', target.folderId);
  if (target.comment) form.append('comment', target.comment);
  form.append('file', file, file.name);
  onProgress({ phase: 'uploading', loaded: 0, total: file.size });
  const created = await json<SharedFile>(deps, {
    method: 'POST',
    url: '/files',
    body: form,
    signal,
    // The multipart body is a little larger than the file; the bar counts the file's bytes.
    onProgress: (loaded) =>
      onProgress({ phase: 'uploading', loaded: Math.min(loaded, file.size), total: file.size }),
  });
  onProgress({ phase: 'finishing', loaded: file.size, total: file.size });
  return created;
}

export async function hashFile(
  file: Blob,
  onProgress?: (loaded: number) => void,
  signal?: AbortSignal,
): Promise<string> {
  const hash = new Sha256();
  for (let offset = 0; offset < file.size; offset += HASH_CHUNK) {
    if (signal?.aborted) throw abortError();
    const chunk = new Uint8Array(await file.slice(offset, offset + HASH_CHUNK).arrayBuffer());
    hash.update(chunk);
    onProgress?.(Math.min(offset + HASH_CHUNK, file.size));
  }
  return hash.digest();
}

/**
 * Direct-to-storage multipart: hash, ask for presigned part URLs, PUT the parts (a few at a time), then
 * let the server verify and add the version. Resolves null when the server has no S3 storage (409), so
 * the caller streams through the server instead.
 */
export async function uploadDirect(
  file: File,
  target: UploadTarget,
  deps: UploadDeps,
  onProgress: OnProgress,
  signal?: AbortSignal,
): Promise<SharedFile | null> {
  onProgress({ phase: 'hashing', loaded: 0, total: file.size });
  const sha256 = await hashFile(
    file,
    (loaded) => onProgress({ phase: 'hashing', loaded, total: file.size }),
    signal,
  );
  const start = await apiSend(deps, {
    method: 'POST',
    url: '/files/uploads',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      folderId: target.folderId,
      name: file.name,
      size: file.size,
      sha256,
      ...(target.comment ? { comment: target.comment } : {}),
    }),
    signal,
  });
  if (start.status === 409) return null;
  if (start.status < 200 || start.status >= 300) throw toError(start);
  const upload = JSON.parse(start.text) as DirectUpload;
  try {
    const loaded = new Map<number, number>();
    const report = () => {
      let sum = 0;
      for (const value of loaded.values()) sum += value;
      onProgress({ phase: 'uploading', loaded: Math.min(sum, file.size), total: file.size });
    };
    report();
    const etags = new Map<number, string>();
    const urls = new Map(upload.parts.map((p) => [p.partNumber, p.url]));
    let expiresAt = upload.expiresAt ? Date.parse(upload.expiresAt) : Infinity;
    let refreshing: Promise<void> | null = null;
    // Long uploads outlive their part URLs (15 min): ask for fresh ones for the parts not sent yet.
    const refreshUrls = () => {
      refreshing ??= json<DirectUpload>(deps, {
        method: 'POST',
        url: `/files/uploads/${upload.id}/parts`,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          partNumbers: upload.parts.map((p) => p.partNumber).filter((n) => !etags.has(n)),
        }),
        signal,
      })
        .then((fresh) => {
          for (const part of fresh.parts) urls.set(part.partNumber, part.url);
          expiresAt = fresh.expiresAt ? Date.parse(fresh.expiresAt) : Infinity;
        })
        .finally(() => {
          refreshing = null;
        });
      return refreshing;
    };
    const queue = [...upload.parts];
    const sendPart = async (number: number, body: Blob) => {
      if (Date.now() > expiresAt - URL_MARGIN_MS) await refreshUrls();
      const put = () =>
        deps.send({
          method: 'PUT',
          url: urls.get(number)!,
          body,
          signal,
          onProgress: (bytes) => {
            loaded.set(number, bytes);
            report();
          },
        });
      let response = await put();
      if (response.status === 403) {
        await refreshUrls();
        response = await put();
      }
      return response;
    };
    const worker = async () => {
      for (let part = queue.shift(); part; part = queue.shift()) {
        if (signal?.aborted) throw abortError();
        const from = (part.partNumber - 1) * upload.partSize;
        const body = file.slice(from, Math.min(from + upload.partSize, file.size));
        const number = part.partNumber;
        const response = await sendPart(number, body);
        if (response.status < 200 || response.status >= 300)
          throw new ApiError(response.status, `Storage refused part ${number} (${response.status})`);
        const etag = response.header('ETag');
        if (!etag) throw new ApiError(0, 'Storage did not expose the ETag of a part (check its CORS rules)');
        etags.set(number, etag);
        loaded.set(number, body.size);
        report();
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_PARTS, upload.parts.length) }, worker));
    onProgress({ phase: 'finishing', loaded: file.size, total: file.size });
    return await json<SharedFile>(deps, {
      method: 'POST',
      url: `/files/uploads/${upload.id}/complete`,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        parts: [...etags.entries()]
          .sort((a, b) => a[0] - b[0])
          .map(([partNumber, etag]) => ({ partNumber, etag })),
      }),
    });
  } catch (error) {
    await apiSend(deps, { method: 'DELETE', url: `/files/uploads/${upload.id}` }).catch(() => undefined);
    throw error;
  }
}

/** The upload the size calls for: direct to storage above the threshold when the server allows it. */
export async function uploadFile(
  file: File,
  target: UploadTarget,
  deps: UploadDeps,
  onProgress: OnProgress,
  signal?: AbortSignal,
): Promise<SharedFile> {
  if (file.size > DIRECT_UPLOAD_THRESHOLD) {
    const direct = await uploadDirect(file, target, deps, onProgress, signal);
    if (direct) return direct;
  }
  return uploadThroughServer(file, target, deps, onProgress, signal);
}
