import { createHmac, randomBytes } from 'node:crypto';
import { Api } from '../support/api';
import { Actor, createUser, login, PASSWORD, setupWorkspace, uniqueEmail } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

type Claims = Record<string, unknown>;

function base64url(value: unknown): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

/** A JWT signed by hand, so the tests control every header and claim. */
function sign(claims: Claims, secret: string, header: Claims = { alg: 'HS256', typ: 'JWT' }): string {
  const unsigned = `${base64url(header)}.${base64url(claims)}`;
  const algorithm = header.alg === 'HS512' ? 'sha512' : 'sha256';
  return `${unsigned}.${createHmac(algorithm, secret).update(unsigned).digest('base64url')}`;
}

function claimsOf(token: string): Claims {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}

describe('auth attacks', () => {
  let app: TestApp;
  let api: Api;
  let secret: string;
  let admin: Actor;
  let adminToken: string;

  beforeAll(async () => {
    app = await startTestApp();
    api = new Api(app.baseUrl);
    secret = app.config.jwtSecret;
    admin = (await setupWorkspace(api)).admin;
    adminToken = admin.token;
  });
  afterAll(() => app.close());

  /** A fresh session of a new vendor member and the claims of its access token. */
  async function session() {
    const user = await createUser(api, admin, 'vendor_member', null);
    return { user, claims: claimsOf(user.token) };
  }

  async function meStatus(token: string): Promise<number> {
    return (await api.get('/me', token)).status;
  }

  describe('access tokens', () => {
    it('accepts a token signed by hand with the right secret and claims (so the refusals below mean something)', async () => {
      const { claims } = await session();
      expect(await meStatus(sign({ ...claims, exp: Math.floor(Date.now() / 1000) + 60 }, secret))).toBe(200);
    });

    it('refuses alg:none', async () => {
      const { claims } = await session();
      const unsigned = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims)}.`;
      expect(await meStatus(unsigned)).toBe(401);
      expect(await meStatus(unsigned.slice(0, -1))).toBe(401);
    });

    it('refuses another algorithm than the pinned one, even with the right secret', async () => {
      const { claims } = await session();
      expect(await meStatus(sign(claims, secret, { alg: 'HS512', typ: 'JWT' }))).toBe(401);
    });

    it('refuses a tampered signature and a tampered payload', async () => {
      const { user, claims } = await session();
      const [header, payload, signature] = user.token.split('.');
      const flipped = signature[0] === 'A' ? 'B' + signature.slice(1) : 'A' + signature.slice(1);
      expect(await meStatus(`${header}.${payload}.${flipped}`)).toBe(401);
      const escalated = base64url({ ...claims, sub: claimsOf(adminToken).sub });
      expect(await meStatus(`${header}.${escalated}.${signature}`)).toBe(401);
      expect(await meStatus(user.token)).toBe(200);
    });

    it('refuses a token signed with another secret', async () => {
      const { claims } = await session();
      expect(await meStatus(sign(claims, randomBytes(32).toString('hex')))).toBe(401);
    });

    it('refuses an expired token', async () => {
      const { claims } = await session();
      const past = Math.floor(Date.now() / 1000) - 60;
      expect(await meStatus(sign({ ...claims, iat: past - 900, exp: past }, secret))).toBe(401);
    });

    it('refuses a token without exp', async () => {
      const { claims } = await session();
      const { exp: _exp, ...rest } = claims;
      void _exp;
      expect(await meStatus(sign(rest, secret))).toBe(401);
    });

    it('refuses the wrong audience or issuer', async () => {
      const { claims } = await session();
      expect(await meStatus(sign({ ...claims, aud: 'another-app' }, secret))).toBe(401);
      expect(await meStatus(sign({ ...claims, iss: 'someone-else' }, secret))).toBe(401);
    });

    it('refuses a refresh token used as an access token, and a signed token of another type', async () => {
      const { user, claims } = await session();
      expect(await meStatus(user.refreshToken)).toBe(401);
      expect(await meStatus(sign({ ...claims, typ: 'refresh' }, secret))).toBe(401);
      const res = await api.get('/me', user.refreshToken);
      expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    });
  });

  describe('refresh tokens', () => {
    it('are single use: reusing a rotated one ends the whole family', async () => {
      const { user } = await session();
      const first = await api.post('/auth/refresh', { refreshToken: user.refreshToken });
      expect(first.status).toBe(200);
      expect(await meStatus(first.body.accessToken)).toBe(200);

      const reuse = await api.post('/auth/refresh', { refreshToken: user.refreshToken });
      expect(reuse.status).toBe(401);
      // The newer refresh token and every access token of the family stop working.
      expect((await api.post('/auth/refresh', { refreshToken: first.body.refreshToken })).status).toBe(401);
      expect(await meStatus(first.body.accessToken)).toBe(401);
      expect(await meStatus(user.token)).toBe(401);

      // Other sessions of the same user are untouched.
      const other = await login(api, user.email);
      expect(await meStatus(other.accessToken)).toBe(200);
    });

    it('refuses an access token offered as a refresh token', async () => {
      const { user } = await session();
      const res = await api.post('/auth/refresh', { refreshToken: user.token });
      expect([400, 401]).toContain(res.status);
      expect(await meStatus(user.token)).toBe(200);
    });
  });

  it('a disabled user’s current access token fails at once, and so does their refresh token', async () => {
    const { user } = await session();
    expect(await meStatus(user.token)).toBe(200);
    const disabled = await api.patch(`/users/${user.id}`, { status: 'disabled' }, adminToken);
    expect(disabled.status).toBe(200);
    expect(await meStatus(user.token)).toBe(401);
    expect((await api.post('/auth/refresh', { refreshToken: user.refreshToken })).status).toBe(401);
    expect((await api.post('/auth/login', { email: user.email, password: PASSWORD })).status).toBe(401);
  });

  describe('login', () => {
    function withoutRequestId(body: Record<string, unknown>) {
      const { requestId: _requestId, ...rest } = body;
      void _requestId;
      return rest;
    }

    it('answers an unknown email and a wrong password alike', async () => {
      const { user } = await session();
      const wrong = await api.post('/auth/login', { email: user.email, password: 'not the password' });
      const unknown = await api.post('/auth/login', {
        email: uniqueEmail('nobody'),
        password: 'not the password',
      });
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(wrong.status);
      expect(withoutRequestId(unknown.body)).toEqual(withoutRequestId(wrong.body));
    });

    it('throttles repeated wrong passwords per account with 429 and Retry-After, for unknown emails too', async () => {
      const { user } = await session();
      const ghost = uniqueEmail('ghost');
      const statuses: number[] = [];
      const ghostStatuses: number[] = [];
      for (let i = 0; i < 6; i += 1) {
        statuses.push((await api.post('/auth/login', { email: user.email, password: `wrong ${i}` })).status);
        ghostStatuses.push((await api.post('/auth/login', { email: ghost, password: `wrong ${i}` })).status);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
      expect(ghostStatuses).toEqual(statuses);

      // Even the right password waits until the window passes.
      const locked = await api.post('/auth/login', { email: user.email, password: PASSWORD });
      expect(locked.status).toBe(429);
      expect(locked.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
      const retryAfter = Number(locked.headers.get('retry-after'));
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);

      const ghostLocked = await api.post('/auth/login', { email: ghost, password: PASSWORD });
      expect(ghostLocked.status).toBe(429);
      expect(withoutRequestId(ghostLocked.body)).toEqual(withoutRequestId(locked.body));

      // Other accounts are not locked by it.
      const { user: bystander } = await session();
      expect((await api.post('/auth/login', { email: bystander.email, password: PASSWORD })).status).toBe(
        200,
      );
    });

    it('throttles failures per IP across accounts', async () => {
      let last = 0;
      for (let i = 0; i < 40 && last !== 429; i += 1) {
        last = (await api.post('/auth/login', { email: uniqueEmail(`spray${i}`), password: 'Winter2024!' }))
          .status;
      }
      expect(last).toBe(429);
      const res = await api.post('/auth/login', { email: uniqueEmail('spray'), password: 'Winter2024!' });
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    });
  });
});
