import type { Browser, BrowserContext } from 'playwright-core';
import { Api } from '../support/api';
import { Actor, createCompany, createUser, login, PASSWORD, uniqueEmail } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { describeInBrowser, launchChromium, screenshot, signedIn, signInOn } from './support/browser';
import { closeBrowserWorld } from './support/world';

/** First run, sign-in, invitations, sign-out, session expiry and what a partner's navigation may show. */
describeInBrowser('web client: the signed-in shell in a real browser', () => {
  let app: TestApp;
  let api: Api;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let admin: Actor;
  let companyA: string;
  let companyB: string;
  let partner: Actor;

  async function newContext(width = 1280, height = 860) {
    const context = await browser.newContext({ baseURL: app.baseUrl, viewport: { width, height } });
    contexts.push(context);
    return context;
  }

  beforeAll(async () => {
    app = await startTestApp();
    api = new Api(app.baseUrl);
    browser = await launchChromium();
  }, 180000);

  afterAll(() => closeBrowserWorld(contexts, browser, app));

  it('serves the client for page paths but never for the API, health or sockets', async () => {
    const page = await fetch(`${app.baseUrl}/c/anything/plans`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    const apiMiss = await fetch(`${app.baseUrl}/api/v1/nothing-here`, { headers: { accept: 'text/html' } });
    expect(apiMiss.status).toBe(404);
    expect(apiMiss.headers.get('content-type')).toContain('json');
    expect((await fetch(`${app.baseUrl}/health`)).headers.get('content-type')).toContain('json');
    const socket = await fetch(`${app.baseUrl}/socket.io/`, { headers: { accept: 'text/html' } });
    expect(await socket.text()).not.toContain('<div id="root">');
  });

  it('walks a new server through first-run setup', async () => {
    const page = await (await newContext()).newPage();
    await page.goto('/');
    await page.getByRole('heading', { name: 'Set up your workspace' }).waitFor();
    await screenshot(page, 'setup');
    const email = uniqueEmail('founder');
    await page.getByLabel('Workspace name').fill('Acme Partners');
    await page.getByLabel('Your name').fill('Ada Admin');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await page.getByRole('heading', { name: 'No partner companies yet' }).waitFor();

    const session = await login(api, email);
    admin = {
      id: session.user.id,
      email,
      role: 'admin',
      companyId: null,
      token: session.accessToken,
      refreshToken: session.refreshToken,
    };
    companyA = (await createCompany(api, admin, 'Alpha Systems')).id;
    companyB = (await createCompany(api, admin, 'Beta Solutions')).id;
    partner = await createUser(api, admin, 'partner_executive', companyA, 'Pia Partner');
    await createUser(api, admin, 'partner_executive', companyB, 'Bob Beta');
  });

  it('refuses a wrong password, signs in, and signs out', async () => {
    const page = await (await newContext()).newPage();
    await page.goto('/');
    await page.getByLabel('Email').fill(partner.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'do not match' }).waitFor();
    await screenshot(page, 'login-error');

    await signInOn(page, partner.email);
    await page.getByText('Alpha Systems').waitFor();
    expect(new URL(page.url()).pathname).toMatch(new RegExp(`^/c/${companyA}/`));
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('status').filter({ hasText: 'You have signed out.' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  });

  it('never shows a partner another company, in the navigation or by address', async () => {
    const { page } = await signedIn(browser, app.baseUrl, partner.email);
    contexts.push(page.context());
    const companyCalls: string[] = [];
    page.on('request', (request) => {
      if (/\/api\/v1\/companies(\?|$)/.test(new URL(request.url()).pathname + '?'))
        companyCalls.push(request.url());
    });
    await page.getByRole('navigation', { name: 'Rooms' }).getByRole('link').first().waitFor();
    expect(await page.getByRole('combobox', { name: 'Partner company' }).count()).toBe(0);
    expect(await page.locator('body').innerText()).not.toContain('Beta Solutions');

    await page.goto(`/c/${companyB}/plans`);
    await page.getByRole('heading', { name: 'Not found' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Rooms' }).getByRole('link').count()).toBe(0);
    expect(await page.locator('body').innerText()).not.toContain('Beta Solutions');
    expect(companyCalls).toEqual([]);
  });

  it('lets vendor staff switch between partner companies', async () => {
    const { page } = await signedIn(browser, app.baseUrl, admin.email);
    contexts.push(page.context());
    const switcher = page.getByRole('combobox', { name: 'Partner company' });
    await switcher.waitFor();
    await switcher.selectOption({ label: 'Beta Solutions' });
    await page.waitForURL(new RegExp(`/c/${companyB}/`));
    await page
      .getByRole('navigation', { name: 'Rooms' })
      .getByRole('link', { name: 'Business plans' })
      .click();
    await page.getByText('No plans yet.').waitFor();
    await screenshot(page, 'vendor-company-switcher');
  });

  it('accepts an invitation and lands in the shell', async () => {
    const invitation = await api.post(
      '/invitations',
      { email: uniqueEmail('invitee'), role: 'partner_manager', companyId: companyA },
      admin.token,
    );
    expect(invitation.status).toBe(201);
    const token = new URL(invitation.body.acceptUrl).pathname.split('/').pop();
    const page = await (await newContext(375, 740)).newPage();
    await page.goto(`/invitations/${token}`);
    await page.getByRole('heading', { name: 'Accept your invitation' }).waitFor();
    await page.getByLabel('Your name').fill('Ivy Invitee');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Join workspace' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.locator('.user-name', { hasText: 'Ivy Invitee' }).waitFor();
    // At 375 px the navigation folds behind a menu button.
    const menu = page.getByRole('button', { name: 'Menu' });
    expect(await page.getByRole('navigation', { name: 'Rooms' }).isVisible()).toBe(false);
    await menu.click();
    await page
      .getByRole('navigation', { name: 'Rooms' })
      .getByRole('link', { name: 'Business plans' })
      .click();
    await page.getByText('No plans yet.').waitFor();
    const overflow = await page.evaluate(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBe(0);
    await screenshot(page, 'mobile-375-plans');
  });

  it('returns to the sign-in page with a message when the session ends', async () => {
    const { page } = await signedIn(browser, app.baseUrl, partner.email);
    contexts.push(page.context());
    const stored = JSON.parse((await page.evaluate('localStorage.getItem("pws.session")')) as string);
    // The session is ended elsewhere (signed out on another device): the refresh token no longer works.
    const ended = await api.post('/auth/logout', { refreshToken: stored.refreshToken }, stored.accessToken);
    expect(ended.status).toBe(204);
    // The server closes the tab's socket; its retry cannot refresh, so the tab signs out by itself, no click needed
    // (a click here would race the page leaving).
    await page.getByRole('status').filter({ hasText: 'Your session has expired' }).waitFor();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await screenshot(page, 'session-expired');
  });
});
