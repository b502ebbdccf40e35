import { randomBytes } from 'node:crypto';
import * as Y from 'yjs';
import { DatabaseHandle } from '../../src/core/database/embedded-postgres';
import { Api } from '../support/api';
import { connect, eventually, rawSession, synced } from '../support/collab-clients';
import { buildWorld, World } from '../support/factories';
import { createTestDatabase, startTestApp, TestApp } from '../support/test-app';
import { planIn } from './plans-helpers';

const ENV = { JWT_SECRET: randomBytes(32).toString('hex'), COLLAB_UNLOAD_DELAY_MS: '50' };

function sectionText(doc: Y.Doc, sectionId: string): string {
  return doc.getXmlFragment(`section:${sectionId}`).toString();
}

function write(doc: Y.Doc, sectionId: string, text: string): void {
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(text)]);
  doc.getXmlFragment(`section:${sectionId}`).push([paragraph]);
}

describe('the plan narrative co-edited over y-websocket', () => {
  let database: DatabaseHandle;
  let app: TestApp;
  let world: World;
  let api: Api;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await startTestApp(ENV, database);
    api = new Api(app.baseUrl);
    world = await buildWorld(api);
  }, 120000);
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('lets vendor and partner co-edit a section of a shared plan and keeps it across a restart', async () => {
    const plan = await planIn(world, 'draft', 'Co-edited plan');
    const sectionId = plan.sections[0].id;
    const vendor = connect(app.baseUrl, `plan:${plan.id}`, world.manager.token);
    const partner = connect(app.baseUrl, `plan:${plan.id}`, world.a.partner_executive.token);
    await Promise.all([synced(vendor), synced(partner)]);
    write(vendor.doc, sectionId, 'Grow the mid-market together.');
    write(partner.doc, sectionId, 'Two certified engineers by Q2.');
    await eventually(
      () =>
        sectionText(vendor.doc, sectionId).includes('certified engineers') &&
        sectionText(partner.doc, sectionId).includes('mid-market'),
      'both edits on both sides',
    );
    expect(sectionText(vendor.doc, sectionId)).toBe(sectionText(partner.doc, sectionId));
    const seen = sectionText(vendor.doc, sectionId);
    vendor.destroy();
    partner.destroy();

    await app.close();
    app = await startTestApp(ENV, database);
    api = new Api(app.baseUrl);
    world = { ...world, api };
    const reader = connect(app.baseUrl, `plan:${plan.id}`, world.admin.token);
    await synced(reader);
    expect(sectionText(reader.doc, sectionId)).toBe(seen);
    reader.destroy();
  });

  it('refuses partners on a vendor-only outline and other companies before any data', async () => {
    const outline = await planIn(world, 'draft_outline', 'Outline');
    for (const token of [
      world.a.partner_executive.token,
      world.b.partner_executive.token,
      world.a.partner_member.token,
    ]) {
      const session = rawSession(app.baseUrl, `/plan:${outline.id}?token=${token}`);
      const result = await session.closed;
      expect(result.code).toBe(4404);
      expect(result.messages).toEqual([]);
    }
  });

  it('co-edits a quarterly review’s notes and keeps other companies out', async () => {
    const plan = await planIn(world, 'active', 'QBR notes plan');
    const review = await api.post(
      `/plans/${plan.id}/reviews`,
      { quarter: 1, heldOn: '2026-03-31' },
      world.manager.token,
    );
    expect(review.body.document).toBe(`review:${review.body.id}`);
    const vendor = connect(app.baseUrl, review.body.document, world.manager.token);
    const partner = connect(app.baseUrl, review.body.document, world.a.partner_executive.token);
    await Promise.all([synced(vendor), synced(partner)]);
    partner.doc.getText('notes').insert(0, 'Agreed: second cohort in May.');
    await eventually(
      () => vendor.doc.getText('notes').toString().includes('second cohort'),
      'the partner’s notes',
    );
    vendor.destroy();
    partner.destroy();
    const foreign = rawSession(
      app.baseUrl,
      `/${review.body.document}?token=${world.b.partner_executive.token}`,
    );
    expect((await foreign.closed).code).toBe(4404);
  });

  it('makes the partner read-only once the plan is active', async () => {
    const plan = await planIn(world, 'active', 'Active narrative');
    const sectionId = plan.sections[1].id;
    const vendor = connect(app.baseUrl, `plan:${plan.id}`, world.manager.token);
    const partner = connect(app.baseUrl, `plan:${plan.id}`, world.a.partner_manager.token);
    await Promise.all([synced(vendor), synced(partner)]);
    write(partner.doc, sectionId, 'partner tries to edit');
    write(vendor.doc, sectionId, 'vendor edit');
    await eventually(() => sectionText(partner.doc, sectionId).includes('vendor edit'), 'the vendor edit');
    expect(sectionText(vendor.doc, sectionId)).not.toContain('partner tries');
    vendor.destroy();
    partner.destroy();
  });

  it('names a version and restores it as a new change', async () => {
    const plan = await planIn(world, 'draft', 'Versioned plan');
    const sectionId = plan.sections[0].id;
    const editor = connect(app.baseUrl, `plan:${plan.id}`, world.manager.token);
    await synced(editor);
    write(editor.doc, sectionId, 'first draft');
    await eventually(async () => {
      const rows = await app.dataSource.query('SELECT 1 FROM collab_updates WHERE doc_name = $1', [
        `plan:${plan.id}`,
      ]);
      return rows.length > 0;
    }, 'the edit to be stored');
    const version = await api.post(
      `/plans/${plan.id}/versions`,
      { name: 'Before review' },
      world.manager.token,
    );
    expect(version.status).toBe(201);
    write(editor.doc, sectionId, 'second thoughts');
    await eventually(async () => {
      const rows = await app.dataSource.query(
        'SELECT count(*)::int AS n FROM collab_updates WHERE doc_name = $1',
        [`plan:${plan.id}`],
      );
      return rows[0].n > 1;
    }, 'the second edit to be stored');
    const list = await api.get(`/plans/${plan.id}/versions`, world.a.partner_executive.token);
    expect(list.body.map((v: { name: string }) => v.name)).toEqual(['Before review']);
    expect(
      (await api.post(`/plans/${plan.id}/versions/${version.body.id}/restore`, {}, world.manager.token))
        .status,
    ).toBe(204);
    await eventually(
      () => !sectionText(editor.doc, sectionId).includes('second thoughts'),
      'the restore to arrive',
    );
    expect(sectionText(editor.doc, sectionId)).toContain('first draft');
    expect(
      (await api.post(`/plans/${plan.id}/versions`, { name: 'x' }, world.vendorMember.token)).status,
    ).toBe(403);
    editor.destroy();
  });
});
