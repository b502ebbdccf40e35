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

/**
 * The plans room's remaining parts in a real browser: create form, versions with their diff, quarterly
 * breakdown chart, QBR with its frozen scorecard, goal discussions, and the workflow buttons each role gets.
 */
describeInBrowser('web client: plan creation, versions, QBR, discussions and role buttons', () => {
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
    ({ vendor, partner } = await signInBoth(
      browser,
      app,
      world.manager,
      world.a.partner_executive,
      contexts,
    ));
  }, 180000);

  screenshotBothAfterEach('plans-room-', () => ({ vendor, partner }));

  afterAll(() => closeBrowserWorld(contexts, browser, app));

  const plansNav = (page: Page) =>
    page.getByRole('navigation', { name: 'Rooms' }).getByRole('link', { name: 'Plans' });
  const editorOf = (page: Page) => page.getByRole('textbox', { name: `${plan.sections[0].title} narrative` });
  const planView = (page: Page, name: string) =>
    page.getByRole('navigation', { name: 'Plan pages' }).getByRole('link', { name });

  it('lets the owning channel manager create a plan from the form; partners get no form', async () => {
    await partner.goto(`/c/${world.companyA}/plans`);
    await partner.getByText('No plans yet.').waitFor();
    expect(await partner.getByRole('button', { name: 'New plan' }).count()).toBe(0);

    await plansNav(vendor).click();
    await vendor.getByRole('button', { name: 'New plan' }).click();
    await vendor.getByLabel('Plan name').fill('Bravo growth plan');
    await vendor.getByLabel('Fiscal year').fill(String(THIS_YEAR));
    await screenshot(vendor, 'plans-create-form');
    await vendor.getByRole('button', { name: 'Create plan' }).click();
    await vendor.getByRole('heading', { name: 'Bravo growth plan' }).waitFor();

    const rows = ok(await api.get(`/plans?companyId=${world.companyA}`, world.manager.token), 'list');
    expect(rows.items.map((r: any) => r.name)).toEqual(['Bravo growth plan']);
    plan = ok(await api.get(`/plans/${rows.items[0].id}`, world.manager.token), 'get plan');
    expect(plan.status).toBe('draft_outline');
    const sectionId = plan.sections[0].id;
    ok(
      await api.post(
        `/plans/${plan.id}/goals`,
        {
          sectionId,
          type: 'checklist',
          title: 'Launch readiness',
          items: [{ text: 'Sign the partner agreement' }, { text: 'Name a sales lead' }],
        },
        world.manager.token,
      ),
      'checklist goal',
    );
    plan = ok(
      await api.post(
        `/plans/${plan.id}/goals`,
        {
          sectionId,
          type: 'revenue',
          title: 'Closed revenue',
          metric: 'closed_won_revenue',
          period: 'quarter',
          target: '40000',
          targets: ['5000', '15000', '10000', '10000'],
        },
        world.manager.token,
      ),
      'revenue goal',
    );
  });

  it('shows the owner’s workflow buttons on an outline and the partner executive’s once shared', async () => {
    await vendor.getByRole('heading', { name: 'Closed revenue' }).waitFor({ timeout: 10000 });
    await vendor.getByRole('button', { name: 'Share with partner' }).waitFor();
    await vendor.getByRole('button', { name: 'Archive' }).waitFor();
    expect(await vendor.getByRole('button', { name: 'Reconcile plan' }).count()).toBe(0);

    await vendor.getByRole('button', { name: 'Share with partner' }).click();
    await vendor.getByTestId('plan-status').filter({ hasText: 'In review' }).waitFor();
    await vendor.getByRole('button', { name: 'Take back to outline' }).waitFor();

    await partner.getByRole('link', { name: 'Bravo growth plan' }).click();
    await partner.getByRole('heading', { name: 'Bravo growth plan' }).waitFor();
    await partner.getByRole('button', { name: 'Approve plan' }).waitFor();
    for (const name of ['Archive', 'Take back to outline', 'Share with partner', 'Reconcile plan'])
      expect(await partner.getByRole('button', { name }).count()).toBe(0);
    await screenshot(partner, 'plan-role-buttons-partner');
  });

  it('draws the quarterly breakdown of a revenue goal with a table of the same figures', async () => {
    const chart = partner.getByRole('img', { name: /^Closed revenue by quarter, actual of target/ });
    await chart.waitFor();
    expect(await chart.getAttribute('aria-label')).toContain('Q1: 0 of 5k, Q2: 0 of 15k, Q3: 0 of 10k');
    const table = partner.getByRole('table', { name: 'Closed revenue by quarter' });
    expect(await table.getByRole('row', { name: /^Q2/ }).getByRole('cell').first().textContent()).toBe(
      '15000',
    );
  });

  it('names versions, shows the diff between two, and restores an older narrative', async () => {
    const vendorEditor = editorOf(vendor);
    const partnerEditor = editorOf(partner);
    await vendor.locator('.narrative-frame[data-sync="connected"]').waitFor();
    await partner.locator('.narrative-frame[data-sync="connected"]').waitFor();
    await vendorEditor.click();
    await vendor.keyboard.type('We grow in the north.');
    // The partner seeing it proves the server holds it before the version is named.
    await partnerEditor.getByText('We grow in the north.').waitFor();

    await planView(vendor, 'Versions').click();
    await vendor.getByText('No named versions yet.').waitFor();
    await vendor.getByLabel('Version name').fill('First draft');
    await vendor.getByRole('button', { name: 'Save version' }).click();
    await vendor.getByRole('status').filter({ hasText: 'Version “First draft” saved.' }).waitFor();

    await planView(vendor, 'Sections').click();
    // The editor is mounted afresh: type only once it is synced and shows the first draft, else the keys
    // could land in a document that has not loaded yet (seen on a loaded CI machine).
    await vendor.locator('.narrative-frame[data-sync="connected"]').waitFor();
    await vendorEditor.getByText('We grow in the north.').waitFor();
    await vendorEditor.click();
    await vendor.keyboard.press('Control+End');
    await vendor.keyboard.press('Enter');
    await vendor.keyboard.type('And in the south.');
    await partnerEditor.getByText('And in the south.').waitFor();
    const goal = plan.sections[0].goals.find((g: any) => g.title === 'Closed revenue');
    ok(
      await api.patch(`/plans/${plan.id}/goals/${goal.id}`, { target: '50000' }, world.manager.token),
      'patch',
    );

    await planView(vendor, 'Versions').click();
    await vendor.getByLabel('Version name').fill('Second draft');
    await vendor.getByRole('button', { name: 'Save version' }).click();
    const versions = vendor.getByRole('list', { name: 'Plan versions' });
    await versions.getByText('Second draft').waitFor();

    const diff = vendor.getByRole('region', { name: 'Changes from First draft to Second draft' });
    await diff.waitFor();
    await diff.getByText('+ And in the south.').waitFor();
    expect(await diff.getByText('We grow in the north.').count()).toBe(1);
    const goalChange = diff.getByRole('listitem').filter({ hasText: 'Closed revenue' }).first();
    expect(await goalChange.textContent()).toMatch(/Target: 40000(\.0+)? → 50000(\.0+)?/);
    await screenshot(vendor, 'plan-versions-diff');

    // The partner executive reads the versions; outside the review they could not restore.
    await planView(partner, 'Versions').click();
    await partner.getByRole('list', { name: 'Plan versions' }).getByText('First draft').waitFor();

    await vendor.getByRole('button', { name: 'Restore narrative of First draft' }).click();
    await vendor.getByRole('status').filter({ hasText: 'is restored' }).waitFor();
    await planView(partner, 'Sections').click();
    await partnerEditor.getByText('We grow in the north.').waitFor();
    await partnerEditor.getByText('And in the south.').waitFor({ state: 'detached', timeout: 10000 });
  });

  it('carries a goal discussion live between the two sides', async () => {
    const goalCard = (page: Page) => page.getByRole('article', { name: 'Launch readiness' });
    await planView(vendor, 'Sections').click();
    await goalCard(vendor).getByText('Discussion').click();
    await goalCard(vendor).getByText('No messages yet.').waitFor();

    await goalCard(partner).getByText('Discussion').click();
    await goalCard(partner).getByLabel('Message about Launch readiness').fill('Can we sign by Friday?');
    await goalCard(partner).getByRole('button', { name: 'Post message' }).click();
    const mine = goalCard(partner).getByRole('list', { name: 'Discussion of Launch readiness' });
    await mine.getByText('Can we sign by Friday?').waitFor();
    expect(await mine.getByRole('listitem').first().textContent()).toContain('You');

    const theirs = goalCard(vendor).getByRole('list', { name: 'Discussion of Launch readiness' });
    await theirs.getByText('Can we sign by Friday?').waitFor({ timeout: 10000 });
    expect(await theirs.getByRole('listitem').first().textContent()).not.toContain('Someone');
    await screenshot(vendor, 'plan-goal-discussion');
  });

  it('records a QBR whose scorecard stays frozen while progress moves on', async () => {
    await partner.getByRole('button', { name: 'Approve plan' }).click();
    await partner.getByTestId('plan-status').filter({ hasText: 'Active' }).waitFor();
    await planView(partner, 'Quarterly reviews').click();
    await partner.getByText('No quarterly review recorded yet.').waitFor();
    await partner.getByRole('button', { name: 'Record review' }).click();
    const scorecard = partner.getByRole('region', { name: /^Q\d scorecard$/ });
    await scorecard.waitFor();
    const row = scorecard.getByRole('row', { name: /Launch readiness/ });
    expect(await row.getByRole('cell').last().textContent()).toBe('0%');

    await planView(vendor, 'Quarterly reviews').click();
    await vendor
      .getByRole('region', { name: /^Q\d scorecard$/ })
      .getByRole('row', { name: /Closed revenue/ })
      .waitFor();

    // Tick an item: the plan moves, the recorded scorecard does not.
    await planView(partner, 'Sections').click();
    await partner.getByRole('checkbox', { name: 'Sign the partner agreement' }).check();
    await partner
      .locator('[role="progressbar"][aria-label="Launch readiness progress"][aria-valuenow="50"]')
      .waitFor({ timeout: 10000 });
    await planView(partner, 'Quarterly reviews').click();
    await scorecard.waitFor();
    expect(await row.getByRole('cell').last().textContent()).toBe('0%');
    await screenshot(partner, 'plan-qbr-scorecard');
  });

  it('offers reconcile to the owner of the active plan only, and completes it', async () => {
    expect(await partner.getByRole('button', { name: 'Reconcile plan' }).count()).toBe(0);
    await vendor.getByRole('button', { name: 'Reconcile plan' }).click();
    await vendor.getByRole('group', { name: 'Freeze the final results and complete the plan?' }).waitFor();
    await vendor.getByRole('button', { name: 'Confirm reconcile' }).click();
    await vendor.getByTestId('plan-status').filter({ hasText: 'Completed' }).waitFor();
    await partner.getByTestId('plan-status').filter({ hasText: 'Completed' }).waitFor({ timeout: 10000 });
    expect(await vendor.getByRole('button', { name: 'Reconcile plan' }).count()).toBe(0);
    expect(await partner.getByRole('button', { name: 'Record review' }).count()).toBe(0);
  });

  it('fits the plan page, its chart and its versions into 375 px', async () => {
    await vendor.setViewportSize({ width: 375, height: 800 });
    for (const view of ['Sections', 'Versions', 'Quarterly reviews']) {
      await planView(vendor, view).click();
      await vendor.getByRole('heading', { name: 'Bravo growth plan' }).waitFor();
      expect(await vendor.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    }
    await planView(vendor, 'Sections').click();
    await vendor.getByRole('img', { name: /^Closed revenue by quarter/ }).waitFor();
    await screenshot(vendor, 'plan-page-375');
  });
});
