import * as encoding from 'lib0/encoding';
import { buildWorld, World } from '../support/factories';
import { Api } from '../support/api';
import { connect, createCustomRoom, eventually, rawSession, synced } from '../support/collab-clients';
import { startTestApp, TestApp } from '../support/test-app';

function awarenessFrame(entries: Array<{ clientId: number; clock: number; state: unknown }>): Buffer {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(inner, entry.clientId);
    encoding.writeVarUint(inner, entry.clock);
    encoding.writeVarString(inner, JSON.stringify(entry.state));
  }
  const outer = encoding.createEncoder();
  encoding.writeVarUint(outer, 1);
  encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
  return Buffer.from(encoding.toUint8Array(outer));
}

describe('collab: awareness names the token user; forged states are corrected or dropped', () => {
  let app: TestApp;
  let world: World;
  let docName: string;

  beforeAll(async () => {
    app = await startTestApp({ COLLAB_MAX_AWARENESS_CLIENTS: '4' });
    world = await buildWorld(new Api(app.baseUrl));
    docName = `room:${await createCustomRoom(world.api, world.admin, world.companyA)}`;
  });
  afterAll(() => app.close());

  it('stamps user, refuses to speak for another client and caps clients per doc', async () => {
    const victim = connect(app.baseUrl, docName, world.manager.token);
    victim.provider.awareness.setLocalStateField('user', { name: 'Cora', color: '#f00' });
    const watcher = connect(app.baseUrl, docName, world.a.partner_executive.token);
    watcher.provider.awareness.setLocalStateField('viewing', 'page');
    await Promise.all([synced(victim), synced(watcher)]);
    const victimId = victim.doc.clientID;
    await eventually(
      () => watcher.provider.awareness.getStates().get(victimId)?.user?.id === world.manager.id,
      'the victim state at the watcher',
    );
    await eventually(
      () => victim.provider.awareness.getStates().get(watcher.doc.clientID)?.viewing === 'page',
      'the watcher state at the victim',
    );

    const forger = world.a.partner_member;
    const session = rawSession(app.baseUrl, `/${docName}?token=${forger.token}`, (ws) =>
      ws.once('message', () => {
        ws.send(
          awarenessFrame([
            {
              clientId: 424242,
              clock: 1,
              state: { user: { id: world.admin.id, name: 'Ada Admin', color: '#0f0' } },
            },
            { clientId: victimId, clock: 99, state: { user: { id: world.admin.id, name: 'Hijacked' } } },
          ]),
        );
      }),
    );
    await eventually(
      () => watcher.provider.awareness.getStates().has(424242),
      'the forger state to arrive corrected',
    );
    expect(watcher.provider.awareness.getStates().get(424242)!.user).toEqual({
      id: forger.id,
      name: 'partner_member',
      color: '#0f0',
    });
    expect(watcher.provider.awareness.getStates().get(victimId)!.user.id).toBe(world.manager.id);

    // Cap of 4 clients per doc: victim, watcher and 424242 are three; only one more id gets in.
    session.ws.send(
      awarenessFrame([
        { clientId: 500001, clock: 1, state: { x: 1 } },
        { clientId: 500002, clock: 1, state: { x: 2 } },
      ]),
    );
    await eventually(() => watcher.provider.awareness.getStates().has(500001), 'one more client');
    victim.doc.getText('t').insert(0, 'marker');
    await eventually(() => watcher.doc.getText('t').toString() === 'marker', 'a later message');
    expect(watcher.provider.awareness.getStates().has(500002)).toBe(false);

    session.ws.close();
    await session.closed;
    await eventually(
      () => !watcher.provider.awareness.getStates().has(424242),
      'the forger states to leave with it',
    );
    victim.destroy();
    watcher.destroy();
  });
});
