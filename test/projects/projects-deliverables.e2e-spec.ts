import { Api } from '../support/api';
import { buildWorld, World } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { roots, upload } from '../files/files-helpers';
import { ok, projectOf } from './projects-helpers';

describe('projects: updates with attachments and the deliverable review across the two sides', () => {
  let app: TestApp;
  let api: Api;
  let world: World;
  let project: any;
  let fileId: string;

  beforeAll(async () => {
    app = await startTestApp();
    api = new Api(app.baseUrl);
    world = await buildWorld(api);
    project = await projectOf(world);
    const folders = await roots(world, world.companyA, world.a.partner_executive.token);
    const file = await upload(
      app.baseUrl,
      world.a.partner_executive.token,
      folders.files,
      'design.pdf',
      Buffer.from('%PDF-1.7\nv1'),
    );
    expect(file.status).toBe(201);
    fileId = file.body.id;
  });

  afterAll(async () => {
    await app.close();
  });

  it('posts an update with an attachment of the company’s shared files', async () => {
    const update = ok(
      await api.post(
        `/projects/${project.id}/updates`,
        { body: 'Pilot is live', attachmentIds: [fileId] },
        world.a.partner_member.token,
      ),
      'update',
    );
    expect(update.attachments).toEqual([expect.objectContaining({ id: fileId, name: 'design.pdf' })]);
    const page = ok(await api.get(`/projects/${project.id}/updates`, world.vendorMember.token), 'updates');
    expect(page.items[0]).toMatchObject({ id: update.id, body: 'Pilot is live' });
  });

  it('refuses an attachment of another partner with 400', async () => {
    const folders = await roots(world, world.companyB, world.b.partner_executive.token);
    const foreign = await upload(
      app.baseUrl,
      world.b.partner_executive.token,
      folders.files,
      'secret.pdf',
      Buffer.from('%PDF-1.7\nb'),
    );
    const res = await api.post(
      `/projects/${project.id}/updates`,
      { body: 'Look', attachmentIds: [foreign.body.id] },
      world.a.partner_member.token,
    );
    expect(res.status).toBe(400);
  });

  it('lets only the other side review, asks for a comment on changes, and takes a resubmission', async () => {
    const submitted = ok(
      await api.post(
        `/projects/${project.id}/deliverables`,
        { fileId, title: 'Solution design' },
        world.a.partner_executive.token,
      ),
      'submit',
    );
    expect(submitted).toMatchObject({ status: 'submitted', submittedSide: 'partner', fileId });
    const review = (token: string, body: unknown) =>
      api.post(`/projects/${project.id}/deliverables/${submitted.id}/review`, body, token);

    expect((await review(world.a.partner_member.token, { status: 'approved' })).status).toBe(403);
    expect((await review(world.manager.token, { status: 'changes_requested' })).status).toBe(400);
    const sentBack = ok(
      await review(world.manager.token, { status: 'changes_requested', comment: 'Add the DR section' }),
      'changes',
    );
    expect(sentBack).toMatchObject({
      status: 'changes_requested',
      reviewComment: 'Add the DR section',
      reviewedById: world.manager.id,
    });
    expect((await review(world.manager.token, { status: 'approved' })).status).toBe(409);

    const folders = await roots(world, world.companyA, world.a.partner_executive.token);
    const v2 = await upload(
      app.baseUrl,
      world.a.partner_executive.token,
      folders.files,
      'design.pdf',
      Buffer.from('%PDF-1.7\nv2'),
    );
    expect(v2.body.id).toBe(fileId);
    expect(
      (
        await api.post(
          `/projects/${project.id}/deliverables/${submitted.id}/resubmit`,
          {},
          world.manager.token,
        )
      ).status,
    ).toBe(403);
    const again = ok(
      await api.post(
        `/projects/${project.id}/deliverables/${submitted.id}/resubmit`,
        {},
        world.a.partner_manager.token,
      ),
      'resubmit',
    );
    expect(again.status).toBe('submitted');
    expect(again.versionId).not.toBe(submitted.versionId);

    const approved = ok(await review(world.vendorMember.token, { status: 'approved' }), 'approve');
    expect(approved).toMatchObject({ status: 'approved', reviewedById: world.vendorMember.id });
    const list = ok(
      await api.get(`/projects/${project.id}/deliverables`, world.a.partner_member.token),
      'list',
    );
    expect(list.map((d: any) => d.status)).toEqual(['approved']);
  });

  it('has a vendor submission reviewed by the partner side', async () => {
    const mine = ok(
      await api.post(`/projects/${project.id}/deliverables`, { fileId }, world.manager.token),
      'submit',
    );
    expect(mine.submittedSide).toBe('vendor');
    expect(
      (
        await api.post(
          `/projects/${project.id}/deliverables/${mine.id}/review`,
          { status: 'approved' },
          world.admin.token,
        )
      ).status,
    ).toBe(403);
    const approved = ok(
      await api.post(
        `/projects/${project.id}/deliverables/${mine.id}/review`,
        { status: 'approved' },
        world.a.partner_member.token,
      ),
      'approve',
    );
    expect(approved.status).toBe('approved');
  });
});
