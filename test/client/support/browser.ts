import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { PASSWORD } from '../../support/factories';

const ROOT = join(__dirname, '..', '..', '..');
import { CHROMIUM } from './client-build';

export { CHROMIUM };
export const ARTIFACTS = join(ROOT, 'test-artifacts', 'client');

/** Browser suites run wherever Debian's Chromium is installed (.ci/run installs it); elsewhere they skip. */
export const describeInBrowser: jest.Describe = existsSync(CHROMIUM) ? describe : describe.skip;

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
