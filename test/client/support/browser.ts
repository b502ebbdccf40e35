import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { PASSWORD } from '../../support/factories';

const ROOT = join(__dirname, '..', '..', '..');
const CLIENT = join(ROOT, 'client');
const DIST_INDEX = join(CLIENT, 'dist', 'index.html');
export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = join(ROOT, 'test-artifacts', 'client');

/** Browser suites run wherever Debian's Chromium is installed (.ci/run installs it); elsewhere they skip. */
export const describeInBrowser: jest.Describe = existsSync(CHROMIUM) ? describe : describe.skip;

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
 * Builds client/dist when it is missing or older than client/src; suites running in parallel take turns on
 * a directory lock so only one builds.
 */
export async function ensureClientBuilt(): Promise<void> {
  if (!stale()) return;
  mkdirSync(join(ROOT, 'test-artifacts'), { recursive: true });
  const lock = join(ROOT, 'test-artifacts', '.client-build.lock');
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than the deadline is from a run that died.
      if (Date.now() - statSync(lock).mtimeMs > 180_000) rmdirSync(lock);
      if (Date.now() > deadline) throw new Error('timed out waiting for the client build lock');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    if (stale()) {
      execFileSync(
        process.execPath,
        [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', 'client'],
        {
          cwd: ROOT,
          stdio: 'pipe',
          timeout: 170_000,
        },
      );
    }
  } finally {
    rmdirSync(lock);
  }
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** A fresh context (its own storage, so its own session) with a page signed in through the login form. */
export async function signedIn(
  browser: Browser,
  baseUrl: string,
  email: string,
  options: { width?: number; height?: number } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: options.width ?? 1280, height: options.height ?? 860 },
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[browser ${email}] ${error.message}`));
  await page.goto('/');
  await signInOn(page, email);
  return { context, page };
}

export async function signInOn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}
