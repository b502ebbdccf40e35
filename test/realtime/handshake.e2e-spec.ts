import { WebSocket } from 'ws';
import { Api } from '../support/api';
import { login, setupWorkspace } from '../support/factories';
import { closeSockets, connect, connected, openSocket } from '../support/realtime';
import { startTestApp, TestApp } from '../support/test-app';

describe('realtime: the handshake is authenticated and origin-checked', () => {
  let app: TestApp;
  let token: string;
  let email: string;

  beforeAll(async () => {
    app = await startTestApp({ CORS_ORIGINS: 'https://app.example.test' });
    const { admin } = await setupWorkspace(new Api(app.baseUrl));
    token = admin.token;
    email = admin.email;
  });
  afterEach(() => closeSockets());
  afterAll(() => app.close());

  it.each([
    ['no token', undefined],
    ['a malformed token', 'not-a-jwt'],
    ['a token signed with another secret', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl'],
  ])('refuses %s with a 401 before connecting', async (_what, bad) => {
    const socket = openSocket(app.baseUrl, bad);
    const error = await connected(socket).then(
      () => null,
      (e: Error & { data?: unknown }) => e,
    );
    expect(error?.data).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    expect(socket.connected).toBe(false);
  });

  it('drops a connection that never completes the handshake', async () => {
    const raw = new WebSocket(`${app.baseUrl.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
    const frames: string[] = [];
    raw.on('message', (data) => frames.push(data.toString()));
    const closed = new Promise<void>((resolve) => raw.once('close', () => resolve()));
    const deadline = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error('still open after 3 s')), 3000).unref(),
    );
    await Promise.race([closed, deadline]);
    // Engine.IO opened the transport, but no namespace connection was ever granted.
    expect(frames[0]).toMatch(/^0\{/);
    expect(frames.some((f) => f.startsWith('40'))).toBe(false);
  });

  it('refuses the token of a session that was logged out', async () => {
    const api = new Api(app.baseUrl);
    const session = await login(api, email);
    expect(
      (await api.post('/auth/logout', { refreshToken: session.refreshToken }, session.accessToken)).status,
    ).toBeLessThan(300);
    const error = await connected(openSocket(app.baseUrl, session.accessToken)).then(
      () => null,
      (e: Error & { data?: unknown }) => e,
    );
    expect(error?.data).toMatchObject({ statusCode: 401 });
  });

  it('accepts allowed origins and clients without one, refuses other origins', async () => {
    await connect(app.baseUrl, token);
    await connect(app.baseUrl, token, { extraHeaders: { origin: 'https://app.example.test' } });
    const foreign = openSocket(app.baseUrl, token, { extraHeaders: { origin: 'https://evil.example.test' } });
    await expect(connected(foreign)).rejects.toThrow();
    const polling = openSocket(app.baseUrl, token, {
      transports: ['polling'],
      extraHeaders: { origin: 'https://evil.example.test' },
    });
    await expect(connected(polling)).rejects.toThrow();
  });
});
