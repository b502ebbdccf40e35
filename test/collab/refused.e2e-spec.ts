import { buildWorld, World } from '../support/factories';
import { Api } from '../support/api';
import { connect, createCustomRoom, eventually, rawSession, synced } from '../support/collab-clients';
import { startTestApp, TestApp } from '../support/test-app';

describe('collab: unauthorized documents are refused before any data', () => {
  let app: TestApp;
  let world: World;
  let roomA: string;
  let roomB: string;

  beforeAll(async () => {
    app = await startTestApp();
    world = await buildWorld(new Api(app.baseUrl));
    roomA = await createCustomRoom(world.api, world.admin, world.companyA, 'Alpha page');
    roomB = await createCustomRoom(world.api, world.admin, world.companyB, 'Beta page');
    const owner = connect(app.baseUrl, `room:${roomB}`, world.admin.token);
    await synced(owner);
    owner.doc.getText('body').insert(0, 'beta secrets');
    await eventually(async () => {
      const rows = await app.dataSource.query('SELECT 1 FROM collab_updates WHERE doc_name = $1', [
        `room:${roomB}`,
      ]);
      return rows.length > 0;
    }, 'the secret to be stored');
    owner.destroy();
  });
  afterAll(() => app.close());

  const refusal = async (path: string) => {
    // The client speaks first, as y-websocket does, and must still get nothing back but the close.
    const session = rawSession(app.baseUrl, path, (ws) => ws.send(Buffer.from([0, 0, 1, 0])));
    return session.closed;
  };

  it("closes with 4404 for another company's custom room and sends nothing", async () => {
    const result = await refusal(`/room:${roomB}?token=${world.a.partner_executive.token}`);
    expect(result).toMatchObject({ code: 4404, messages: [] });
  });

  it('lets vendor staff who do not own the company read its custom room', async () => {
    const allowed = connect(app.baseUrl, `room:${roomB}`, world.manager.token);
    await synced(allowed);
    expect(allowed.doc.getText('body').toString()).toBe('beta secrets');
    allowed.destroy();
  });

  it('closes with 4401 for a bad or missing token', async () => {
    expect(await refusal(`/room:${roomA}?token=not-a-jwt`)).toMatchObject({ code: 4401, messages: [] });
    expect(await refusal(`/room:${roomA}`)).toMatchObject({ code: 4401, messages: [] });
  });

  it('closes with 4404 for an unknown prefix, a malformed name and a room that is not custom', async () => {
    const token = world.admin.token;
    expect(await refusal(`/nope:${roomA}?token=${token}`)).toMatchObject({ code: 4404, messages: [] });
    expect(await refusal(`/room:not-a-uuid?token=${token}`)).toMatchObject({ code: 4404, messages: [] });
    expect(await refusal(`/room?token=${token}`)).toMatchObject({ code: 4404, messages: [] });
    const rooms = await world.api.get(`/companies/${world.companyA}/rooms`, token);
    const plansRoom = rooms.body.find((room: { kind: string }) => room.kind === 'plans').id;
    expect(await refusal(`/room:${plansRoom}?token=${token}`)).toMatchObject({ code: 4404, messages: [] });
  });

  it('a stock provider with a foreign token stays empty and stops retrying', async () => {
    const intruder = connect(app.baseUrl, `room:${roomB}`, world.a.partner_member.token);
    const closed = await new Promise<{ code: number }>((resolve) =>
      intruder.provider.once('closed', (event) => resolve(event)),
    );
    expect(closed.code).toBe(4404);
    expect(intruder.provider.synced).toBe(false);
    expect(intruder.doc.getText('body').toString()).toBe('');
    intruder.destroy();
  });
});
