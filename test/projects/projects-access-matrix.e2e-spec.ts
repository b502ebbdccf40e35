import { Cell, CELLS, MatrixContext, MatrixRow, itRunsRows, matrixBase } from '../support/access-matrix';
import { Api } from '../support/api';
import { startTestApp, TestApp } from '../support/test-app';
import { roots, upload } from '../files/files-helpers';
import { ok, projectOf, taskOf } from './projects-helpers';

const HIDDEN = { other_partner_executive: 404, other_partner_manager: 404, other_partner_member: 404 };
const READ = {
  anonymous: 401,
  admin: 200,
  channel_manager_owner: 200,
  channel_manager: 200,
  vendor_member: 200,
  partner_executive: 200,
  partner_manager: 200,
  partner_member: 200,
  ...HIDDEN,
};
/** Work on a project: its owners, the partner's users, and vendor staff who are members (Vera is). */
const WORK = (status: number) => ({
  anonymous: 401,
  admin: status,
  channel_manager_owner: status,
  channel_manager: 403,
  vendor_member: status,
  partner_executive: status,
  partner_manager: status,
  partner_member: status,
  ...HIDDEN,
});

async function fileOfA(ctx: MatrixContext): Promise<string> {
  const token = ctx.world.a.partner_executive.token;
  const folders = await roots(ctx.world, ctx.world.companyA, token);
  const res = await upload(
    ctx.app.baseUrl,
    token,
    folders.files,
    `f-${Date.now()}.pdf`,
    Buffer.from('%PDF-1.7\nx'),
  );
  return ok(res, 'upload').id;
}

/** One partner-submitted deliverable per cell, optionally already sent back for changes. */
async function deliverablesPerCell(ctx: MatrixContext, sentBack: boolean) {
  const project = await projectOf(ctx.world);
  const fileId = await fileOfA(ctx);
  const byCell: Record<string, string> = {};
  for (const cell of CELLS) {
    const d = ok(
      await ctx.world.api.post(
        `/projects/${project.id}/deliverables`,
        { fileId },
        ctx.world.a.partner_executive.token,
      ),
      'submit',
    );
    if (sentBack)
      ok(
        await ctx.world.api.post(
          `/projects/${project.id}/deliverables/${d.id}/review`,
          { status: 'changes_requested', comment: 'More' },
          ctx.world.manager.token,
        ),
        'send back',
      );
    byCell[cell] = d.id;
  }
  return { vars: { project, byCell } };
}

const ROUTES: MatrixRow[] = [
  {
    method: 'GET',
    route: '/projects',
    before: async (ctx) => ({ vars: { project: await projectOf(ctx.world) } }),
    path: () => '/projects',
    expect: { ...READ, other_partner_executive: 200, other_partner_manager: 200, other_partner_member: 200 },
    verify: (ctx, res) => {
      const own = (ctx.actor!.companyId ?? ctx.target.id) === ctx.target.id;
      const ids = res.body.items.map((p: any) => p.id);
      expect(ids.includes(ctx.vars.project.id)).toBe(own);
    },
  },
  {
    method: 'POST',
    route: '/projects',
    path: () => '/projects',
    body: (ctx) => ({ companyId: ctx.target.id, name: `By ${ctx.cell}` }),
    expect: {
      anonymous: 401,
      admin: 201,
      channel_manager_owner: 201,
      channel_manager: 403,
      vendor_member: 403,
      partner_executive: 201,
      partner_manager: 201,
      partner_member: 403,
      ...HIDDEN,
    },
  },
  {
    method: 'GET',
    route: '/projects/:id',
    before: async (ctx) => ({ vars: { project: await projectOf(ctx.world) } }),
    path: (ctx) => `/projects/${ctx.vars.project.id}`,
    expect: READ,
  },
  {
    method: 'PATCH',
    route: '/projects/:id',
    before: async (ctx) => ({ vars: { project: await projectOf(ctx.world) } }),
    path: (ctx) => `/projects/${ctx.vars.project.id}`,
    body: (ctx) => ({ description: `By ${ctx.cell}` }),
    expect: {
      anonymous: 401,
      admin: 200,
      channel_manager_owner: 200,
      channel_manager: 403,
      vendor_member: 403,
      partner_executive: 200,
      partner_manager: 200,
      partner_member: 403,
      ...HIDDEN,
    },
  },
  {
    method: 'GET',
    route: '/projects/:id/tasks',
    before: async (ctx) => ({ vars: { project: await projectOf(ctx.world) } }),
    path: (ctx) => `/projects/${ctx.vars.project.id}/tasks`,
    expect: READ,
  },
  {
    method: 'POST',
    route: '/projects/:id/tasks',
    before: async (ctx) => ({ vars: { project: await projectOf(ctx.world) } }),
    path: (ctx) => `/projects/${ctx.vars.project.id}/tasks`,
    body: (ctx) => ({ title: `By ${ctx.cell}` }),
    expect: WORK(201),
  },
  {
    method: 'PATCH',
    route: '/projects/:id/tasks/:tid',
    before: async (ctx) => {
      const project = await projectOf(ctx.world);
      return { vars: { project, task: await taskOf(ctx.world, project.id, { title: 'T' }) } };
    },
    path: (ctx) => `/projects/${ctx.vars.project.id}/tasks/${ctx.vars.task.id}`,
    body: (ctx) => ({ description: `By ${ctx.cell}` }),
    expect: WORK(200),
  },
  {
    method: 'GET',
    route: '/projects/:id/timeline',
    before: async (ctx) => ({ vars: { project: await projectOf(ctx.world) } }),
    path: (ctx) => `/projects/${ctx.vars.project.id}/timeline`,
    expect: READ,
  },
  {
    method: 'GET',
    route: '/projects/:id/updates',
    before: async (ctx) => ({ vars: { project: await projectOf(ctx.world) } }),
    path: (ctx) => `/projects/${ctx.vars.project.id}/updates`,
    expect: READ,
  },
  {
    method: 'POST',
    route: '/projects/:id/updates',
    before: async (ctx) => ({ vars: { project: await projectOf(ctx.world) } }),
    path: (ctx) => `/projects/${ctx.vars.project.id}/updates`,
    body: (ctx) => ({ body: `News from ${ctx.cell}` }),
    expect: WORK(201),
  },
  {
    method: 'GET',
    route: '/projects/:id/deliverables',
    before: async (ctx) => ({ vars: { project: await projectOf(ctx.world) } }),
    path: (ctx) => `/projects/${ctx.vars.project.id}/deliverables`,
    expect: READ,
  },
  {
    method: 'POST',
    route: '/projects/:id/deliverables',
    before: async (ctx) => ({ vars: { project: await projectOf(ctx.world), fileId: await fileOfA(ctx) } }),
    path: (ctx) => `/projects/${ctx.vars.project.id}/deliverables`,
    body: (ctx) => ({ fileId: ctx.vars.fileId }),
    // The file is company A's: vendor staff may attach it, the partner's own users too.
    expect: WORK(201),
  },
  {
    method: 'POST',
    route: '/projects/:id/deliverables/:did/review',
    note: 'submitted by the partner',
    before: (ctx) => deliverablesPerCell(ctx, false),
    path: (ctx) =>
      `/projects/${ctx.vars.project.id}/deliverables/${ctx.vars.byCell[ctx.cell as Cell]}/review`,
    body: () => ({ status: 'approved' }),
    expect: {
      ...WORK(200),
      partner_executive: 403,
      partner_manager: 403,
      partner_member: 403,
    },
  },
  {
    method: 'POST',
    route: '/projects/:id/deliverables/:did/resubmit',
    note: 'submitted by the partner, sent back',
    before: (ctx) => deliverablesPerCell(ctx, true),
    path: (ctx) =>
      `/projects/${ctx.vars.project.id}/deliverables/${ctx.vars.byCell[ctx.cell as Cell]}/resubmit`,
    expect: { ...WORK(200), admin: 403, channel_manager_owner: 403, vendor_member: 403 },
  },
];

describe('access matrix: projects room routes × every role × own/other company', () => {
  let app: TestApp;
  let api: Api;
  let base: MatrixContext;

  beforeAll(async () => {
    app = await startTestApp();
    api = new Api(app.baseUrl);
    base = await matrixBase(app, api);
  }, 120000);
  afterAll(() => app.close());

  itRunsRows(ROUTES, () => ({ api, base }));
});
