import type { Tokens, User } from './types';

/** What survives a reload: the token pair, when the access token expires, and who it belongs to. */
export interface Session {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms when the access token expires (0 when unknown). */
  expiresAt: number;
  /** How long access tokens of this session live (0 when unknown). */
  lifetimeMs: number;
  user: User;
}

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const KEY = 'pws.session';

export function sessionFromTokens(tokens: Tokens, user: User, now = Date.now()): Session {
  return {
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    expiresAt: tokens.expiresIn ? now + tokens.expiresIn * 1000 : 0,
    lifetimeMs: tokens.expiresIn ? tokens.expiresIn * 1000 : 0,
    user,
  };
}

/** The current session, kept in storage so other tabs and reloads see rotations, with change listeners. */
export class SessionStore {
  private listeners = new Set<(session: Session | null) => void>();
  private cached: Session | null;

  constructor(private readonly storage: KeyValueStorage) {
    this.cached = this.read();
  }

  get current(): Session | null {
    return this.cached;
  }

  /** Re-reads storage: another tab may have rotated the refresh token. */
  reload(): Session | null {
    this.cached = this.read();
    return this.cached;
  }

  set(session: Session | null): void {
    this.cached = session;
    if (session) this.storage.setItem(KEY, JSON.stringify(session));
    else this.storage.removeItem(KEY);
    for (const listener of [...this.listeners]) listener(session);
  }

  subscribe(listener: (session: Session | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private read(): Session | null {
    try {
      const raw = this.storage.getItem(KEY);
      if (!raw) return null;
      const parsed = JSON.parse(raw) as Partial<Session>;
      if (typeof parsed.accessToken !== 'string' || typeof parsed.refreshToken !== 'string' || !parsed.user)
        return null;
      return parsed as Session;
    } catch {
      return null;
    }
  }
}

/** In-memory storage for tests and for browsers that refuse localStorage. */
export class MemoryStorage implements KeyValueStorage {
  private map = new Map<string, string>();
  getItem(key: string): string | null {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.map.set(key, value);
  }
  removeItem(key: string): void {
    this.map.delete(key);
  }
}
