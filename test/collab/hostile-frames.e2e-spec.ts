import { buildWorld, World } from '../support/factories';
import { Api } from '../support/api';
import { connect, createCustomRoom, eventually, rawSession, synced } from '../support/collab-clients';
import { startTestApp, TestApp } from '../support/test-app';

describe('collab: malformed, oversize and empty frames drop only the offender', () => {
  let app: TestApp;
  let world: World;
  let docName: string;

  beforeAll(async () => {
    app = await startTestApp();
    world = await buildWorld(new Api(app.baseUrl));
    docName = `room:${await createCustomRoom(world.api, world.admin, world.companyA)}`;
  });
  afterAll(() => app.close());

  const attack = (frame: Buffer | string) =>
    rawSession(app.baseUrl, `/${docName}?token=${world.a.partner_member.token}`, (ws) =>
      ws.once('message', () => ws.send(frame)),
    ).closed;

  it('closes each offender with a reason while two honest editors keep converging', async () => {
    const a = connect(app.baseUrl, docName, world.manager.token);
    const b = connect(app.baseUrl, docName, world.a.partner_executive.token);
    await Promise.all([synced(a), synced(b)]);

    const garbage = Buffer.from([0, 2, 200, 1, 7, 7, 7]);
    const results = await Promise.all([
      attack(Buffer.alloc(0)),
      attack(garbage),
      attack(Buffer.from([0, 2, 5, 1, 2, 3, 4, 5])),
      attack(Buffer.from([9, 1, 2])),
      attack(Buffer.from([1, 4, 1, 2, 3, 4])),
      attack('{"type":"text"}'),
      attack(Buffer.alloc(2 * 1024 * 1024, 1)),
    ]);
    const codes = results.map((result) => result.code);
    expect(codes.slice(0, 6)).toEqual([4400, 4400, 4400, 4400, 4400, 4400]);
    expect(codes[6]).toBe(1009);
    for (const result of results.slice(0, 6)) expect(result.reason).not.toBe('');

    a.doc.getText('body').insert(0, 'still ');
    b.doc.getText('body').insert(0, 'working');
    await eventually(
      () =>
        a.doc.getText('body').length === 13 &&
        a.doc.getText('body').toString() === b.doc.getText('body').toString(),
      'honest editors to converge after the attacks',
    );
    expect(a.provider.wsconnected && b.provider.wsconnected).toBe(true);
    const rows = await app.dataSource.query(
      'SELECT count(*)::int AS n FROM collab_updates WHERE doc_name = $1',
      [docName],
    );
    expect(rows[0].n).toBe(2);
    a.destroy();
    b.destroy();
  });
});
