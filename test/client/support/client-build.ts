import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const CLIENT = join(ROOT, 'client');
const DIST_INDEX = join(CLIENT, 'dist', 'index.html');
export const CHROMIUM = '/usr/bin/chromium';

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function stale(): boolean {
  if (!existsSync(DIST_INDEX)) return true;
  const built = statSync(DIST_INDEX).mtimeMs;
  const sources = Math.max(
    newestSource(join(CLIENT, 'src')),
    statSync(join(CLIENT, 'index.html')).mtimeMs,
    statSync(join(CLIENT, 'vite.config.mts')).mtimeMs,
  );
  return sources > built;
}

/**
 * Builds client/dist when it is missing or older than client/src. Jest's global setup calls it once, before
 * any worker starts, so suites never race to build.
 */
export function ensureClientBuilt(): void {
  if (!stale()) return;
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', 'client'], {
    cwd: ROOT,
    stdio: 'pipe',
    timeout: 170_000,
  });
}
