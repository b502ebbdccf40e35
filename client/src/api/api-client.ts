import { Session, SessionStore, sessionFromTokens } from './session-store';
import type { LoginResponse, Tokens } from './types';

export interface ErrorDetail {
  field: string;
  problem: string;
}

/** A non-2xx answer, shaped as the contract's error body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface RequestOptions {
  body?: unknown;
  /** Sends no bearer token and never refreshes (login, setup, invitations). */
  anonymous?: boolean;
  idempotencyKey?: string;
  signal?: AbortSignal;
}

/** Refresh this long before the access token runs out, so sockets never connect with a dying one. */
const REFRESH_MARGIN_MS = 30_000;
const PREFETCH_TTL_MS = 10_000;
export const SESSION_EXPIRED_MESSAGE = 'Your session has expired. Please sign in again.';

/**
 * REST over fetch with the session's bearer token. A 401 triggers one refresh (single-flight, since a
 * refresh token is single-use and reusing one ends the session), then the request is retried once; when
 * the session cannot be refreshed it is cleared and `onExpired` says why.
 */
export class ApiClient {
  private refreshing: Promise<boolean> | null = null;
  private readonly prefetched = new Map<string, { promise: Promise<unknown>; at: number }>();
  onExpired: (message: string) => void = () => undefined;

  constructor(
    readonly store: SessionStore,
    private readonly fetchImpl: FetchLike,
    private readonly base = '/api/v1',
    private readonly now: () => number = Date.now,
  ) {}

  get<T>(path: string, signal?: AbortSignal): Promise<T> {
    const early = this.prefetched.get(path);
    if (early) {
      this.prefetched.delete(path);
      if (this.now() - early.at < PREFETCH_TTL_MS) return early.promise as Promise<T>;
    }
    return this.request<T>('GET', path, { signal });
  }

  /** Starts a GET the page will ask for once it renders; the first get() of the same path takes its answer. */
  prefetch(path: string): void {
    if (!this.store.current || this.prefetched.has(path)) return;
    const promise = this.request('GET', path);
    promise.catch(() => undefined);
    this.prefetched.set(path, { promise, at: this.now() });
  }

  post<T>(path: string, body?: unknown, options: Omit<RequestOptions, 'body'> = {}): Promise<T> {
    return this.request<T>('POST', path, { ...options, body });
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, { body });
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    if (options.anonymous) return this.parse<T>(await this.send(method, path, options, null));
    let session = this.store.current;
    if (!session) throw new ApiError(401, 'Not signed in');
    if (this.expiringSoon(session)) {
      await this.refresh(session.accessToken);
      session = this.requireSession();
    }
    let response = await this.send(method, path, options, session.accessToken);
    if (response.status === 401) {
      if (!(await this.refresh(session.accessToken))) throw new ApiError(401, SESSION_EXPIRED_MESSAGE);
      response = await this.send(method, path, options, this.requireSession().accessToken);
      if (response.status === 401) {
        this.expire();
        throw new ApiError(401, SESSION_EXPIRED_MESSAGE);
      }
    }
    return this.parse<T>(response);
  }

  /** An access token good for at least the refresh margin, for the socket and collab handshakes. */
  async freshAccessToken(): Promise<string | null> {
    const session = this.store.current;
    if (!session) return null;
    if (this.expiringSoon(session)) await this.refresh(session.accessToken);
    return this.store.current?.accessToken ?? null;
  }

  async login(email: string, password: string): Promise<Session> {
    const result = await this.post<LoginResponse>('/auth/login', { email, password }, { anonymous: true });
    return this.begin(result);
  }

  begin(result: LoginResponse): Session {
    const session = sessionFromTokens(result, result.user, this.now());
    this.store.set(session);
    return session;
  }

  async logout(): Promise<void> {
    const session = this.store.current;
    this.store.set(null);
    if (!session) return;
    await this.fetchImpl(`${this.base}/auth/logout`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${session.accessToken}` },
      body: JSON.stringify({ refreshToken: session.refreshToken }),
    }).catch(() => undefined);
  }

  /**
   * Rotates the refresh token unless someone (this tab or another) already replaced `staleAccessToken`.
   * Resolves false when the session is over; network failures reject and leave the session alone.
   */
  refresh(staleAccessToken: string): Promise<boolean> {
    if (this.refreshing) return this.refreshing;
    const attempt = async (): Promise<boolean> => {
      const before = this.store.reload();
      if (!before) return this.expire();
      if (before.accessToken !== staleAccessToken && !this.expiringSoon(before)) return true;
      const response = await this.fetchImpl(`${this.base}/auth/refresh`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ refreshToken: before.refreshToken }),
      });
      if (response.ok) {
        const tokens = (await response.json()) as Tokens;
        this.store.set(sessionFromTokens(tokens, before.user, this.now()));
        return true;
      }
      if (response.status === 401 || response.status === 400) {
        // Another tab may have rotated it a moment ago: its pair is in storage now.
        const after = this.store.reload();
        if (after && after.refreshToken !== before.refreshToken) return true;
        return this.expire();
      }
      throw new ApiError(response.status, `Could not refresh the session (${response.status})`);
    };
    this.refreshing = attempt().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private expire(): false {
    const had = this.store.current !== null;
    this.store.set(null);
    if (had) this.onExpired(SESSION_EXPIRED_MESSAGE);
    return false;
  }

  private expiringSoon(session: Session): boolean {
    if (!session.expiresAt) return false;
    // Short-lived tokens (tests, strict deployments) refresh in their last quarter instead.
    const margin = Math.min(REFRESH_MARGIN_MS, (session.lifetimeMs || Infinity) / 4);
    return session.expiresAt - this.now() < margin;
  }

  private requireSession(): Session {
    const session = this.store.current;
    if (!session) throw new ApiError(401, SESSION_EXPIRED_MESSAGE);
    return session;
  }

  private send(method: string, path: string, options: RequestOptions, token: string | null) {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    if (token) headers.Authorization = `Bearer ${token}`;
    if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
    return this.fetchImpl(`${this.base}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  }

  private async parse<T>(response: Response): Promise<T> {
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON (a proxy's error page): the status alone says what happened.
    }
    if (!response.ok) {
      const error = (body ?? {}) as { message?: unknown; details?: ErrorDetail[] };
      const message =
        typeof error.message === 'string'
          ? error.message
          : Array.isArray(error.message)
            ? error.message.join(', ')
            : `Request failed (${response.status})`;
      throw new ApiError(response.status, message, Array.isArray(error.details) ? error.details : []);
    }
    return body as T;
  }
}
