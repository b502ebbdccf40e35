import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Api } from '../support/api';
import { World } from '../support/factories';
import { TestApp } from '../support/test-app';
import { describeInBrowser, screenshot, signedIn } from './support/browser';
import { ok, startBrowserWorld } from './support/world';

const THIS_YEAR = new Date().getUTCFullYear();

/**
 * A page expression: true once a local Yjs copy of a plan document holds `text` (Yjs updates carry text as
 * UTF-8). A string, since the test's TypeScript has no DOM types.
 */
function storedLocally(text: string): string {
  return `(async () => {
    const names = (await indexedDB.databases()).map((d) => d.name || '').filter((n) => n.includes('plan:'));
    for (const name of names) {
      const db = await new Promise((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const updates = await new Promise((resolve, reject) => {
        const request = db.transaction('updates').objectStore('updates').getAll();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      db.close();
      const decoder = new TextDecoder();
      if (updates.some((u) => decoder.decode(u).includes(${JSON.stringify(text)}))) return true;
    }
    return false;
  })()`;
}

/**
 * Offline co-editing: a context that loses its network keeps editing, the other keeps editing too, and on
 * return both narratives converge to the same text with both edits, also when the offline tab was closed
 * before it could send its edits (they wait in the browser's IndexedDB copy).
 */
describeInBrowser('web client: Yjs edits made offline are merged on return', () => {
  let app: TestApp;
  let api: Api;
  let world: World;
  let browser: Browser;
  let partnerContext: BrowserContext;
  let vendorContext: BrowserContext;
  let partner: Page;
  let vendor: Page;
  let plan: any;
  let planUrl: string;

  beforeAll(async () => {
    ({ app, api, world, browser } = await startBrowserWorld());
    plan = ok(
      await api.post(
        '/plans',
        { companyId: world.companyA, name: 'Offline plan', fiscalYear: THIS_YEAR },
        world.manager.token,
      ),
      'create plan',
    );
    ok(
      await api.post(
        `/plans/${plan.id}/goals`,
        { sectionId: plan.sections[0].id, type: 'checklist', title: 'Kickoff', items: [{ text: 'Meet' }] },
        world.manager.token,
      ),
      'goal',
    );
    ok(await api.post(`/plans/${plan.id}/transitions`, { to: 'draft' }, world.manager.token), 'share');
    planUrl = `/c/${world.companyA}/plans/${plan.id}`;
    const p = await signedIn(browser, app.baseUrl, world.a.partner_manager.email);
    const v = await signedIn(browser, app.baseUrl, world.manager.email);
    partnerContext = p.context;
    vendorContext = v.context;
    partner = p.page;
    vendor = v.page;
    await partner.goto(planUrl);
    await vendor.goto(planUrl);
  }, 180000);

  afterAll(async () => {
    await partnerContext?.close().catch(() => undefined);
    await vendorContext?.close().catch(() => undefined);
    await browser?.close();
    await app?.close();
  });

  const editorOf = (page: Page) => page.getByRole('textbox', { name: `${plan.sections[0].title} narrative` });
  const connected = (page: Page) => page.locator('.narrative-frame[data-sync="connected"]').waitFor();
  const typeAtEnd = async (page: Page, text: string) => {
    await editorOf(page).click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type(text);
  };
  /** The paragraphs of the narrative, without the remote carets' name labels. */
  const narrativeText = (page: Page) =>
    editorOf(page).evaluate((editor: any) =>
      [...editor.querySelectorAll('p')]
        .map((p: any) => {
          const copy = p.cloneNode(true);
          copy.querySelectorAll('.remote-caret').forEach((caret: any) => caret.remove());
          return copy.textContent as string;
        })
        .join('\n'),
    );
  /** Both editors hold every text, and exactly the same text. */
  const converged = async (texts: string[]) => {
    for (const page of [partner, vendor])
      for (const text of texts) await editorOf(page).getByText(text).waitFor({ timeout: 15000 });
    expect(await narrativeText(partner)).toBe(await narrativeText(vendor));
  };

  it('merges the edits of a context that went offline with those made meanwhile', async () => {
    await connected(partner);
    await connected(vendor);
    await typeAtEnd(vendor, 'Shared opening line.');
    await editorOf(partner).getByText('Shared opening line.').waitFor();

    await partnerContext.setOffline(true);
    await partner.locator('.narrative-frame[data-sync="disconnected"]').waitFor();
    await partner.getByRole('status').filter({ hasText: 'You are offline' }).waitFor();
    await screenshot(partner, 'plan-offline-banner');

    await typeAtEnd(partner, 'Partner wrote this offline.');
    await typeAtEnd(vendor, 'Vendor wrote this meanwhile.');
    await editorOf(vendor).getByText('Vendor wrote this meanwhile.').waitFor();
    await editorOf(partner).getByText('Partner wrote this offline.').waitFor();

    await partnerContext.setOffline(false);
    await connected(partner);
    await converged(['Shared opening line.', 'Partner wrote this offline.', 'Vendor wrote this meanwhile.']);
    await partner.getByRole('status').filter({ hasText: 'You are offline' }).waitFor({ state: 'detached' });
    await screenshot(vendor, 'plan-offline-merged');
  });

  it('keeps offline edits in the browser across a closed tab and sends them on the next visit', async () => {
    await partnerContext.setOffline(true);
    await partner.locator('.narrative-frame[data-sync="disconnected"]').waitFor();
    await typeAtEnd(partner, 'Written offline, then the tab closed.');
    // The browser's copy holds the edit before the tab goes (Yjs updates carry the text as UTF-8).
    await partner.waitForFunction(storedLocally('Written offline, then the tab closed.'), undefined, {
      polling: 100,
    });
    await partner.close();
    await typeAtEnd(vendor, 'Vendor kept going.');

    await partnerContext.setOffline(false);
    partner = await partnerContext.newPage();
    await partner.goto(planUrl);
    await connected(partner);
    await converged([
      'Written offline, then the tab closed.',
      'Vendor kept going.',
      'Partner wrote this offline.',
    ]);
    await screenshot(partner, 'plan-offline-after-reopen');
  });
});
