import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Api } from '../support/api';
import { World } from '../support/factories';
import { TestApp } from '../support/test-app';
import { describeInBrowser, screenshot } from './support/browser';
import {
  closeBrowserWorld,
  ok,
  screenshotBothAfterEach,
  signInBoth,
  startBrowserWorld,
} from './support/world';

const THIS_YEAR = new Date().getUTCFullYear();

/** Vendor and partner in two browser contexts (two sessions) on the real built server. */
describeInBrowser('web client: the plans room in a real browser', () => {
  let app: TestApp;
  let api: Api;
  let world: World;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let vendor: Page;
  let partner: Page;
  let plan: any;

  beforeAll(async () => {
    ({ app, api, world, browser } = await startBrowserWorld());
    plan = ok(
      await api.post(
        '/plans',
        { companyId: world.companyA, name: 'Alpha growth plan', fiscalYear: THIS_YEAR },
        world.manager.token,
      ),
      'create plan',
    );
    // Partners see the sections that have goals.
    ok(
      await api.post(
        `/plans/${plan.id}/goals`,
        {
          sectionId: plan.sections[0].id,
          type: 'checklist',
          title: 'Launch readiness',
          items: [{ text: 'Sign the partner agreement' }, { text: 'Name a sales lead' }],
        },
        world.manager.token,
      ),
      'create goal',
    );
    ({ vendor, partner } = await signInBoth(
      browser,
      app,
      world.manager,
      world.a.partner_executive,
      contexts,
    ));
  }, 180000);

  screenshotBothAfterEach('last-', () => ({ vendor, partner }));

  afterAll(() => closeBrowserWorld(contexts, browser, app));

  it('lets the vendor share a plan that then appears for the partner without a reload', async () => {
    await partner.getByRole('navigation', { name: 'Rooms' }).getByRole('link', { name: 'Plans' }).click();
    await partner.getByText('No plans yet.').waitFor();

    await vendor.getByRole('navigation', { name: 'Rooms' }).getByRole('link', { name: 'Plans' }).click();
    await vendor.getByRole('link', { name: 'Alpha growth plan' }).waitFor();
    await screenshot(vendor, 'plans-tiles-vendor');
    await vendor.getByRole('link', { name: 'Alpha growth plan' }).click();
    await vendor.getByRole('heading', { name: 'Alpha growth plan' }).waitFor();
    await vendor.getByRole('button', { name: 'Share with partner' }).click();
    await vendor.getByTestId('plan-status').filter({ hasText: 'In review' }).waitFor();

    await partner.getByRole('link', { name: 'Alpha growth plan' }).waitFor({ timeout: 10000 });
    await screenshot(partner, 'plans-tiles-partner');
    // Presence: both are in the plans room now, each sees the other.
    await partner.getByRole('list', { name: 'People in this room' }).getByText('Cora Manager').waitFor();
    await vendor.getByRole('list', { name: 'People in this room' }).getByText('partner_executive').waitFor();
  });

  it('co-edits a section narrative live: each side sees the other text and cursor name', async () => {
    await partner.getByRole('link', { name: 'Alpha growth plan' }).click();
    const sectionTitle = plan.sections[0].title as string;
    const vendorEditor = vendor.getByRole('textbox', { name: `${sectionTitle} narrative` });
    const partnerEditor = partner.getByRole('textbox', { name: `${sectionTitle} narrative` });
    await vendorEditor.waitFor();
    await partnerEditor.waitFor();
    await vendor.locator('.narrative-frame[data-sync="connected"]').waitFor();
    await partner.locator('.narrative-frame[data-sync="connected"]').waitFor();

    await vendorEditor.click();
    await vendor.keyboard.type('Vendor sets the direction.');
    await partnerEditor.getByText('Vendor sets the direction.').waitFor();

    await partnerEditor.click();
    await partner.keyboard.press('Control+End');
    await partner.keyboard.press('Enter');
    await partner.keyboard.type('Partner commits to it.');
    await vendorEditor.getByText('Partner commits to it.').waitFor();
    await partnerEditor.getByText('Vendor sets the direction.').waitFor();

    await vendor.locator('.remote-caret-label', { hasText: 'partner_executive' }).waitFor();
    await vendorEditor.click();
    await vendor.keyboard.press('End');
    await partner.locator('.remote-caret-label', { hasText: 'Cora Manager' }).waitFor();
    await screenshot(vendor, 'plan-page-vendor');
    await screenshot(partner, 'plan-page-partner');
  });

  it('moves the completion gauge in one context when a checklist item is ticked in the other', async () => {
    const gauge = vendor.getByRole('progressbar', { name: 'Overall completion' });
    await partner.getByRole('checkbox', { name: 'Sign the partner agreement' }).waitFor();
    await vendor.getByRole('checkbox', { name: 'Sign the partner agreement' }).waitFor();
    expect(await gauge.getAttribute('aria-valuenow')).toBe('0');

    await partner.getByRole('checkbox', { name: 'Sign the partner agreement' }).check();
    await vendor
      .locator('[role="progressbar"][aria-label="Overall completion"][aria-valuenow="50"]')
      .waitFor({ timeout: 10000 });
    expect(await vendor.getByRole('checkbox', { name: 'Sign the partner agreement' }).isChecked()).toBe(true);
    expect(
      await vendor
        .getByRole('progressbar', { name: 'Launch readiness progress' })
        .getAttribute('aria-valuenow'),
    ).toBe('50');
  });

  it('lets the partner executive approve, after which the partner narrative is read-only', async () => {
    await partner.getByRole('button', { name: 'Approve plan' }).click();
    await partner.getByTestId('plan-status').filter({ hasNotText: 'In review' }).waitFor();
    await partner.getByText('Read only.').waitFor();
    const sectionTitle = plan.sections[0].title as string;
    expect(
      await partner
        .getByRole('textbox', { name: `${sectionTitle} narrative` })
        .getAttribute('contenteditable'),
    ).toBe('false');
    await vendor.getByTestId('plan-status').filter({ hasNotText: 'In review' }).waitFor();
  });
});
