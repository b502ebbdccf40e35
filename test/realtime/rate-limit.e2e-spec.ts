import { Api } from '../support/api';
import { setupWorkspace } from '../support/factories';
import { closeSockets, connect, request, waitFor, waitForDisconnect } from '../support/realtime';
import { startTestApp, TestApp } from '../support/test-app';

describe('realtime: per-socket event rate limit', () => {
  let app: TestApp;
  let token: string;

  beforeAll(async () => {
    app = await startTestApp();
    token = (await setupWorkspace(new Api(app.baseUrl))).admin.token;
  });
  afterEach(() => closeSockets());
  afterAll(() => app.close());

  it('drops the abuser with an error while a neighbour of the same user keeps working', async () => {
    const abuser = await connect(app.baseUrl, token);
    const neighbour = await connect(app.baseUrl, token);
    const told = waitFor(abuser, 'error');
    const dropped = waitForDisconnect(abuser);
    for (let i = 0; i < 150; i++)
      abuser.emit('room:leave', { roomId: '00000000-0000-4000-8000-000000000000' });
    expect(await told).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    expect(await dropped).toBe('io server disconnect');
    expect(await request(neighbour, 'room:join', { roomId: 'nope' })).toMatchObject({
      ok: false,
      error: { statusCode: 400 },
    });
    expect(neighbour.connected).toBe(true);
  });

  it('lets a socket send up to the limit', async () => {
    const busy = await connect(app.baseUrl, token);
    const answers = await Promise.all(
      Array.from({ length: 100 }, () =>
        request(busy, 'room:leave', { roomId: '00000000-0000-4000-8000-000000000000' }),
      ),
    );
    expect(answers.every((a) => a.error?.statusCode === 403)).toBe(true);
    expect(busy.connected).toBe(true);
  });
});
