export interface BackoffOptions {
  baseMs?: number;
  maxMs?: number;
  /** 0..1: how far each delay may stray either side of the exponential step. */
  jitter?: number;
  random?: () => number;
}

/**
 * Delay before reconnect attempt `attempt` (0-based): exponential from `baseMs`, capped at `maxMs`, spread
 * by ±jitter so a restarted server is not hit by every client in the same instant.
 */
export function jitteredBackoff(attempt: number, options: BackoffOptions = {}): number {
  const { baseMs = 1000, maxMs = 30_000, jitter = 0.5, random = Math.random } = options;
  const step = Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(attempt, 30)));
  const spread = step * jitter * (random() * 2 - 1);
  return Math.max(0, Math.min(maxMs, Math.round(step + spread)));
}
