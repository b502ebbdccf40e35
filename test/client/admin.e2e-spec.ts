import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Api } from '../support/api';
import { Actor, createUser, PASSWORD, setupWorkspace, uniqueEmail } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { describeInBrowser, launchChromium, screenshot, signedIn } from './support/browser';
import { closeBrowserWorld } from './support/world';

const THIS_YEAR = new Date().getUTCFullYear();

/**
 * Vendor administration, the notification bell, the overview and contacts pages, driven in two browser
 * contexts (the admin and a partner they invite) against the real built server.
 */
describeInBrowser('web client: vendor admin, notifications, overview and contacts', () => {
  let app: TestApp;
  let api: Api;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let admin: Actor;
  let adminPage: Page;
  let partnerPage: Page;
  let companyId: string;
  const partnerEmail = uniqueEmail('invited.partner');

  beforeAll(async () => {
    app = await startTestApp();
    api = new Api(app.baseUrl);
    browser = await launchChromium();
    ({ admin } = await setupWorkspace(api));
    // A second vendor person to pick as the new company's channel manager.
    await createUser(api, admin, 'channel_manager', null, 'Cora Manager');
    const signed = await signedIn(browser, app.baseUrl, admin.email);
    contexts.push(signed.context);
    adminPage = signed.page;
  }, 180000);

  let step = 0;
  afterEach(async () => {
    const name = `after-test-${++step}`;
    if (adminPage) await screenshot(adminPage, `admin-last-${name}`).catch(() => undefined);
    if (partnerPage) await screenshot(partnerPage, `admin-partner-last-${name}`).catch(() => undefined);
  });

  afterAll(() => closeBrowserWorld(contexts, browser, app));

  const adminNav = (page: Page) => page.getByRole('navigation', { name: 'Administration' });

  it('lets the admin create a partner company with a channel manager and a group', async () => {
    await adminPage.getByRole('link', { name: 'Admin', exact: true }).click();
    await adminPage.getByRole('heading', { name: 'Partner companies', level: 1 }).waitFor();
    await adminNav(adminPage).getByRole('link', { name: 'Partner groups' }).click();
    const groupForm = adminPage.getByRole('form', { name: 'Add a partner group' });
    await groupForm.getByLabel('Group name').fill('Gold tier');
    await groupForm.getByRole('button', { name: 'Create group' }).click();
    await adminPage.getByRole('heading', { name: 'Gold tier' }).waitFor();
    await screenshot(adminPage, 'admin-groups');

    await adminNav(adminPage).getByRole('link', { name: 'Partner companies' }).click();
    const form = adminPage.getByRole('form', { name: 'Add a partner company' });
    await form.getByLabel('Company name').fill('Gamma Partners');
    await form.getByLabel('Channel manager').selectOption({ label: 'Cora Manager' });
    await form.getByLabel('Commission rate (%)').fill('12.5');
    await form.getByRole('checkbox', { name: 'Gold tier' }).check();
    await form.getByRole('button', { name: 'Create company' }).click();
    const row = adminPage.getByRole('row', { name: /Gamma Partners/ });
    await row.waitFor();
    expect(await row.innerText()).toContain('Cora Manager');
    expect(await row.innerText()).toContain('Gold tier');
    expect(await row.innerText()).toContain('12.5');

    // The company switcher learns of it without a reload.
    const switcher = adminPage.getByRole('combobox', { name: 'Partner company' });
    await switcher.locator('option', { hasText: 'Gamma Partners' }).waitFor({ state: 'attached' });
    const companies = await api.get('/companies?q=Gamma', admin.token);
    expect(companies.body.items).toHaveLength(1);
    companyId = companies.body.items[0].id;
    expect(companies.body.items[0].commissionRate).toBe('12.50');

    // Edit: rename it.
    await adminPage.getByRole('button', { name: 'Edit Gamma Partners' }).click();
    const edit = adminPage.getByRole('form', { name: 'Edit Gamma Partners' });
    await edit.getByLabel('Company name').fill('Gamma Partners GmbH');
    await edit.getByRole('button', { name: 'Save company' }).click();
    await adminPage.getByRole('row', { name: /Gamma Partners GmbH/ }).waitFor();
    expect((await api.get(`/companies/${companyId}`, admin.token)).body.name).toBe('Gamma Partners GmbH');
    await screenshot(adminPage, 'admin-companies');
  });

  it('refuses bad input with the reason next to the field and creates nothing', async () => {
    const form = adminPage.getByRole('form', { name: 'Add a partner company' });
    await form.getByLabel('Company name').fill('Delta');
    await form.getByLabel('Commission rate (%)').fill('250');
    await form.getByRole('button', { name: 'Create company' }).click();
    await form
      .getByText(/commissionRate must be a percentage/)
      .first()
      .waitFor();
    expect((await api.get('/companies?q=Delta', admin.token)).body.items).toHaveLength(0);
  });

  it('invites a partner user who accepts, lands on the overview, and the admin hears of it live', async () => {
    await adminNav(adminPage).getByRole('link', { name: 'Users and invitations' }).click();
    const form = adminPage.getByRole('form', { name: 'Invite someone' });
    await form.getByLabel('Email address').fill(partnerEmail);
    await form.getByLabel('Role').selectOption({ label: 'Partner executive' });
    await form.getByLabel('Company', { exact: true }).selectOption({ label: 'Gamma Partners GmbH' });
    await form.getByRole('button', { name: 'Send invitation' }).click();
    const linkBox = adminPage.getByRole('textbox', { name: 'Invitation link' });
    await linkBox.waitFor();
    const first = await linkBox.inputValue();
    const pending = adminPage.getByRole('list', { name: 'Pending invitations' });
    await pending.getByText(partnerEmail).waitFor();

    // Resend issues a new link and voids the old one.
    await adminPage.getByRole('button', { name: `Resend invitation to ${partnerEmail}` }).click();
    await adminPage
      .getByRole('status')
      .filter({ hasText: `Invitation sent again to ${partnerEmail}` })
      .waitFor();
    const acceptUrl = await linkBox.inputValue();
    expect(acceptUrl).not.toBe(first);
    const stale = new URL(first).pathname.split('/').pop();
    const refused = await api.post(`/invitations/${stale}/accept`, { name: 'X', password: PASSWORD });
    expect(refused.status).toBe(404);
    await screenshot(adminPage, 'admin-users');

    const context = await browser.newContext({
      baseURL: app.baseUrl,
      viewport: { width: 1280, height: 860 },
    });
    contexts.push(context);
    partnerPage = await context.newPage();
    partnerPage.on('pageerror', (error) => console.error(`[browser partner] ${error.message}`));
    await partnerPage.goto(new URL(acceptUrl).pathname);
    await partnerPage.getByLabel('Your name').fill('Pia Gamma');
    await partnerPage.getByLabel('Password').fill(PASSWORD);
    await partnerPage.getByRole('button', { name: 'Join workspace' }).click();
    await partnerPage.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    expect(new URL(partnerPage.url()).pathname).toBe(`/c/${companyId}/overview`);
    await partnerPage.getByRole('heading', { name: 'Figures' }).waitFor();
    await screenshot(partnerPage, 'overview-partner');

    // The acceptance reaches the inviter's bell over Socket.IO, no reload.
    const bell = adminPage.getByRole('button', { name: /^Notifications, 1 unread$/ });
    await bell.waitFor();
    await bell.click();
    await adminPage
      .getByRole('region', { name: 'Notifications' })
      .getByText('Pia Gamma accepted your invitation')
      .waitFor();
    await screenshot(adminPage, 'notification-bell-admin');
    // The bell drops its count at once; the read is stored when the POST answers.
    const stored = adminPage.waitForResponse(
      (response) =>
        response.request().method() === 'POST' && /\/notifications\/[^/]+\/read$/.test(response.url()),
    );
    await adminPage.getByRole('button', { name: 'Mark read: Pia Gamma accepted your invitation' }).click();
    await adminPage.getByRole('button', { name: 'Notifications', exact: true }).waitFor();
    expect((await stored).status()).toBe(200);
    const unread = await api.get('/notifications?unread=true', admin.token);
    expect(unread.body.unreadCount).toBe(0);
    await adminPage.keyboard.press('Escape');
    // No longer pending once accepted.
    await adminPage.reload();
    await adminPage.getByRole('heading', { name: 'Users', exact: true }).waitFor();
    await adminPage.getByText('No pending invitations.').waitFor();

    // Revoking voids the link at once.
    const other = uniqueEmail('revoked.partner');
    await form.getByLabel('Email address').fill(other);
    await form.getByRole('button', { name: 'Send invitation' }).click();
    await pending.getByText(other).waitFor();
    const revokedToken = new URL(await linkBox.inputValue()).pathname.split('/').pop();
    await adminPage.getByRole('button', { name: `Revoke invitation to ${other}` }).click();
    await adminPage
      .getByRole('status')
      .filter({ hasText: `Invitation for ${other} revoked.` })
      .waitFor();
    await adminPage.getByText('No pending invitations.').waitFor();
    const late = await api.post(`/invitations/${revokedToken}/accept`, { name: 'Late', password: PASSWORD });
    expect(late.status).toBe(404);
  });

  it('disables a room and the partner viewing it loses it from their navigation at once', async () => {
    const partnerNav = partnerPage.getByRole('navigation', { name: 'Rooms' });
    await partnerNav.getByRole('link', { name: 'Contacts' }).click();
    await partnerPage.getByRole('heading', { name: 'Contacts', level: 1 }).waitFor();
    await partnerPage.getByRole('listitem', { name: 'Pia Gamma' }).waitFor();

    await adminNav(adminPage).getByRole('link', { name: 'Rooms' }).click();
    await adminPage.getByLabel('Company', { exact: true }).selectOption({ label: 'Gamma Partners GmbH' });
    const toggle = adminPage.getByRole('checkbox', { name: 'Contacts', exact: true });
    await toggle.waitFor();
    expect(await toggle.isChecked()).toBe(true);
    await toggle.uncheck();
    await adminPage.getByRole('status').filter({ hasText: 'Contacts disabled.' }).waitFor();
    await screenshot(adminPage, 'admin-rooms');

    await partnerPage.getByRole('heading', { name: 'Not found' }).waitFor();
    expect(await partnerNav.getByRole('link', { name: 'Contacts' }).count()).toBe(0);
    await partnerNav.getByRole('link', { name: 'Overview' }).waitFor();
    await partnerPage.reload();
    await partnerNav.getByRole('link', { name: 'Overview' }).waitFor();
    expect(await partnerNav.getByRole('link', { name: 'Contacts' }).count()).toBe(0);

    // Enabled again, it comes back (the partner is not in it, so a fresh page load shows it).
    await toggle.check();
    await adminPage.getByRole('status').filter({ hasText: 'Contacts enabled.' }).waitFor();
    await partnerPage.reload();
    await partnerNav.getByRole('link', { name: 'Contacts' }).waitFor();
  });

  it('delivers an announcement to the partner bell live; reading it leaves a receipt', async () => {
    await partnerPage
      .getByRole('navigation', { name: 'Rooms' })
      .getByRole('link', { name: 'Contacts' })
      .click();
    await partnerPage.getByRole('heading', { name: 'Contacts', level: 1 }).waitFor();
    await adminPage.goto(`/c/${companyId}/overview`);
    const form = adminPage.getByRole('form', { name: 'Post an announcement' });
    await form.getByLabel('Title').fill('New price list');
    await form.getByLabel('Message').fill('The 2027 price list is in Shared files.');
    await form.getByRole('button', { name: 'Post announcement' }).click();
    await form.getByRole('status').filter({ hasText: 'Announcement posted.' }).waitFor();

    const bell = partnerPage.getByRole('button', { name: /^Notifications, 1 unread$/ });
    await bell.waitFor();
    await bell.click();
    const item = partnerPage
      .getByRole('region', { name: 'Notifications' })
      .getByRole('button', { name: 'New price list', exact: true });
    await item.waitFor();
    await screenshot(partnerPage, 'notification-bell-partner');
    await item.click();
    await partnerPage.waitForURL(`**/c/${companyId}/overview`);
    await partnerPage.getByRole('button', { name: 'Notifications', exact: true }).waitFor();
    await partnerPage.getByRole('button', { name: 'Mark as read: New price list' }).click();
    await partnerPage.getByText('You read this').waitFor();

    await adminPage.reload();
    await adminPage.getByText('read by 1').waitFor();
    await adminPage.getByRole('button', { name: 'Read receipts' }).click();
    await adminPage
      .getByRole('list', { name: 'Read receipts: New price list' })
      .getByText('Pia Gamma')
      .waitFor();
    await screenshot(adminPage, 'overview-admin');
  });

  it('shows contact cards with presence and lets a user edit their own card and download a vCard', async () => {
    await partnerPage
      .getByRole('navigation', { name: 'Rooms' })
      .getByRole('link', { name: 'Contacts' })
      .click();
    const own = partnerPage.getByRole('listitem', { name: 'Pia Gamma' });
    await own.getByText('Online').waitFor();
    await partnerPage.getByRole('button', { name: 'Edit my card' }).click();
    const form = partnerPage.getByRole('form', { name: 'My contact card' });
    await form.getByLabel('Job title').fill('Head of Sales');
    await form.getByLabel('Phone').fill('+49 30 1234567');
    await form.getByLabel('Preferred channel').selectOption({ label: 'Phone' });
    await form.getByRole('button', { name: 'Save my card' }).click();
    await own.getByText('Head of Sales').waitFor();
    await own.getByText('Phone', { exact: true }).waitFor();

    // A bad time zone is refused with the server's reason and changes nothing.
    await partnerPage.getByRole('button', { name: 'Edit my card' }).click();
    await form.getByLabel('Time zone').fill('Mars/Olympus');
    await form.getByRole('button', { name: 'Save my card' }).click();
    await form
      .getByText(/IANA time zone/)
      .first()
      .waitFor();
    await form.getByRole('button', { name: 'Cancel' }).click();

    // The admin, in the same room, sees the partner online and the new card.
    await adminPage.goto(`/c/${companyId}/contacts`);
    const card = adminPage.getByRole('listitem', { name: 'Pia Gamma' });
    await card.getByText('Online').waitFor();
    await card.getByText('Head of Sales').waitFor();
    const [download] = await Promise.all([
      adminPage.waitForEvent('download'),
      adminPage.getByRole('button', { name: 'Download vCard: Pia Gamma' }).click(),
    ]);
    const vcard = readFileSync((await download.path())!, 'utf8');
    expect(vcard).toContain('BEGIN:VCARD');
    expect(vcard).toContain('Pia Gamma');
    expect(vcard).toContain('tel:+49301234567');
    await screenshot(partnerPage, 'contacts-partner');
  });

  it('saves notification settings per kind and channel', async () => {
    await partnerPage.getByRole('button', { name: /^Notifications/ }).click();
    await partnerPage.getByRole('link', { name: 'Notification settings' }).click();
    await partnerPage.getByRole('heading', { name: 'Notification settings' }).waitFor();
    const box = partnerPage.getByRole('checkbox', { name: 'Announcements: email' });
    expect(await box.isChecked()).toBe(true);
    await box.uncheck();
    await partnerPage.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    const partnerSession = JSON.parse(
      (await partnerPage.evaluate('localStorage.getItem("pws.session")')) as string,
    );
    const settings = await api.get('/me/notification-settings', partnerSession.accessToken);
    expect(settings.body.announcements).toEqual({ inApp: true, email: false });
    await partnerPage.reload();
    await partnerPage.getByRole('checkbox', { name: 'Announcements: email' }).waitFor();
    expect(await partnerPage.getByRole('checkbox', { name: 'Announcements: email' }).isChecked()).toBe(false);
    await screenshot(partnerPage, 'notification-settings');
    // Partners have no administration.
    expect(await partnerPage.getByRole('link', { name: 'Admin', exact: true }).count()).toBe(0);
  });

  it('manages plans: create, search, columns, sort, workflow action and CSV export', async () => {
    await adminPage.getByRole('link', { name: 'Admin', exact: true }).click();
    await adminNav(adminPage).getByRole('link', { name: 'Manage plans' }).click();
    const create = adminPage.getByRole('form', { name: 'Create a plan' });
    for (const name of ['Gamma growth', 'Gamma retention']) {
      await create.getByLabel('Plan name').fill(name);
      await create
        .getByLabel('Plan fiscal year')
        .fill(String(name.endsWith('growth') ? THIS_YEAR : THIS_YEAR + 1));
      await create.getByRole('button', { name: 'Create plan' }).click();
      await adminPage.getByRole('link', { name }).waitFor();
    }
    const table = adminPage.getByRole('table', { name: 'Plans' });
    await adminPage.getByRole('searchbox', { name: 'Search plans' }).fill('retention');
    await table.getByRole('link', { name: 'Gamma growth' }).waitFor({ state: 'detached' });
    await table.getByRole('link', { name: 'Gamma retention' }).waitFor();
    await adminPage.getByRole('searchbox', { name: 'Search plans' }).fill('');
    await table.getByRole('link', { name: 'Gamma growth' }).waitFor();

    // Sort by plan name, then descending.
    const planHeader = table.getByRole('columnheader', { name: 'Plan', exact: true });
    const firstRow = table.getByRole('row').nth(1);
    await table.getByRole('button', { name: 'Plan', exact: true }).click();
    await firstRow.getByRole('link', { name: 'Gamma growth' }).waitFor();
    expect(await planHeader.getAttribute('aria-sort')).toBe('ascending');
    expect(await table.getByRole('link').allInnerTexts()).toEqual(['Gamma growth', 'Gamma retention']);
    await table.getByRole('button', { name: 'Plan', exact: true }).click();
    await firstRow.getByRole('link', { name: 'Gamma retention' }).waitFor();
    expect(await planHeader.getAttribute('aria-sort')).toBe('descending');

    // Column chooser: add the author column, drop the fiscal year.
    await adminPage.locator('summary', { hasText: 'Columns' }).click();
    await adminPage.getByRole('checkbox', { name: 'Author' }).check();
    await adminPage.getByRole('checkbox', { name: 'Fiscal year' }).uncheck();
    await table.getByRole('columnheader', { name: 'Author' }).waitFor();
    expect(await table.getByRole('columnheader', { name: 'Fiscal year' }).count()).toBe(0);
    await adminPage.locator('summary', { hasText: 'Columns' }).click();

    // Workflow: share the growth plan with the partner.
    await adminPage.getByRole('button', { name: 'Share with partner: Gamma growth' }).click();
    await table
      .getByRole('row', { name: /Gamma growth/ })
      .getByText('In review')
      .waitFor();
    // Status filter: only plans in review.
    await adminPage.locator('summary', { hasText: 'Status' }).click();
    await adminPage.getByRole('checkbox', { name: 'In review', exact: true }).check();
    await table.getByRole('link', { name: 'Gamma retention' }).waitFor({ state: 'detached' });
    expect(await table.getByRole('link').allInnerTexts()).toEqual(['Gamma growth']);
    await adminPage.getByRole('checkbox', { name: 'In review', exact: true }).uncheck();
    await table.getByRole('link', { name: 'Gamma retention' }).waitFor();
    await adminPage.locator('summary', { hasText: 'Status' }).click();
    await screenshot(adminPage, 'admin-plans-table');

    const [download] = await Promise.all([
      adminPage.waitForEvent('download'),
      adminPage.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('plans.csv');
    const csv = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
    const [header, ...lines] = csv.trim().split(/\r?\n/);
    expect(header).toContain('Author');
    expect(header).not.toContain('Fiscal year');
    expect(lines).toHaveLength(2);
    expect(csv).toContain('Gamma retention');
  });

  it("links the partner's plan-shared notification, and the emailed address, to the plan page", async () => {
    await partnerPage.goto(`/c/${companyId}/overview`);
    const bell = partnerPage.getByRole('button', { name: /^Notifications, 1 unread$/ });
    await bell.waitFor();
    await bell.click();
    await partnerPage
      .getByRole('region', { name: 'Notifications' })
      .getByRole('button', { name: /^Gamma growth shared/ })
      .click();
    await partnerPage.getByRole('heading', { name: 'Gamma growth', level: 1 }).waitFor();
    const planPath = new URL(partnerPage.url()).pathname;
    expect(planPath).toMatch(new RegExp(`^/c/${companyId}/plans/[0-9a-f-]{36}$`));
    await partnerPage.getByRole('button', { name: 'Notifications', exact: true }).waitFor();

    // The address in the email (PUBLIC_URL/plans/<id>) opens the same page.
    const planId = planPath.split('/').pop();
    await partnerPage.goto(`/plans/${planId}`);
    await partnerPage.waitForURL(`**${planPath}`);
    await partnerPage.getByRole('heading', { name: 'Gamma growth', level: 1 }).waitFor();
    // For vendor staff the plan says which company it is in; an unknown one is "not found".
    await adminPage.goto(`/plans/${planId}`);
    await adminPage.waitForURL(`**${planPath}`);
    await adminPage.goto('/plans/00000000-0000-4000-8000-000000000000');
    await adminPage.getByRole('heading', { name: 'Not found' }).waitFor();
  });

  it('saves a plan as a template and applies it to the group', async () => {
    await adminPage.getByRole('link', { name: 'Admin', exact: true }).click();
    await adminNav(adminPage).getByRole('link', { name: 'Plan templates' }).click();
    const save = adminPage.getByRole('form', { name: 'Save a plan as a template' });
    await save
      .getByLabel('From plan')
      .selectOption({ label: `Gamma Partners GmbH: Gamma growth (FY ${THIS_YEAR})` });
    await save.getByLabel('Template name').fill('Standard partner plan');
    await save.getByRole('button', { name: 'Save template' }).click();
    await adminPage.getByRole('list', { name: 'Templates' }).getByText('Standard partner plan').waitFor();

    const apply = adminPage.getByRole('form', { name: 'Apply a template' });
    await apply.getByLabel('Fiscal year').fill(String(THIS_YEAR + 2));
    await apply
      .getByRole('group', { name: 'Partner groups' })
      .getByRole('checkbox', { name: 'Gold tier' })
      .check();
    await apply.getByRole('button', { name: 'Apply template' }).click();
    await apply.getByText('1 plan created.').waitFor();
    await apply.getByText('Gamma Partners GmbH: plan created').waitFor();
    const plans = await api.get(`/plans?companyId=${companyId}&fiscalYear=${THIS_YEAR + 2}`, admin.token);
    expect(plans.body.items.map((p: { name: string }) => p.name)).toEqual([
      `Standard partner plan FY${THIS_YEAR + 2}`,
    ]);
    await screenshot(adminPage, 'admin-templates');
  });

  it('fits the overview and the bell into 375 px', async () => {
    await partnerPage.setViewportSize({ width: 375, height: 740 });
    await partnerPage.goto(`/c/${companyId}/overview`);
    await partnerPage.getByRole('heading', { name: 'Figures' }).waitFor();
    await partnerPage.getByRole('button', { name: /^Notifications/ }).click();
    await partnerPage.getByRole('region', { name: 'Notifications' }).waitFor();
    const overflow = await partnerPage.evaluate(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBe(0);
    await screenshot(partnerPage, 'mobile-375-overview');
  });
});
