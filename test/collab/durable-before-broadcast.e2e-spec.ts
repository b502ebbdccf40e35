import * as Y from 'yjs';
import { buildWorld, World } from '../support/factories';
import { Api } from '../support/api';
import { connect, createCustomRoom, eventually, synced } from '../support/collab-clients';
import { startTestApp, TestApp } from '../support/test-app';

describe('collab: an update is in Postgres before any other client receives it', () => {
  let app: TestApp;
  let world: World;

  beforeAll(async () => {
    app = await startTestApp();
    world = await buildWorld(new Api(app.baseUrl));
  });
  afterAll(() => app.close());

  it('every state a peer saw is already stored when it arrives', async () => {
    const docName = `room:${await createCustomRoom(world.api, world.admin, world.companyA)}`;
    const writer = connect(app.baseUrl, docName, world.manager.token);
    const receiver = connect(app.baseUrl, docName, world.a.partner_executive.token);
    await Promise.all([synced(writer), synced(receiver)]);

    const checks: Array<Promise<{ seen: string; stored: string }>> = [];
    receiver.doc.on('update', () => {
      const seen = receiver.doc.getText('body').toString();
      // Queried the moment the update arrives: if the server broadcast first, the row could be missing.
      checks.push(
        app.dataSource
          .query(`SELECT "update" FROM collab_updates WHERE doc_name = $1 ORDER BY seq`, [docName])
          .then((rows: Array<{ update: Buffer }>) => {
            const stored = new Y.Doc();
            for (const row of rows) Y.applyUpdate(stored, row.update);
            return { seen, stored: stored.getText('body').toString() };
          }),
      );
    });

    const text = 'durable keystrokes';
    for (const char of text) {
      writer.doc.getText('body').insert(writer.doc.getText('body').length, char);
      await eventually(
        () => receiver.doc.getText('body').length === writer.doc.getText('body').length,
        'the keystroke to arrive',
      );
    }
    expect(checks.length).toBeGreaterThanOrEqual(text.length);
    for (const { seen, stored } of await Promise.all(checks)) {
      expect(stored.startsWith(seen)).toBe(true);
    }
    writer.destroy();
    receiver.destroy();
  });
});
