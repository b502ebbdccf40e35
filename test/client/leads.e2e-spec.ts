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

/** Partner and vendor work leads and the deal pipeline in two browser contexts on the real built server. */
describeInBrowser('web client: the leads and deals rooms in a real browser', () => {
  let app: TestApp;
  let api: Api;
  let world: World;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let vendor: Page;
  let partner: Page;
  let deal: any;

  const nav = (page: Page, name: string) =>
    page.getByRole('navigation', { name: 'Rooms' }).getByRole('link', { name, exact: true });
  const stageList = (page: Page, stage: string) => page.getByRole('list', { name: `${stage} deals` });

  beforeAll(async () => {
    ({ app, api, world, browser } = await startBrowserWorld());
    // Another partner already holds Globex.
    ok(
      await api.post(
        '/leads',
        {
          customerName: 'Globex Corporation',
          customerDomain: 'globex-corp.com',
          country: 'US',
          contactName: 'Hank Scorpio',
          contactEmail: 'hank@globex-corp.com',
          estimatedValue: { amount: '90000.00', currency: 'USD' },
        },
        world.b.partner_executive.token,
      ),
      'lead of company B',
    );
    deal = ok(
      await api.post(
        '/deals',
        {
          companyId: world.companyA,
          name: 'Initech rollout',
          customerName: 'Initech',
          value: { amount: '40000.00', currency: 'USD' },
          stage: 'qualification',
        },
        world.manager.token,
      ),
      'deal of company A',
    );
    ({ vendor, partner } = await signInBoth(
      browser,
      app,
      world.manager,
      world.a.partner_executive,
      contexts,
    ));
  }, 180000);

  screenshotBothAfterEach('last-leads-', () => ({ vendor, partner }));

  afterAll(() => closeBrowserWorld(contexts, browser, app));

  it('warns the partner of a registered domain while typing, and shows the vendor’s approval live', async () => {
    await nav(partner, 'Leads').click();
    await partner.getByRole('link', { name: 'Register a lead' }).click();
    await partner.getByLabel('Customer name').fill('Initrode');
    await partner.getByLabel('Customer domain').fill('https://www.globex-corp.com/contact');
    await partner.getByRole('alert').filter({ hasText: 'Possible conflict' }).waitFor({ timeout: 10000 });
    await screenshot(partner, 'lead-form-conflict');
    // A free domain clears the warning.
    await partner.getByLabel('Customer domain').fill('initrode-unique.com');
    await partner.getByText('No other registration of this customer found.').waitFor({ timeout: 10000 });
    expect(await partner.getByRole('alert').filter({ hasText: 'Possible conflict' }).count()).toBe(0);

    await partner.getByLabel('Customer domain').fill('globex-corp.com');
    await partner.getByRole('alert').filter({ hasText: 'Possible conflict' }).waitFor({ timeout: 10000 });
    await partner.getByLabel('Country (2 letters)').fill('DE');
    await partner.getByLabel('Contact name').fill('Dana Buyer');
    await partner.getByLabel('Contact email').fill('dana@initrode-mail.com');
    await partner.getByLabel('Estimated value').fill('25000');
    await partner.getByRole('button', { name: 'Submit lead' }).click();
    await partner.getByTestId('lead-status').filter({ hasText: 'Submitted' }).waitFor();
    await screenshot(partner, 'lead-page-partner');

    await nav(vendor, 'Leads').click();
    await vendor.getByRole('link', { name: 'Initrode', exact: true }).click();
    await vendor.getByRole('heading', { name: 'Conflicting registrations' }).waitFor();
    await screenshot(vendor, 'lead-page-vendor');
    expect(await partner.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    await vendor.getByRole('button', { name: 'Approve' }).click();
    await vendor.getByTestId('lead-status').filter({ hasText: 'Approved' }).waitFor();

    await partner.getByTestId('lead-status').filter({ hasText: 'Approved' }).waitFor({ timeout: 10000 });
    await partner.getByRole('button', { name: 'Convert to deal' }).waitFor();
    await nav(partner, 'Leads').click();
    await partner.getByRole('table', { name: 'Leads' }).waitFor();
    await screenshot(partner, 'leads-list-partner');
  });

  it('moves a deal dragged to another stage in the other context, and by keyboard too', async () => {
    await nav(partner, 'Deals').click();
    await nav(vendor, 'Deals').click();
    await stageList(partner, 'Qualification').getByRole('link', { name: 'Initech rollout' }).waitFor();
    await stageList(vendor, 'Qualification').getByRole('link', { name: 'Initech rollout' }).waitFor();

    const card = stageList(partner, 'Qualification')
      .getByRole('listitem')
      .filter({ hasText: 'Initech rollout' });
    await card.dragTo(partner.getByRole('region', { name: /^Proposal/ }));
    await stageList(partner, 'Proposal').getByRole('link', { name: 'Initech rollout' }).waitFor();
    await stageList(vendor, 'Proposal')
      .getByRole('link', { name: 'Initech rollout' })
      .waitFor({ timeout: 10000 });
    await screenshot(vendor, 'deals-pipeline-vendor');

    // The same move from the keyboard: the card's stage select.
    const select = vendor.getByRole('combobox', { name: 'Move Initech rollout to stage' });
    await select.focus();
    await select.selectOption('negotiation');
    await stageList(partner, 'Negotiation')
      .getByRole('link', { name: 'Initech rollout' })
      .waitFor({ timeout: 10000 });
    expect(ok(await api.get(`/deals/${deal.id}`, world.manager.token), 'deal').stage).toBe('negotiation');
    // Only the vendor's owner may mark it won: the partner is not offered that move.
    const partnerOptions = await partner
      .getByRole('combobox', { name: 'Move Initech rollout to stage' })
      .locator('option')
      .allTextContents();
    expect(partnerOptions).not.toContain('Move to Closed won');
    await screenshot(partner, 'deals-pipeline-partner');
  });

  it('shows the deal page with notes and stage history, and the commission ledger once won', async () => {
    await vendor.getByRole('link', { name: 'Initech rollout' }).click();
    await vendor.getByRole('heading', { name: 'Initech rollout' }).waitFor();
    await vendor.getByLabel('Add a note').fill('Legal review booked for Monday.');
    await vendor.getByRole('button', { name: 'Add note' }).click();
    await vendor.getByText('Legal review booked for Monday.').waitFor();
    await vendor.getByRole('combobox', { name: 'Stage' }).selectOption('closed_won');
    await vendor.getByTestId('deal-stage').filter({ hasText: 'Closed won' }).waitFor();
    const history = vendor.getByRole('region', { name: 'Stage history' });
    await history.getByText('Negotiation → Closed won').waitFor();
    await screenshot(vendor, 'deal-page-vendor');

    await nav(partner, 'Deals').click();
    await partner.getByRole('link', { name: 'Commissions' }).click();
    const ledger = partner.getByRole('table', { name: 'Commission ledger' });
    await ledger.getByText('Pending').waitFor({ timeout: 10000 });
    expect(await ledger.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    await screenshot(partner, 'commissions-partner');
  });
});
