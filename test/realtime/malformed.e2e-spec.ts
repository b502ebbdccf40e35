import { Api } from '../support/api';
import { buildWorld, World } from '../support/factories';
import { closeSockets, connect, request, roomOf, waitForDisconnect } from '../support/realtime';
import { startTestApp, TestApp } from '../support/test-app';

describe('realtime: malformed payloads get error acks, never a crash', () => {
  let app: TestApp;
  let world: World;
  let roomId: string;

  beforeAll(async () => {
    app = await startTestApp({ SOCKET_MAX_BUFFER_BYTES: '4096' });
    world = await buildWorld(new Api(app.baseUrl));
    roomId = await roomOf(world.api, world.admin.token, world.companyA, 'overview');
  });
  afterEach(() => closeSockets());
  afterAll(() => app.close());

  it.each([
    ['room:join', undefined],
    ['room:join', null],
    ['room:join', 'a string'],
    ['room:join', [1, 2]],
    ['room:join', { roomId: 5 }],
    ['room:join', { roomId: '6f1c7a52-3b8e-4c1e-9d0a-6c2f1b8e4a10', extra: true }],
    ['room:leave', {}],
    ['presence:set', { roomId: '6f1c7a52-3b8e-4c1e-9d0a-6c2f1b8e4a10', state: 'busy' }],
    ['presence:set', { roomId: '6f1c7a52-3b8e-4c1e-9d0a-6c2f1b8e4a10', state: 'away', viewing: 'plan' }],
    [
      'presence:set',
      { roomId: '6f1c7a52-3b8e-4c1e-9d0a-6c2f1b8e4a10', state: 'away', viewing: { type: 'Plan!', id: 1 } },
    ],
    ['typing', { roomId: '6f1c7a52-3b8e-4c1e-9d0a-6c2f1b8e4a10' }],
  ])('%s %j → 400', async (event, payload) => {
    const socket = await connect(app.baseUrl, world.a.partner_executive.token);
    const answer = await request(socket, event, payload);
    expect(answer).toMatchObject({ ok: false, error: { statusCode: 400, error: 'Bad Request' } });
    expect(answer.error.message).toEqual(expect.any(String));
    expect((await request(socket, 'room:join', { roomId })).ok).toBe(true);
  });

  it('survives events without an ack, unknown events and odd argument lists', async () => {
    const socket = await connect(app.baseUrl, world.a.partner_executive.token);
    socket.emit('room:join', { roomId: 12 });
    socket.emit('room:join');
    socket.emit('no-such-event', { x: 1 });
    socket.emit('presence:set', { roomId }, 'not an ack', 3);
    const joined = await request(socket, 'room:join', { roomId });
    expect(joined.ok).toBe(true);
    expect(joined.presence.roomId).toBe(roomId);
  });

  it('closes only the connection that sends a frame over the size limit', async () => {
    const big = await connect(app.baseUrl, world.a.partner_executive.token);
    const other = await connect(app.baseUrl, world.a.partner_manager.token);
    const closed = waitForDisconnect(big);
    big.emit('room:join', { roomId: 'x'.repeat(10_000) });
    expect(await closed).toBe('transport close');
    expect((await request(other, 'room:join', { roomId })).ok).toBe(true);
  });
});
