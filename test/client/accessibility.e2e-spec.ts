import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Api } from '../support/api';
import { World } from '../support/factories';
import { TestApp } from '../support/test-app';
import { describeInBrowser, signInOn } from './support/browser';
import { closeBrowserWorld, startBrowserWorld } from './support/world';

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** WCAG 2 A and AA checks (contrast, labels, names, ARIA) by axe-core on every main page. */
describeInBrowser('web client: accessibility of the main pages', () => {
  let app: TestApp;
  let world: World;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    ({ app, world, browser } = await startBrowserWorld());
  }, 180000);
  afterAll(() => closeBrowserWorld(contexts, browser, app));

  /** axe is added as a script tag, which the server's CSP refuses: only these audit contexts bypass it. */
  async function open(email?: string): Promise<Page> {
    const context = await browser.newContext({
      baseURL: app.baseUrl,
      bypassCSP: true,
      viewport: { width: 1280, height: 860 },
    });
    contexts.push(context);
    const page = await context.newPage();
    if (email) {
      await page.goto('/');
      await signInOn(page, email);
    }
    return page;
  }

  async function audit(page: Page, path: string): Promise<string[]> {
    await page.goto(path);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await page.waitForLoadState('networkidle');
    await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
    const { violations, passed } = await page.evaluate(async () => {
      // Runs in the page: the server's type library has no DOM, so the page's globals are reached this way.
      const win = globalThis as unknown as {
        axe: { run(context: unknown, options: unknown): Promise<any> };
        document: unknown;
      };
      const result = await win.axe.run(win.document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] },
      });
      return {
        violations: result.violations as Violation[],
        passed: (result.passes as Array<{ id: string }>).map((rule) => rule.id),
      };
    });
    // The audit really looked at the page's text, not at an empty shell.
    expect(passed).toContain('color-contrast');
    return violations.map(
      (v) =>
        `${path}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
  }

  it('finds no WCAG A/AA violations on the partner’s rooms', async () => {
    const page = await open(world.a.partner_executive.email);
    const c = world.companyA;
    const found: string[] = [];
    for (const room of ['overview', 'plans', 'leads', 'deals', 'projects', 'messages', 'files', 'contacts']) {
      found.push(...(await audit(page, `/c/${c}/${room}`)));
    }
    found.push(...(await audit(page, '/settings/notifications')));
    expect(found).toEqual([]);
  });

  it('finds no WCAG A/AA violations on the vendor admin’s pages', async () => {
    const page = await open(world.admin.email);
    const found: string[] = [];
    for (const section of ['companies', 'groups', 'users', 'rooms', 'templates', 'plans']) {
      found.push(...(await audit(page, `/admin/${section}`)));
    }
    found.push(...(await audit(page, `/c/${world.companyA}/resources`)));
    expect(found).toEqual([]);
  });

  it('finds no WCAG A/AA violations on the sign-in page', async () => {
    const page = await open();
    const api = new Api(app.baseUrl);
    expect((await api.get('/setup')).status).toBe(200);
    expect(await audit(page, '/')).toEqual([]);
  });
});
