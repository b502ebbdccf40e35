import { createHash } from 'node:crypto';
import type { Folder } from '../../client/src/rooms/files/files-api';
import { folderLabel, folderPath, folderTree, moveTargets } from '../../client/src/rooms/files/files-api';
import { Sha256 } from '../../client/src/rooms/files/sha256';
import {
  uploadDirect,
  uploadFile,
  type HttpRequest,
  type HttpResponse,
  type UploadDeps,
} from '../../client/src/rooms/files/upload';
import { trackProgress } from '../../client/src/rooms/resources/tracks';

function bytes(length: number, seed = 7): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

const nodeSha = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

function response(status: number, body?: unknown, headers: Record<string, string> = {}): HttpResponse {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    status,
    header: (name) => lower[name.toLowerCase()] ?? null,
    text: body === undefined ? '' : JSON.stringify(body),
  };
}

describe('client SHA-256', () => {
  it.each([0, 1, 55, 56, 63, 64, 65, 119, 120, 1000, 4096 + 13])('matches node for %i bytes', (size) => {
    const data = bytes(size, size + 1);
    expect(new Sha256().update(data).digest()).toBe(nodeSha(data));
  });

  it('gives the same digest however the input is split into updates', () => {
    const data = bytes(10_000);
    const hash = new Sha256();
    let offset = 0;
    for (const step of [1, 63, 64, 65, 3, 1000, 127, 8000]) {
      hash.update(data.subarray(offset, Math.min(offset + step, data.length)));
      offset = Math.min(offset + step, data.length);
    }
    hash.update(data.subarray(offset));
    expect(hash.digest()).toBe(nodeSha(data));
  });

  it('refuses to be used after digest()', () => {
    const hash = new Sha256();
    hash.digest();
    expect(() => hash.update(new Uint8Array(1))).toThrow();
  });
});

describe('client uploads', () => {
  function fakeDeps(handler: (request: HttpRequest) => HttpResponse | Promise<HttpResponse>) {
    const calls: HttpRequest[] = [];
    const deps: UploadDeps = {
      token: async () => 'token-1',
      send: async (request) => {
        calls.push(request);
        return handler(request);
      },
    };
    return { deps, calls };
  }

  it('streams a small file through POST /files with folderId before the file, reporting progress', async () => {
    const data = bytes(300);
    const file = new File([data], 'notes.txt');
    const { deps, calls } = fakeDeps(async (request) => {
      request.onProgress?.(150);
      request.onProgress?.(400);
      return response(201, { id: 'f1', name: 'notes.txt' });
    });
    const seen: number[] = [];
    const created = await uploadFile(file, { folderId: 'folder-1' }, deps, (p) => seen.push(p.loaded));
    expect(created).toEqual({ id: 'f1', name: 'notes.txt' });
    expect(calls).toHaveLength(1);
    expect(calls[0].method).toBe('POST');
    expect(calls[0].url).toBe('/api/v1/files');
    expect(calls[0].headers?.Authorization).toBe('Bearer token-1');
    const form = calls[0].body as FormData;
    expect([...form.keys()]).toEqual(['folderId', 'file']);
    expect(form.get('folderId')).toBe('folder-1');
    // Progress never passes the file's size, though the multipart body is larger.
    expect(seen).toContain(150);
    expect(Math.max(...seen)).toBe(300);
  });

  it('turns an error answer into the contract message', async () => {
    const { deps } = fakeDeps(() => response(415, { statusCode: 415, message: 'not an allowed type' }));
    await expect(
      uploadFile(new File([bytes(10)], 'x.exe'), { folderId: 'f' }, deps, () => undefined),
    ).rejects.toMatchObject({ status: 415, message: 'not an allowed type' });
  });

  it('retries once with a rotated token after a 401', async () => {
    let token = 'old';
    const refreshed: string[] = [];
    const calls: HttpRequest[] = [];
    const deps: UploadDeps = {
      token: async () => token,
      refresh: async (stale) => {
        refreshed.push(stale);
        token = 'new';
        return true;
      },
      send: async (request) => {
        calls.push(request);
        return request.headers?.Authorization === 'Bearer new'
          ? response(201, { id: 'ok' })
          : response(401, {});
      },
    };
    await expect(
      uploadFile(new File([bytes(5)], 'a.txt'), { folderId: 'f' }, deps, () => undefined),
    ).resolves.toEqual({ id: 'ok' });
    expect(refreshed).toEqual(['old']);
    expect(calls).toHaveLength(2);
  });

  it('sends parts straight to storage with the announced checksum, then completes with their ETags in order', async () => {
    const data = bytes(10_000);
    const file = new File([data], 'big.zip');
    const partSize = 4096;
    const received = new Map<number, Uint8Array>();
    const { deps, calls } = fakeDeps(async (request) => {
      if (request.url === '/api/v1/files/uploads') {
        const body = JSON.parse(String(request.body));
        expect(body).toMatchObject({
          folderId: 'folder-1',
          name: 'big.zip',
          size: 10_000,
          sha256: nodeSha(data),
        });
        return response(201, {
          id: 'up-1',
          partSize,
          parts: [1, 2, 3].map((n) => ({ partNumber: n, url: `https://s3.test/part${n}` })),
        });
      }
      if (request.method === 'PUT') {
        const n = Number(request.url.slice(-1));
        const part = new Uint8Array(await (request.body as Blob).arrayBuffer());
        received.set(n, part);
        request.onProgress?.(part.length);
        return response(200, undefined, { ETag: `"etag-${n}"` });
      }
      if (request.url === '/api/v1/files/uploads/up-1/complete') {
        return response(201, { id: 'file-9', body: JSON.parse(String(request.body)) });
      }
      throw new Error(`unexpected ${request.method} ${request.url}`);
    });
    const phases: string[] = [];
    const created = (await uploadDirect(file, { folderId: 'folder-1' }, deps, (p) => {
      if (phases[phases.length - 1] !== p.phase) phases.push(p.phase);
    })) as unknown as { id: string; body: { parts: unknown[] } };
    expect(created.id).toBe('file-9');
    expect(created.body.parts).toEqual([
      { partNumber: 1, etag: '"etag-1"' },
      { partNumber: 2, etag: '"etag-2"' },
      { partNumber: 3, etag: '"etag-3"' },
    ]);
    const joined = Buffer.concat([1, 2, 3].map((n) => Buffer.from(received.get(n)!)));
    expect(nodeSha(joined)).toBe(nodeSha(data));
    expect(received.get(1)!.length).toBe(partSize);
    expect(received.get(3)!.length).toBe(10_000 - 2 * partSize);
    expect(phases).toEqual(['hashing', 'uploading', 'finishing']);
    // Storage URLs get no bearer token.
    expect(calls.filter((c) => c.method === 'PUT').every((c) => !c.headers?.Authorization)).toBe(true);
  });

  it('answers null when the server has no direct uploads (409), so the caller streams instead', async () => {
    const { deps } = fakeDeps(() => response(409, { message: 'Direct uploads need the S3 driver' }));
    await expect(
      uploadDirect(new File([bytes(100)], 'a.zip'), { folderId: 'f' }, deps, () => undefined),
    ).resolves.toBeNull();
  });

  it('aborts the multipart upload on the server when a part fails', async () => {
    const { deps, calls } = fakeDeps((request) => {
      if (request.url === '/api/v1/files/uploads')
        return response(201, {
          id: 'up-2',
          partSize: 64,
          parts: [{ partNumber: 1, url: 'https://s3.test/p1' }],
        });
      if (request.method === 'PUT') return response(500, undefined);
      return response(204);
    });
    await expect(
      uploadDirect(new File([bytes(50)], 'a.zip'), { folderId: 'f' }, deps, () => undefined),
    ).rejects.toMatchObject({ status: 500 });
    expect(calls.some((c) => c.method === 'DELETE' && c.url === '/api/v1/files/uploads/up-2')).toBe(true);
  });

  it('asks for fresh part URLs when storage refuses an expired one, and when they are about to expire', async () => {
    const data = bytes(200);
    let expired = true;
    const refreshes: unknown[] = [];
    const { deps, calls } = fakeDeps((request) => {
      if (request.url === '/api/v1/files/uploads')
        return response(201, {
          id: 'up-3',
          partSize: 100,
          parts: [1, 2].map((n) => ({ partNumber: n, url: `https://s3.test/old${n}` })),
          expiresAt: new Date(Date.now() + 10 * 60_000).toISOString(),
        });
      if (request.url === '/api/v1/files/uploads/up-3/parts') {
        refreshes.push(JSON.parse(String(request.body)));
        expired = false;
        return response(200, {
          id: 'up-3',
          partSize: 100,
          parts: [1, 2].map((n) => ({ partNumber: n, url: `https://s3.test/new${n}` })),
          expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
        });
      }
      if (request.method === 'PUT') {
        if (expired && request.url.includes('/old')) return response(403, undefined);
        return response(200, undefined, { ETag: `"${request.url.slice(-4)}"` });
      }
      if (request.url.endsWith('/complete')) return response(201, { id: 'done' });
      throw new Error(`unexpected ${request.method} ${request.url}`);
    });
    await expect(
      uploadDirect(new File([data], 'a.zip'), { folderId: 'f' }, deps, () => undefined),
    ).resolves.toEqual({
      id: 'done',
    });
    // Both parts failed at once; one refresh served them both, then each was sent again to its new URL.
    expect(refreshes).toEqual([{ partNumbers: [1, 2] }]);
    const puts = calls.filter((c) => c.method === 'PUT').map((c) => c.url);
    expect(puts.filter((u) => u.includes('/new')).sort()).toEqual([
      'https://s3.test/new1',
      'https://s3.test/new2',
    ]);

    const soon = fakeDeps((request) => {
      if (request.url === '/api/v1/files/uploads')
        return response(201, {
          id: 'up-4',
          partSize: 100,
          parts: [{ partNumber: 1, url: 'https://s3.test/stale' }],
          expiresAt: new Date(Date.now() + 5_000).toISOString(),
        });
      if (request.url === '/api/v1/files/uploads/up-4/parts')
        return response(200, {
          id: 'up-4',
          partSize: 100,
          parts: [{ partNumber: 1, url: 'https://s3.test/fresh' }],
        });
      if (request.method === 'PUT') return response(200, undefined, { ETag: '"e"' });
      return response(201, { id: 'done' });
    });
    await uploadDirect(new File([bytes(50)], 'b.zip'), { folderId: 'f' }, soon.deps, () => undefined);
    expect(soon.calls.filter((c) => c.method === 'PUT').map((c) => c.url)).toEqual(['https://s3.test/fresh']);
  });
});

describe('client folder helpers', () => {
  const folder = (id: string, parentId: string | null, name: string): Folder => ({
    id,
    parentId,
    name,
    companyId: 'c',
    roomId: 'r',
    createdAt: '',
    updatedAt: '',
  });
  const folders = [
    folder('root', null, 'Files'),
    folder('b', 'root', 'Brochures'),
    folder('a', 'root', 'Agreements'),
    folder('a1', 'a', '2026'),
    folder('a2', 'a1', 'Signed'),
  ];

  it('builds the tree from the flat list, children by name', () => {
    const tree = folderTree(folders)!;
    expect(tree.folder.id).toBe('root');
    expect(tree.children.map((c) => c.folder.name)).toEqual(['Agreements', 'Brochures']);
    expect(tree.children[0].children[0].children[0].folder.id).toBe('a2');
  });

  it('gives the path from the root and a readable label', () => {
    expect(folderPath(folders, 'a2').map((f) => f.id)).toEqual(['root', 'a', 'a1', 'a2']);
    expect(folderLabel(folders, 'a2')).toBe('Agreements / 2026 / Signed');
    expect(folderLabel(folders, 'root')).toBe('All files');
  });

  it('never offers a folder itself or its descendants as a move target', () => {
    expect(
      moveTargets(folders, 'a')
        .map((f) => f.id)
        .sort(),
    ).toEqual(['b', 'root']);
  });

  it('survives a cycle in bad data', () => {
    const looped = [folder('x', 'y', 'X'), folder('y', 'x', 'Y')];
    expect(folderPath(looped, 'x').length).toBeLessThanOrEqual(2);
  });
});

describe('learning track progress', () => {
  it('counts the caller’s ticks', () => {
    const item = (completed: boolean) => ({
      id: '',
      position: 0,
      kind: 'link' as const,
      fileId: null,
      url: null,
      title: '',
      completed,
    });
    expect(trackProgress({ items: [item(true), item(false), item(false)] })).toEqual({
      done: 1,
      total: 3,
      percent: 33,
    });
    expect(trackProgress({ items: [] })).toEqual({ done: 0, total: 0, percent: 0 });
  });
});
