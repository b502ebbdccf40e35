import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Api } from '../../support/api';
import { Actor, buildWorld, World } from '../../support/factories';
import { startTestApp, TestApp } from '../../support/test-app';
import { launchChromium, screenshot, signedIn } from './browser';

/** The body of a 200 or 201 answer; anything else throws with `what`, the status and the body. */
export function ok(res: { status: number; body: any }, what: string) {
  if (res.status !== 200 && res.status !== 201)
    throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The real built server with the standard world, and Chromium to browse it with. */
export async function startBrowserWorld(): Promise<{
  app: TestApp;
  api: Api;
  world: World;
  browser: Browser;
}> {
  const app = await startTestApp();
  try {
    const api = new Api(app.baseUrl);
    const world = await buildWorld(api);
    const browser = await launchChromium();
    return { app, api, world, browser };
  } catch (error) {
    await app.close();
    throw error;
  }
}

/**
 * Signs the vendor in, then the partner, each in a fresh context of its own (so a session of its own);
 * both contexts are added to `contexts` for closeBrowserWorld.
 */
export async function signInBoth(
  browser: Browser,
  app: TestApp,
  vendor: Actor,
  partner: Actor,
  contexts: BrowserContext[],
): Promise<{ vendor: Page; partner: Page }> {
  const v = await signedIn(browser, app.baseUrl, vendor.email);
  const p = await signedIn(browser, app.baseUrl, partner.email);
  contexts.push(v.context, p.context);
  return { vendor: v.page, partner: p.page };
}

/**
 * Registers an afterEach that keeps a screenshot of the vendor's and the partner's page after every test,
 * named `${prefix}vendor-after-test-N` and `${prefix}partner-after-test-N`.
 */
export function screenshotBothAfterEach(
  prefix: string,
  pages: () => { vendor: Page | undefined; partner: Page | undefined },
): void {
  let step = 0;
  afterEach(async () => {
    const name = `after-test-${++step}`;
    const { vendor, partner } = pages();
    if (vendor) await screenshot(vendor, `${prefix}vendor-${name}`).catch(() => undefined);
    if (partner) await screenshot(partner, `${prefix}partner-${name}`).catch(() => undefined);
  });
}

/** Closes the contexts, then the browser, then the server; whatever was never started is skipped. */
export async function closeBrowserWorld(
  contexts: BrowserContext[],
  browser: Browser | undefined,
  app: TestApp | undefined,
): Promise<void> {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await app?.close();
}
