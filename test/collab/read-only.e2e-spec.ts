import * as Y from 'yjs';
import { CollabDocuments } from '../../src/core/collab/collab-documents';
import { buildWorld, World } from '../support/factories';
import { Api } from '../support/api';
import { connect, eventually, synced } from '../support/collab-clients';
import { startTestApp, TestApp } from '../support/test-app';

describe('collab: a read-only connection cannot change the document', () => {
  let app: TestApp;
  let world: World;

  beforeAll(async () => {
    app = await startTestApp();
    world = await buildWorld(new Api(app.baseUrl));
    app.running.app.get(CollabDocuments).register({
      prefix: 'readonly-test',
      resolve: async (auth) => ({
        workspaceId: auth.workspaceId,
        companyId: world.companyA,
        roomId: null,
        canWrite: auth.role !== 'partner_member',
      }),
    });
  });
  afterAll(() => app.close());

  it('receives updates, but its own updates are dropped', async () => {
    const writer = connect(app.baseUrl, 'readonly-test:1', world.manager.token);
    const reader = connect(app.baseUrl, 'readonly-test:1', world.a.partner_member.token);
    await Promise.all([synced(writer), synced(reader)]);

    reader.doc.getText('body').insert(0, 'FORGED ');
    reader.provider.awareness.setLocalStateField('cursor', 3);
    writer.doc.getText('body').insert(0, 'approved text');

    await eventually(() => reader.doc.getText('body').toString().includes('approved text'), 'reader update');
    // The reader's awareness still goes through, stamped with its real identity.
    await eventually(
      () =>
        [...writer.provider.awareness.getStates().values()].some(
          (state) => state.cursor === 3 && state.user?.id === world.a.partner_member.id,
        ),
      'reader awareness at the writer',
    );
    writer.doc.getText('body').insert(0, '!');
    await eventually(() => reader.doc.getText('body').toString().includes('!approved'), 'second update');
    expect(writer.doc.getText('body').toString()).toBe('!approved text');

    const fresh = connect(app.baseUrl, 'readonly-test:1', world.admin.token);
    await synced(fresh);
    expect(fresh.doc.getText('body').toString()).toBe('!approved text');

    const stored = new Y.Doc();
    const rows = await app.dataSource.query(
      `SELECT "update" FROM collab_updates WHERE doc_name = 'readonly-test:1' ORDER BY seq`,
    );
    for (const row of rows) Y.applyUpdate(stored, row.update);
    expect(stored.getText('body').toString()).toBe('!approved text');
    [writer, reader, fresh].forEach((client) => client.destroy());
  });
});
