import { randomBytes } from 'node:crypto';
import { createTestDatabase } from '../support/test-app';
import { DatabaseHandle } from '../../src/core/database/embedded-postgres';
import { buildWorld, World } from '../support/factories';
import { Api } from '../support/api';
import { connect, createCustomRoom, eventually, synced } from '../support/collab-clients';
import { startTestApp, TestApp } from '../support/test-app';

// One JWT secret for both runs, so the tokens issued before the restart stay valid.
const ENV = {
  COLLAB_COMPACT_AFTER_UPDATES: '10',
  COLLAB_UNLOAD_DELAY_MS: '50',
  JWT_SECRET: randomBytes(32).toString('hex'),
};

describe('collab: state survives a restart, compaction and unloading', () => {
  let database: DatabaseHandle;
  let app: TestApp;
  let world: World;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await startTestApp(ENV, database);
    world = await buildWorld(new Api(app.baseUrl));
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('keeps every update a peer saw across a server restart', async () => {
    const docName = `room:${await createCustomRoom(world.api, world.admin, world.companyA)}`;
    const a = connect(app.baseUrl, docName, world.manager.token);
    const b = connect(app.baseUrl, docName, world.a.partner_manager.token);
    await Promise.all([synced(a), synced(b)]);
    for (let i = 0; i < 25; i++) a.doc.getArray<number>('items').push([i]);
    b.doc.getMap('meta').set('title', 'Q3 plan');
    await eventually(
      () => b.doc.getArray('items').length === 25 && a.doc.getMap('meta').get('title') === 'Q3 plan',
      'both peers to see everything',
    );
    const content = (doc: typeof a.doc) =>
      JSON.stringify({ items: doc.getArray('items').toJSON(), meta: doc.getMap('meta').toJSON() });
    const seen = content(b.doc);
    // Compaction ran (threshold 10) and folded rows into a snapshot.
    await eventually(async () => {
      const rows = await app.dataSource.query('SELECT 1 FROM collab_snapshots WHERE doc_name = $1', [
        docName,
      ]);
      return rows.length === 1;
    }, 'a snapshot');

    a.destroy();
    b.destroy();
    await app.close();
    app = await startTestApp(ENV, database);

    const c = connect(app.baseUrl, docName, world.a.partner_executive.token);
    await synced(c);
    expect(content(c.doc)).toBe(seen);
    c.doc.getText('note').insert(0, 'after restart');
    await eventually(async () => {
      const rows = await app.dataSource.query('SELECT 1 FROM collab_updates WHERE doc_name = $1', [docName]);
      return rows.length > 0;
    }, 'the new update to be stored');
    c.destroy();

    // Once the last client left, the doc is unloaded and what remained is folded into the snapshot.
    await eventually(async () => {
      const rows = await app.dataSource.query('SELECT 1 FROM collab_updates WHERE doc_name = $1', [docName]);
      return rows.length === 0;
    }, 'unload to compact the remaining updates');
    const d = connect(app.baseUrl, docName, world.admin.token);
    await synced(d);
    expect(d.doc.getText('note').toString()).toBe('after restart');
    expect(d.doc.getArray('items').toArray()).toEqual([...Array(25).keys()]);
    d.destroy();
  });
});
