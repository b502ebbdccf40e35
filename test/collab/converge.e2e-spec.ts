import { buildWorld, World } from '../support/factories';
import { Api } from '../support/api';
import { CollabClient, connect, createCustomRoom, eventually, synced } from '../support/collab-clients';
import { startTestApp, TestApp } from '../support/test-app';

describe('collab: two providers on one custom room page converge', () => {
  let app: TestApp;
  let world: World;
  let docName: string;
  const clients: CollabClient[] = [];

  beforeAll(async () => {
    app = await startTestApp();
    world = await buildWorld(new Api(app.baseUrl));
    docName = `room:${await createCustomRoom(world.api, world.admin, world.companyA)}`;
  });
  afterAll(async () => {
    clients.forEach((client) => client.destroy());
    await app.close();
  });

  it('merges concurrent edits from a vendor manager and a partner member', async () => {
    const vendor = connect(app.baseUrl, docName, world.manager.token);
    const partner = connect(app.baseUrl, docName, world.a.partner_member.token);
    clients.push(vendor, partner);
    await Promise.all([synced(vendor), synced(partner)]);

    vendor.doc.getText('body').insert(0, 'Hello');
    partner.doc.getText('body').insert(0, 'World');
    partner.doc.getMap('meta').set('status', 'draft');

    const same = () =>
      vendor.doc.getText('body').toString() === partner.doc.getText('body').toString() &&
      vendor.doc.getText('body').length === 10 &&
      vendor.doc.getMap('meta').get('status') === 'draft';
    await eventually(same, 'both docs to hold both edits');

    for (let i = 0; i < 20; i++) {
      vendor.doc.getText('body').insert(vendor.doc.getText('body').length, 'v');
      partner.doc.getText('body').insert(0, 'p');
    }
    await eventually(
      () =>
        vendor.doc.getText('body').length === 50 &&
        vendor.doc.getText('body').toString() === partner.doc.getText('body').toString(),
      'interleaved typing to converge',
    );

    const late = connect(app.baseUrl, docName, world.a.partner_executive.token);
    clients.push(late);
    await synced(late);
    expect(late.doc.getText('body').toString()).toBe(vendor.doc.getText('body').toString());
  });
});
