import type { IncomingMessage } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { RealtimeGateway } from '../../src/core/realtime/realtime.gateway';
import { Api } from '../support/api';
import { setupWorkspace } from '../support/factories';
import { closeSockets, connect, request } from '../support/realtime';
import { startTestApp, TestApp } from '../support/test-app';

// A full, synchronous collection on demand (the way Jest's own leak detector gets one).
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** Collects garbage once the current job is over, when WeakRefs made during it may be cleared. */
async function afterFullCollection(): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  collectGarbage();
}

describe('realtime: an idle socket keeps only what it needs', () => {
  let app: TestApp;
  let token: string;
  let gateway: RealtimeGateway;
  const upgrades: Array<{ request: WeakRef<object>; response: WeakRef<object> }> = [];

  beforeAll(async () => {
    app = await startTestApp();
    token = (await setupWorkspace(new Api(app.baseUrl))).admin.token;
    gateway = app.running.app.get(RealtimeGateway);
    // Runs after the gateway's own middlewares, for every WebSocket upgrade.
    gateway.server.engine.use((req: IncomingMessage, res: object, next: () => void) => {
      if (req.headers.upgrade) upgrades.push({ request: new WeakRef(req), response: new WeakRef(res) });
      next();
    });
  });
  afterEach(() => {
    closeSockets();
    upgrades.splice(0);
  });
  afterAll(() => app.close());

  const serverSocket = (id: string | undefined) => {
    const socket = gateway.server.of('/').sockets.get(id ?? '');
    if (!socket) throw new Error(`no server socket ${id}`);
    return socket;
  };

  it.each([
    ['a WebSocket connection', ['websocket']],
    ['a polling connection upgraded to WebSocket', ['polling', 'websocket']],
  ])('%s keeps neither the upgrade request nor its stand-in response', async (_what, transports) => {
    const socket = await connect(app.baseUrl, token, { transports });
    const engine = socket.io.engine;
    if (engine.transport.name !== 'websocket') {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no upgrade within 5 s')), 5000);
        engine.once('upgrade', () => resolve(clearTimeout(timer)));
      });
    }
    expect(upgrades).toHaveLength(1);
    await afterFullCollection();
    const [{ request: upgradeRequest, response: standIn }] = upgrades;
    expect({
      request: upgradeRequest.deref() !== undefined,
      response: standIn.deref() !== undefined,
    }).toEqual({
      request: false,
      response: false,
    });

    // Still served, and its end is still noticed.
    expect(await request(socket, 'room:join', { roomId: 'nope' })).toMatchObject({
      ok: false,
      error: { statusCode: 400 },
    });
    const gone = new Promise<string>((resolve) => serverSocket(socket.id).once('disconnect', resolve));
    engine.close();
    expect(await gone).toBe('transport close');
  });

  it('keeps no token, and shares its event listeners with every other socket', async () => {
    const [a, b] = [await connect(app.baseUrl, token), await connect(app.baseUrl, token)];
    const [one, other] = [serverSocket(a.id), serverSocket(b.id)];
    expect(JSON.stringify(one.handshake)).not.toContain(token);
    expect(one.listenersAny()).toHaveLength(1);
    expect(one.listenersAny()[0]).toBe(other.listenersAny()[0]);
    expect(one.listeners('disconnect')).toEqual(other.listeners('disconnect'));
    expect(one.eventNames()).not.toContain('room:join');
  });
});
