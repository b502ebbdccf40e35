import { ApiClient, SESSION_EXPIRED_MESSAGE } from '../../client/src/api/api-client';
import { MemoryStorage, SessionStore, sessionFromTokens } from '../../client/src/api/session-store';
import type { User } from '../../client/src/api/types';
import { jitteredBackoff } from '../../client/src/realtime/backoff';
import {
  canEdit,
  canRecordProgress,
  relationToPlan,
  transitionsFor,
} from '../../client/src/rooms/plans/plan-permissions';
import { parseShellPath } from '../../client/src/shell/room-paths';

const USER: User = {
  id: 'u1',
  email: 'a@example.test',
  name: 'Ada',
  role: 'partner_manager',
  companyId: 'c1',
};

function json(status: number, body?: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

/** A fake server: the access token `access-N` is valid, refresh `refresh-N` rotates to N+1 once. */
function fakeServer() {
  let generation = 1;
  const used = new Set<string>();
  const calls: string[] = [];
  const fetch = jest.fn(async (url: string, init: RequestInit) => {
    calls.push(url);
    if (url.endsWith('/auth/refresh')) {
      const { refreshToken } = JSON.parse(String(init.body));
      if (used.has(refreshToken) || refreshToken !== `refresh-${generation}`)
        return json(401, { message: 'reused' });
      used.add(refreshToken);
      generation += 1;
      return json(200, {
        accessToken: `access-${generation}`,
        refreshToken: `refresh-${generation}`,
        expiresIn: 900,
      });
    }
    const auth = (init.headers as Record<string, string>).Authorization;
    if (auth !== `Bearer access-${generation}`) return json(401, { message: 'expired' });
    return json(200, { ok: true, token: auth });
  });
  return { fetch, calls, rotate: () => (generation += 1) };
}

function clientWith(server: ReturnType<typeof fakeServer>, storage = new MemoryStorage()) {
  const store = new SessionStore(storage);
  store.set(sessionFromTokens({ accessToken: 'access-1', refreshToken: 'refresh-1', expiresIn: 900 }, USER));
  const api = new ApiClient(store, server.fetch);
  const expired: string[] = [];
  api.onExpired = (message) => expired.push(message);
  return { api, store, expired };
}

describe('client: REST session handling', () => {
  it('refreshes once on a 401 and retries with the rotated token', async () => {
    const server = fakeServer();
    const { api, store } = clientWith(server);
    store.set({ ...store.current!, accessToken: 'access-0' }); // the server no longer takes it
    await expect(api.get('/me')).resolves.toMatchObject({ token: 'Bearer access-2' });
    expect(store.current).toMatchObject({ accessToken: 'access-2', refreshToken: 'refresh-2' });
  });

  it('shares one refresh between concurrent 401s, since a refresh token works only once', async () => {
    const server = fakeServer();
    const { api, store } = clientWith(server);
    store.set({ ...store.current!, accessToken: 'access-0' });
    const results = await Promise.all([api.get('/a'), api.get('/b'), api.get('/c')]);
    expect(results).toHaveLength(3);
    expect(server.calls.filter((url) => url.endsWith('/auth/refresh'))).toHaveLength(1);
  });

  it('ends the session with a message when the refresh token is refused', async () => {
    const server = fakeServer();
    const { api, store, expired } = clientWith(server);
    store.set({ ...store.current!, accessToken: 'access-0', refreshToken: 'refresh-9' });
    await expect(api.get('/me')).rejects.toMatchObject({ status: 401, message: SESSION_EXPIRED_MESSAGE });
    expect(store.current).toBeNull();
    expect(expired).toEqual([SESSION_EXPIRED_MESSAGE]);
  });

  it('adopts a pair another tab rotated instead of reusing the old refresh token', async () => {
    const server = fakeServer();
    const storage = new MemoryStorage();
    const { api } = clientWith(server, storage);
    // Another tab refreshed: it wrote generation 2 to the shared storage.
    const other = new SessionStore(storage);
    other.set(
      sessionFromTokens({ accessToken: 'access-2', refreshToken: 'refresh-2', expiresIn: 900 }, USER),
    );
    server.rotate();
    await expect(api.get('/me')).resolves.toMatchObject({ token: 'Bearer access-2' });
    expect(server.calls.filter((url) => url.endsWith('/auth/refresh'))).toHaveLength(0);
  });

  it('refreshes ahead of expiry so sockets never hand over a dying token', async () => {
    const server = fakeServer();
    const store = new SessionStore(new MemoryStorage());
    let now = 1_000_000;
    const api = new ApiClient(store, server.fetch, '/api/v1', () => now);
    store.set(
      sessionFromTokens({ accessToken: 'access-1', refreshToken: 'refresh-1', expiresIn: 900 }, USER, now),
    );
    expect(await api.freshAccessToken()).toBe('access-1');
    now += 890_000;
    expect(await api.freshAccessToken()).toBe('access-2');
  });

  it('shapes error bodies into messages with field details', async () => {
    const store = new SessionStore(new MemoryStorage());
    const api = new ApiClient(store, async () =>
      json(400, {
        statusCode: 400,
        message: 'Invalid input',
        details: [{ field: 'email', problem: 'is not an email' }],
      }),
    );
    await expect(api.post('/setup', {}, { anonymous: true })).rejects.toMatchObject({
      status: 400,
      message: 'Invalid input',
      details: [{ field: 'email', problem: 'is not an email' }],
    });
  });
});

describe('client: reconnect backoff', () => {
  it('grows exponentially, stays within the cap and spreads by the jitter', () => {
    const low = (n: number) =>
      jitteredBackoff(n, { baseMs: 1000, maxMs: 30_000, jitter: 0.5, random: () => 0 });
    const high = (n: number) =>
      jitteredBackoff(n, { baseMs: 1000, maxMs: 30_000, jitter: 0.5, random: () => 0.999 });
    expect([low(0), low(1), low(2)]).toEqual([500, 1000, 2000]);
    expect(high(0)).toBeGreaterThan(1400);
    expect(high(20)).toBeLessThanOrEqual(30_000);
    expect(low(20)).toBe(15_000);
    const spread = new Set(Array.from({ length: 20 }, () => jitteredBackoff(3)));
    expect(spread.size).toBeGreaterThan(1);
  });
});

describe('client: plan permissions mirror the server policy', () => {
  const owner = { id: 'cm', role: 'channel_manager' as const };
  const plan = { ownerId: 'cm' };

  it('lets partner managers edit only while the plan is in review, owners while it is live', () => {
    expect(canEdit('partner_manager', 'draft')).toBe(true);
    expect(canEdit('partner_manager', 'active')).toBe(false);
    expect(canEdit('partner_member', 'draft')).toBe(false);
    expect(canEdit(relationToPlan(owner, plan), 'active')).toBe(true);
    expect(canEdit(relationToPlan(owner, { ownerId: 'someone else' }), 'draft')).toBe(false);
    expect(canEdit('admin', 'completed')).toBe(false);
    expect(canRecordProgress('partner_executive', 'active')).toBe(true);
    expect(canRecordProgress('vendor', 'active')).toBe(false);
  });

  it('offers share to owners and approval to owners and partner executives only', () => {
    expect(transitionsFor('owner', 'draft_outline').map((t) => t.to)).toEqual(['draft', 'archived']);
    expect(transitionsFor('partner_executive', 'draft').map((t) => t.to)).toEqual(['scheduled']);
    expect(transitionsFor('partner_manager', 'draft')).toEqual([]);
    expect(transitionsFor('vendor', 'draft')).toEqual([]);
  });
});

describe('client: shell routes', () => {
  it('reads company, room and plan from the path and refuses unknown shapes', () => {
    expect(parseShellPath('/')).toEqual({ companyId: null, kind: null, roomId: null, planId: null });
    expect(parseShellPath('/c/a/plans/p')).toEqual({
      companyId: 'a',
      kind: 'plans',
      roomId: null,
      planId: 'p',
    });
    expect(parseShellPath('/c/a/custom/r')).toMatchObject({ kind: 'custom', roomId: 'r' });
    expect(parseShellPath('/c/a/messages')).toMatchObject({ kind: 'messages' });
    expect(parseShellPath('/c/a/nonsense')).toBeNull();
    expect(parseShellPath('/elsewhere')).toBeNull();
  });
});
