import * as Y from 'yjs';
import { CollabVersionsService } from '../../src/core/collab/collab-versions.service';
import { buildWorld, World } from '../support/factories';
import { Api } from '../support/api';
import { connect, createCustomRoom, eventually, synced } from '../support/collab-clients';
import { startTestApp, TestApp } from '../support/test-app';

describe('collab: named versions are created, listed and restored as a new update', () => {
  let app: TestApp;
  let world: World;

  beforeAll(async () => {
    app = await startTestApp();
    world = await buildWorld(new Api(app.baseUrl));
  });
  afterAll(() => app.close());

  it('restores text, XML fragments, maps and arrays for every connected client', async () => {
    const versions = app.running.app.get(CollabVersionsService);
    const docName = `room:${await createCustomRoom(world.api, world.admin, world.companyA)}`;
    const editor = connect(app.baseUrl, docName, world.manager.token);
    const viewer = connect(app.baseUrl, docName, world.a.partner_member.token);
    await Promise.all([synced(editor), synced(viewer)]);

    const doc = editor.doc;
    doc.getText('title').insert(0, 'Plan FY27');
    doc.getText('title').format(0, 4, { bold: true });
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('First draft')]);
    doc.getXmlFragment('section:intro').insert(0, [paragraph]);
    doc.getMap('meta').set('owner', 'Cora');
    doc.getArray('tags').push(['alpha', 'beta']);
    const snapshot = () =>
      JSON.stringify({
        title: viewer.doc.getText('title').toDelta(),
        intro: viewer.doc.getXmlFragment('section:intro').toString(),
        meta: viewer.doc.getMap('meta').toJSON(),
        tags: viewer.doc.getArray('tags').toJSON(),
      });
    await eventually(
      () => viewer.doc.getArray('tags').length === 2 && viewer.doc.getMap('meta').has('owner'),
      'v1',
    );
    await eventually(() => viewer.doc.getXmlFragment('section:intro').length === 1, 'v1 xml');
    const v1 = snapshot();

    const created = await versions.createVersion(docName, 'Before review', world.manager.id);
    expect(created).toMatchObject({ docName, name: 'Before review', createdBy: world.manager.id });

    doc.getText('title').insert(doc.getText('title').length, ' (rejected)');
    (doc.getXmlFragment('section:intro').get(0) as any).get(0).insert(0, 'Scrapped: ');
    doc.getXmlFragment('section:intro').insert(1, [new Y.XmlElement('hr')]);
    doc.getMap('meta').set('owner', 'Otto');
    doc.getMap('meta').set('reviewer', 'Vera');
    doc.getArray('tags').delete(0, 1);
    doc.getText('extra').insert(0, 'added later');
    await eventually(() => viewer.doc.getMap('meta').get('reviewer') === 'Vera', 'v2');
    await eventually(() => viewer.doc.getText('extra').length > 0, 'v2 text');
    expect(snapshot()).not.toBe(v1);
    await versions.createVersion(docName, 'After review', world.admin.id);

    const listed = await versions.listVersions(docName);
    expect(listed.map((v) => v.name)).toEqual(['After review', 'Before review']);
    expect(listed[0]).not.toHaveProperty('state');

    const rowsBefore = await app.dataSource.query(
      'SELECT count(*)::int AS n FROM collab_updates WHERE doc_name = $1',
      [docName],
    );
    await versions.restoreVersion(docName, created.id);
    await eventually(() => snapshot() === v1, 'the viewer to see the restored content');
    expect(viewer.doc.getText('extra').toString()).toBe('');
    await eventually(() => editor.doc.getMap('meta').get('owner') === 'Cora', 'the editor too');

    // History only grew: the restore is one more stored update.
    const rowsAfter = await app.dataSource.query(
      'SELECT count(*)::int AS n FROM collab_updates WHERE doc_name = $1',
      [docName],
    );
    expect(rowsAfter[0].n).toBe(rowsBefore[0].n + 1);
    await expect(versions.restoreVersion('room:other', created.id)).rejects.toThrow('Version not found');

    // Editing continues normally on top of the restored state.
    viewer.doc.getText('title').insert(0, '✓ ');
    await eventually(() => editor.doc.getText('title').toString() === '✓ Plan FY27', 'edits after restore');
    editor.destroy();
    viewer.destroy();
  });
});
