import { jitteredBackoff } from '../../../realtime/backoff';

/** Close codes after which reconnecting cannot help: bad data, access gone, document missing or too large. */
function isFinal(code: number): boolean {
  return code >= 4400 && code < 4500 && code !== 4401;
}

/**
 * Milliseconds before reconnecting a collaboration socket closed with `code` (null: we closed it on purpose),
 * or null for no retry. An expired session (4401) is retried, after the token is refreshed, like any drop.
 * Jittered so that a restarted server is not hit by every editor at the same instant.
 */
export function collabRetryDelay(code: number | null, attempt: number, random?: () => number): number | null {
  if (code === null || isFinal(code)) return null;
  return jitteredBackoff(attempt, { baseMs: 500, maxMs: 10_000, random });
}
