import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import type { RequestOptions } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { World } from '../support/factories';

const S3rver = require('s3rver');

export const MiB = 1024 * 1024;
export const PNG_HEAD = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
export const PDF_HEAD = Buffer.from('%PDF-1.7\n');

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A valid PNG-signed file of `size` bytes (≥ 8) with random content. */
export function pngOf(size: number): Buffer {
  return Buffer.concat([PNG_HEAD, randomBytes(Math.max(0, size - PNG_HEAD.length))]).subarray(0, size);
}

export interface S3Server {
  env: Record<string, string>;
  dir: string;
  close(): Promise<void>;
}

export async function startS3(bucket: string): Promise<S3Server> {
  const dir = mkdtempSync(join(tmpdir(), 'pws-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir });
  const { port } = (await server.run()) as { port: number };
  return {
    dir,
    env: {
      S3_ENDPOINT: `http://127.0.0.1:${port}`,
      S3_ACCESS_KEY: 'S3RVER',
      S3_SECRET_KEY: 'S3RVER',
      S3_BUCKET: bucket,
    },
    close: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every stored file under a directory (objects of the local driver, or s3rver's bucket). */
export function filesUnder(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && !e.parentPath.includes('_uploads'))
      .map((e) => join(e.parentPath, e.name));
  } catch {
    return [];
  }
}

/** A multipart/form-data body with a fixed boundary, fields first, so retries are byte-identical. */
export function multipart(
  fields: Record<string, string>,
  file: { name: string; data: Buffer } | null,
  boundary = 'pws-test-boundary-7d1f',
): { body: Buffer; contentType: string } {
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename*=UTF-8''${encodeURIComponent(file.name)}\r\n` +
          `Content-Type: application/octet-stream\r\n\r\n`,
      ),
      file.data,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

export interface Uploaded {
  status: number;
  body: any;
}

export async function upload(
  baseUrl: string,
  token: string,
  folderId: string | undefined,
  name: string,
  data: Buffer,
  extra: Record<string, string> = {},
  headers: Record<string, string> = {},
): Promise<Uploaded> {
  const form = multipart({ ...(folderId ? { folderId } : {}), ...extra }, { name, data });
  const response = await fetch(`${baseUrl}/api/v1/files`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': form.contentType, ...headers },
    body: form.body,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

export async function download(
  baseUrl: string,
  token: string,
  fileId: string,
  query = '',
  headers: Record<string, string> = {},
): Promise<{ status: number; data: Buffer; headers: Headers; redirectedTo: string | null }> {
  const first = await fetch(`${baseUrl}/api/v1/files/${fileId}/download${query}`, {
    headers: { authorization: `Bearer ${token}`, ...headers },
    redirect: 'manual',
  });
  if (first.status === 302) {
    const location = first.headers.get('location')!;
    const second = await fetch(location, { headers });
    return {
      status: second.status,
      data: Buffer.from(await second.arrayBuffer()),
      headers: second.headers,
      redirectedTo: location,
    };
  }
  return {
    status: first.status,
    data: Buffer.from(await first.arrayBuffer()),
    headers: first.headers,
    redirectedTo: null,
  };
}

/** Root folder ids of company A's file rooms, by kind. */
export async function roots(world: World, companyId: string, token = world.admin.token) {
  const res = await world.api.get(`/companies/${companyId}/rooms`, token);
  if (res.status !== 200) throw new Error(`rooms: ${res.status}`);
  const byKind: Record<string, string> = {};
  for (const room of res.body as Array<{ kind: string; rootFolderId: string | null; id: string }>) {
    if (room.rootFolderId) byKind[room.kind] = room.rootFolderId;
  }
  return byKind;
}

/**
 * The framing of a streamed multipart upload to POST /files of one PNG `size` bytes long under `folderId`:
 * write `head`, then exactly `size` bytes of file, then `tail`, on an http.request made with `options`.
 */
export function streamedUpload(
  baseUrl: string,
  token: string,
  folderId: string,
  name: string,
  size: number,
  tag: string,
): { head: Buffer; tail: Buffer; options: RequestOptions } {
  const boundary = `${tag}-${randomBytes(6).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="folderId"\r\n\r\n${folderId}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
      'Content-Type: image/png\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const url = new URL(`${baseUrl}/api/v1/files`);
  const options: RequestOptions = {
    host: url.hostname,
    port: url.port,
    path: url.pathname,
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'content-length': head.length + size + tail.length,
    },
  };
  return { head, tail, options };
}
