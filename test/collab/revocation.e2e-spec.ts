import { CollabDocuments } from '../../src/core/collab/collab-documents';
import { buildWorld, World } from '../support/factories';
import { Api } from '../support/api';
import { CollabClient, connect, createCustomRoom, eventually, synced } from '../support/collab-clients';
import { startTestApp, TestApp } from '../support/test-app';

function closedWith(client: CollabClient): Promise<number> {
  return new Promise((resolve) => client.provider.once('closed', (event) => resolve(event.code)));
}

describe('collab: revoking a user closes their collab connections', () => {
  let app: TestApp;
  let world: World;
  let docName: string;

  beforeAll(async () => {
    app = await startTestApp();
    world = await buildWorld(new Api(app.baseUrl));
    docName = `room:${await createCustomRoom(world.api, world.admin, world.companyA)}`;
    app.running.app.get(CollabDocuments).register({
      prefix: 'managers-only',
      resolve: async (auth) =>
        auth.role === 'partner_member'
          ? null
          : { workspaceId: auth.workspaceId, companyId: world.companyA, roomId: null, canWrite: true },
    });
  });
  afterAll(() => app.close());

  it('closes the connection of a session that logged out, and only that one', async () => {
    const leaving = connect(app.baseUrl, docName, world.a.partner_manager.token);
    const staying = connect(app.baseUrl, docName, world.a.partner_executive.token);
    await Promise.all([synced(leaving), synced(staying)]);
    const closed = closedWith(leaving);
    const out = await world.api.post(
      '/auth/logout',
      { refreshToken: world.a.partner_manager.refreshToken },
      world.a.partner_manager.token,
    );
    expect(out.status).toBe(204);
    expect(await closed).toBe(4401);
    staying.doc.getText('body').insert(0, 'still here');
    const witness = connect(app.baseUrl, docName, world.admin.token);
    await synced(witness);
    await eventually(
      () => witness.doc.getText('body').toString() === 'still here',
      'the other session to work',
    );
    witness.destroy();
    leaving.destroy();
    staying.destroy();
  });

  it('closes every connection of a disabled user', async () => {
    const b = world.b.partner_executive;
    const roomB = `room:${await createCustomRoom(world.api, world.admin, world.companyB)}`;
    const first = connect(app.baseUrl, roomB, b.token);
    const second = connect(app.baseUrl, roomB, b.token);
    await Promise.all([synced(first), synced(second)]);
    const closed = [closedWith(first), closedWith(second)];
    const res = await world.api.patch(`/users/${b.id}`, { status: 'disabled' }, world.admin.token);
    expect(res.status).toBe(200);
    expect(await Promise.all(closed)).toEqual([4401, 4401]);
    first.destroy();
    second.destroy();
  });

  it('re-checks access when a role changes and closes what is no longer allowed', async () => {
    const user = world.a.partner_member;
    const res = await world.api.patch(`/users/${user.id}`, { role: 'partner_manager' }, world.admin.token);
    expect(res.status).toBe(200);
    const client = connect(app.baseUrl, 'managers-only:doc', user.token);
    await synced(client);
    const closed = closedWith(client);
    expect(
      (await world.api.patch(`/users/${user.id}`, { role: 'partner_member' }, world.admin.token)).status,
    ).toBe(200);
    expect(await closed).toBe(4403);
    client.destroy();
  });
});
