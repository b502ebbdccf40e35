import {
  actorOf,
  Cell,
  CELLS,
  Expect,
  MatrixContext,
  MatrixRow,
  itRunsRows,
  matrixBase,
} from '../support/access-matrix';
import { Api } from '../support/api';
import { World } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { roots, upload } from './files-helpers';

const VENDOR = { admin: 200, channel_manager_owner: 200, channel_manager: 200, vendor_member: 200 };
const OWN = { partner_executive: 200, partner_manager: 200, partner_member: 200 };
const OTHERS = { other_partner_executive: 404, other_partner_manager: 404, other_partner_member: 404 };
const READ: Expect = { anonymous: 401, ...VENDOR, ...OWN, ...OTHERS };
const with_ = (status: number): Expect =>
  Object.fromEntries(CELLS.map((c) => [c, READ[c] === 200 ? status : READ[c]])) as Expect;
const VENDOR_ONLY = (status: number, partners = 403): Expect => ({
  ...with_(status),
  partner_executive: partners,
  partner_manager: partners,
  partner_member: partners,
});

const NOT_FOUND = Object.fromEntries(CELLS.map((c) => [c, c === 'anonymous' ? 401 : 404])) as Expect;
const UNKNOWN_UPLOAD = '00000000-0000-4000-8000-000000000000';

let root: Record<string, string>;

async function fileIn(ctx: MatrixContext, kind = 'files', name = `f-${Math.random()}.txt`) {
  const res = await upload(ctx.app.baseUrl, ctx.world.admin.token, root[kind], name, Buffer.from('hello'));
  if (res.status !== 201) throw new Error(`upload: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function perCell<T>(make: (cell: Cell) => Promise<T>): Promise<Record<Cell, T>> {
  const entries = await Promise.all(CELLS.map(async (cell) => [cell, await make(cell)] as const));
  return Object.fromEntries(entries) as Record<Cell, T>;
}

async function folderIn(ctx: MatrixContext, parentId: string, name: string) {
  const res = await ctx.world.api.post('/folders', { parentId, name }, ctx.world.admin.token);
  if (res.status !== 201) throw new Error(`folder: ${res.status}`);
  return res.body;
}

async function track(ctx: MatrixContext, published: boolean) {
  const file = await fileIn(ctx, 'resources');
  const res = await ctx.world.api.post(
    '/learning-tracks',
    {
      companyId: ctx.target.id,
      title: 'Onboarding',
      published,
      items: [
        { kind: 'file', fileId: file.id },
        { kind: 'link', url: 'https://example.com/a', title: 'Read' },
      ],
    },
    ctx.world.admin.token,
  );
  if (res.status !== 201) throw new Error(`track: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The files and resources rooms' rows: CONTRACT "Other rooms" files and resources. */
const ROUTES: MatrixRow[] = [
  {
    method: 'GET',
    route: '/folders?roomId=',
    path: (c) => `/folders?roomId=${c.target.rooms.find((r) => r.kind === 'files')!.id}`,
    expect: READ,
  },
  {
    method: 'POST',
    route: '/folders',
    note: 'files room',
    path: () => '/folders',
    body: (c) => ({ parentId: root.files, name: `by ${c.cell}` }),
    expect: with_(201),
  },
  {
    method: 'POST',
    route: '/folders',
    note: 'resources room',
    path: () => '/folders',
    body: (c) => ({ parentId: root.resources, name: `by ${c.cell}` }),
    expect: VENDOR_ONLY(201),
  },
  { method: 'GET', route: '/folders/:id', path: () => `/folders/${root.files}`, expect: READ },
  {
    method: 'GET',
    route: '/folders/:id/children',
    path: () => `/folders/${root.brand}/children`,
    expect: READ,
  },
  {
    method: 'PATCH',
    route: '/folders/:id',
    before: async (ctx) => ({ vars: { folder: await folderIn(ctx, root.files, 'to rename') } }),
    path: (c) => `/folders/${c.vars.folder.id}`,
    body: (c) => ({ name: `renamed by ${c.cell}` }),
    expect: with_(200),
  },
  {
    method: 'DELETE',
    route: '/folders/:id',
    note: 'brand room',
    before: async (ctx) => ({
      vars: { folders: await perCell((cell) => folderIn(ctx, root.brand, `del ${cell}`)) },
    }),
    path: (c) => `/folders/${c.vars.folders[c.cell].id}`,
    expect: VENDOR_ONLY(204),
  },
  {
    method: 'GET',
    route: '/files/:id',
    before: async (ctx) => ({ vars: { file: await fileIn(ctx) } }),
    path: (c) => `/files/${c.vars.file.id}`,
    expect: READ,
  },
  {
    method: 'PATCH',
    route: '/files/:id',
    note: 'resources: category and tags',
    before: async (ctx) => ({ vars: { file: await fileIn(ctx, 'resources') } }),
    path: (c) => `/files/${c.vars.file.id}`,
    body: () => ({ category: 'training', tags: ['onboarding'] }),
    expect: VENDOR_ONLY(200),
  },
  {
    method: 'DELETE',
    route: '/files/:id',
    before: async (ctx) => ({ vars: { files: await perCell(() => fileIn(ctx)) } }),
    path: (c) => `/files/${c.vars.files[c.cell].id}`,
    expect: with_(204),
  },
  {
    method: 'GET',
    route: '/files/:id/versions',
    before: async (ctx) => ({ vars: { file: await fileIn(ctx) } }),
    path: (c) => `/files/${c.vars.file.id}/versions`,
    expect: READ,
  },
  {
    method: 'POST',
    route: '/files/:id/versions/:vid/restore',
    before: async (ctx) => ({ vars: { file: await fileIn(ctx) } }),
    path: (c) => `/files/${c.vars.file.id}/versions/${c.vars.file.currentVersion.id}/restore`,
    body: () => ({}),
    expect: with_(201),
  },
  {
    method: 'GET',
    route: '/files/:id/download',
    before: async (ctx) => ({ vars: { file: await fileIn(ctx, 'brand') } }),
    path: (c) => `/files/${c.vars.file.id}/download`,
    expect: READ,
  },
  {
    method: 'GET',
    route: '/files/:id/downloads',
    before: async (ctx) => ({ vars: { file: await fileIn(ctx) } }),
    path: (c) => `/files/${c.vars.file.id}/downloads`,
    expect: VENDOR_ONLY(200),
  },
  {
    method: 'GET',
    route: '/files/:id/comments',
    before: async (ctx) => ({ vars: { file: await fileIn(ctx) } }),
    path: (c) => `/files/${c.vars.file.id}/comments`,
    expect: READ,
  },
  {
    method: 'POST',
    route: '/files/:id/comments',
    note: 'brand room: partners read, so they comment',
    before: async (ctx) => ({ vars: { file: await fileIn(ctx, 'brand') } }),
    path: (c) => `/files/${c.vars.file.id}/comments`,
    body: (c) => ({ body: `hi from ${c.cell}` }),
    expect: with_(201),
  },
  {
    method: 'POST',
    route: '/files/docs',
    path: () => '/files/docs',
    body: (c) => ({ folderId: root.files, name: `notes ${c.cell}.md` }),
    expect: with_(201),
  },
  {
    method: 'POST',
    route: '/files/:id/export',
    before: async (ctx) => {
      const res = await ctx.world.api.post(
        '/files/docs',
        { folderId: root.resources, name: 'guide.md' },
        ctx.world.admin.token,
      );
      return { vars: { doc: res.body } };
    },
    path: (c) => `/files/${c.vars.doc.id}/export`,
    expect: VENDOR_ONLY(201),
  },
  {
    method: 'POST',
    route: '/files/uploads',
    note: 'local driver: allowed callers learn it needs S3',
    path: () => '/files/uploads',
    body: () => ({ folderId: root.files, name: 'x.png', size: 10, sha256: 'a'.repeat(64) }),
    expect: with_(409),
  },
  ...(
    [
      ['POST', '/parts', {}],
      ['POST', '/complete', { parts: [{ partNumber: 1, etag: 'e' }] }],
      ['DELETE', '', undefined],
    ] as const
  ).map(([method, suffix, body]): MatrixRow => ({
    method,
    route: `/files/uploads/:uploadId${suffix}`,
    note: 'presigned uploads are the uploader’s own: anyone else’s id reads as unknown',
    path: () => `/files/uploads/${UNKNOWN_UPLOAD}${suffix}`,
    ...(body ? { body: () => body } : {}),
    expect: NOT_FOUND,
  })),
  {
    method: 'GET',
    route: '/files/usage?companyId=',
    path: (c) => `/files/usage?companyId=${c.target.id}`,
    expect: READ,
  },
  {
    method: 'GET',
    route: '/learning-tracks?companyId=',
    path: (c) => `/learning-tracks?companyId=${c.target.id}`,
    expect: READ,
  },
  {
    method: 'POST',
    route: '/learning-tracks',
    path: () => '/learning-tracks',
    body: (c) => ({
      companyId: c.target.id,
      title: `T ${c.cell}`,
      items: [{ kind: 'link', url: 'https://x.test/a', title: 'A' }],
    }),
    expect: VENDOR_ONLY(201),
  },
  {
    method: 'GET',
    route: '/learning-tracks/:id',
    note: 'unpublished',
    before: async (ctx) => ({ vars: { track: await track(ctx, false) } }),
    path: (c) => `/learning-tracks/${c.vars.track.id}`,
    expect: VENDOR_ONLY(200, 404),
  },
  {
    method: 'PATCH',
    route: '/learning-tracks/:id',
    before: async (ctx) => ({ vars: { track: await track(ctx, true) } }),
    path: (c) => `/learning-tracks/${c.vars.track.id}`,
    body: (c) => ({ title: `by ${c.cell}` }),
    expect: VENDOR_ONLY(200),
  },
  {
    method: 'POST',
    route: '/learning-tracks/:id/items/:itemId/complete',
    before: async (ctx) => ({ vars: { track: await track(ctx, true) } }),
    path: (c) => `/learning-tracks/${c.vars.track.id}/items/${c.vars.track.items[0].id}/complete`,
    expect: READ,
  },
];

describe('access matrix: files and resources routes × every role × own/other company', () => {
  let app: TestApp;
  let api: Api;
  let world: World;
  let base: MatrixContext;

  beforeAll(async () => {
    app = await startTestApp();
    api = new Api(app.baseUrl);
    base = await matrixBase(app, api);
    world = base.world;
    root = await roots(world, world.companyA);
  }, 120000);
  afterAll(() => app.close());

  itRunsRows(ROUTES, () => ({ api, base }));

  it.each([
    ['files', with_(201)],
    ['resources', VENDOR_ONLY(201)],
    ['brand', VENDOR_ONLY(201)],
  ] as const)('POST /files (multipart) into the %s room', async (kind, expect_) => {
    const outcomes: Record<string, number> = {};
    for (const cell of CELLS) {
      const actor = actorOf(base, cell);
      const res = await upload(app.baseUrl, actor?.token ?? '', root[kind], `${cell}.txt`, Buffer.from(cell));
      outcomes[cell] = res.status;
    }
    expect(outcomes).toEqual(expect_);
  });

  it('POST /files adding a version of a file of another company is refused (404)', async () => {
    const file = await fileIn(base);
    const res = await upload(
      app.baseUrl,
      world.b.partner_executive.token,
      file.folderId,
      file.name,
      Buffer.from('x'),
    );
    expect(res.status).toBe(404);
    expect((await api.get(`/files/${file.id}/versions`, world.b.partner_executive.token)).status).toBe(404);
  });
});
