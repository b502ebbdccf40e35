import { randomBytes } from 'node:crypto';
import { DatabaseHandle } from '../../src/core/database/embedded-postgres';
import { buildWorld, World } from '../support/factories';
import { Api } from '../support/api';
import { connect, createCustomRoom, eventually, synced } from '../support/collab-clients';
import { createTestDatabase, startTestApp, TestApp } from '../support/test-app';

// Two instances only behave as one through Redis; without REDIS_URL there is nothing to test.
const describeWithRedis = process.env.REDIS_URL ? describe : describe.skip;

describeWithRedis('collab: two instances on one Postgres and Redis', () => {
  let database: DatabaseHandle;
  let one: TestApp;
  let two: TestApp;
  let world: World;

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = {
      JWT_SECRET: randomBytes(32).toString('hex'),
      REDIS_PREFIX: `pws-test-${randomBytes(6).toString('hex')}:`,
    };
    one = await startTestApp(env, database);
    two = await startTestApp(env, database);
    world = await buildWorld(new Api(one.baseUrl));
  });
  afterAll(async () => {
    await one.close();
    await two.close();
    await database.close();
  });

  it('converges documents and awareness across instances; a cold join gets the latest state', async () => {
    const docName = `room:${await createCustomRoom(world.api, world.admin, world.companyA)}`;
    const onOne = connect(one.baseUrl, docName, world.manager.token);
    await synced(onOne);
    onOne.doc.getText('body').insert(0, 'written on one');

    // Cold join on the other instance while the doc is open on the first one.
    await eventually(async () => {
      const rows = await one.dataSource.query('SELECT 1 FROM collab_updates WHERE doc_name = $1', [docName]);
      return rows.length > 0;
    }, 'the first update to be stored');
    const onTwo = connect(two.baseUrl, docName, world.a.partner_member.token);
    await synced(onTwo);
    expect(onTwo.doc.getText('body').toString()).toBe('written on one');

    onTwo.doc.getText('body').insert(0, '[two] ');
    onOne.doc.getText('body').insert(onOne.doc.getText('body').length, ' [one]');
    await eventually(
      () =>
        onOne.doc.getText('body').toString() === '[two] written on one [one]' &&
        onTwo.doc.getText('body').toString() === onOne.doc.getText('body').toString(),
      'edits on both instances to converge',
    );

    onTwo.provider.awareness.setLocalStateField('cursor', 7);
    await eventually(
      () =>
        [...onOne.provider.awareness.getStates().values()].some(
          (state) => state.cursor === 7 && state.user?.name === 'partner_member',
        ),
      'awareness from instance two at instance one',
    );
    onOne.destroy();
    onTwo.destroy();
  });
});
