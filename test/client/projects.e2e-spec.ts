import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Api } from '../support/api';
import { World } from '../support/factories';
import { TestApp } from '../support/test-app';
import { describeInBrowser, screenshot, signedIn } from './support/browser';
import {
  closeBrowserWorld,
  ok,
  screenshotBothAfterEach,
  signInBoth,
  startBrowserWorld,
} from './support/world';

async function uploadThroughApi(
  baseUrl: string,
  token: string,
  folderId: string,
  name: string,
  text: string,
) {
  const form = new FormData();
  form.append('folderId', folderId);
  form.append('file', new Blob([text], { type: 'text/plain' }), name);
  const response = await fetch(`${baseUrl}/api/v1/files`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  if (response.status !== 201) throw new Error(`upload: ${response.status} ${await response.text()}`);
  return response.json();
}

/** Vendor and partner on one project in two browser contexts: the board, task detail, timeline and reviews. */
describeInBrowser('web client: the projects room in a real browser', () => {
  let app: TestApp;
  let api: Api;
  let world: World;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let vendor: Page;
  let partner: Page;
  let project: any;

  const column = (page: Page, label: string) => page.getByRole('list', { name: `${label} tasks` });

  beforeAll(async () => {
    ({ app, api, world, browser } = await startBrowserWorld());
    const token = world.manager.token;
    const year = new Date().getUTCFullYear() + 1;
    project = ok(
      await api.post(
        '/projects',
        {
          companyId: world.companyA,
          name: 'CRM rollout',
          startDate: `${year}-01-05`,
          dueDate: `${year}-03-31`,
          memberIds: [world.a.partner_manager.id],
        },
        token,
      ),
      'create project',
    );
    const task = (body: object) => api.post(`/projects/${project.id}/tasks`, body, token);
    ok(await task({ title: 'Kickoff workshop', dueDate: `${year}-01-12` }), 'task 1');
    const tenant = ok(await task({ title: 'Configure tenant', dueDate: `${year}-02-01` }), 'task 2');
    ok(
      await task({ title: 'Go-live', milestone: true, dueDate: `${year}-03-20`, dependsOn: [tenant.id] }),
      'task 3',
    );
    ({ vendor, partner } = await signInBoth(browser, app, world.manager, world.a.partner_manager, contexts));
  }, 180000);

  screenshotBothAfterEach('projects-last-', () => ({ vendor, partner }));

  afterAll(() => closeBrowserWorld(contexts, browser, app));

  it('lists the project with its progress and opens its board on both sides', async () => {
    for (const page of [vendor, partner]) {
      await page.getByRole('navigation', { name: 'Rooms' }).getByRole('link', { name: 'Projects' }).click();
      await page.getByRole('link', { name: 'CRM rollout' }).waitFor();
    }
    expect(
      await vendor.getByRole('progressbar', { name: 'CRM rollout progress' }).getAttribute('aria-valuenow'),
    ).toBe('0');
    await screenshot(vendor, 'projects-list-vendor');
    for (const page of [vendor, partner]) {
      await page.getByRole('link', { name: 'CRM rollout' }).click();
      await column(page, 'To do').getByRole('link', { name: 'Kickoff workshop' }).waitFor();
    }
  });

  it('moves a task dragged on the board in one context in the other, live', async () => {
    const card = vendor
      .getByRole('listitem')
      .filter({ has: vendor.getByRole('link', { name: 'Kickoff workshop' }) });
    await card.dragTo(vendor.getByRole('region', { name: /^In progress/ }), {
      sourcePosition: { x: 4, y: 4 },
    });
    await column(vendor, 'In progress').getByRole('link', { name: 'Kickoff workshop' }).waitFor();
    await column(partner, 'In progress')
      .getByRole('link', { name: 'Kickoff workshop' })
      .waitFor({ timeout: 10000 });
    expect(await column(partner, 'To do').getByRole('link', { name: 'Kickoff workshop' }).count()).toBe(0);
  });

  it('moves a task from the keyboard: pick up, arrow to a column, drop', async () => {
    const handle = partner.getByRole('button', { name: 'Move Configure tenant' });
    await handle.focus();
    await partner.keyboard.press('Space');
    await partner.getByRole('status').filter({ hasText: 'Picked up Configure tenant' }).waitFor();
    await partner.keyboard.press('ArrowRight');
    await partner.keyboard.press('ArrowRight');
    await column(partner, 'Blocked').getByRole('link', { name: 'Configure tenant' }).waitFor();
    await partner.keyboard.press('Space');
    await partner.getByRole('status').filter({ hasText: 'Configure tenant moved to Blocked' }).waitFor();
    await column(vendor, 'Blocked')
      .getByRole('link', { name: 'Configure tenant' })
      .waitFor({ timeout: 10000 });
    // Escape puts a picked-up card back.
    await handle.focus();
    await partner.keyboard.press('Space');
    await partner.keyboard.press('ArrowLeft');
    await partner.keyboard.press('Escape');
    await column(partner, 'Blocked').getByRole('link', { name: 'Configure tenant' }).waitFor();
    await screenshot(partner, 'project-board-partner');
  });

  it('edits a task in its detail: assignee, due date and dependencies; a task cannot finish before what it waits on', async () => {
    await vendor.getByRole('link', { name: 'Go-live' }).click();
    const detail = vendor.getByRole('complementary', { name: 'Go-live' });
    await detail.getByText('Waits on: Configure tenant').waitFor();
    await detail.getByLabel('Assignee').selectOption({ label: 'partner_manager (partner)' });
    await detail.getByLabel('Due date').fill(`${new Date().getUTCFullYear() + 1}-03-25`);
    await detail.getByRole('checkbox', { name: /Kickoff workshop/ }).check();
    await detail.getByRole('button', { name: 'Save task' }).click();
    await detail.getByText('Saved.').waitFor();
    const partnerCard = partner
      .getByRole('listitem')
      .filter({ has: partner.getByRole('link', { name: 'Go-live' }) });
    await partnerCard.getByText('partner_manager').waitFor({ timeout: 10000 });

    await detail.getByLabel('Status').selectOption({ label: 'Done' });
    await detail.getByRole('button', { name: 'Save task' }).click();
    await detail.getByRole('alert').filter({ hasText: 'waits on' }).waitFor();
    await detail.getByRole('button', { name: 'Discard changes' }).click();
    await screenshot(vendor, 'project-task-detail-vendor');
  });

  it('shows tasks and milestones by date on the timeline, and the updates feed live', async () => {
    await vendor.getByRole('tab', { name: 'Timeline' }).click();
    const timeline = vendor.getByRole('list', { name: 'Timeline' });
    await timeline.getByText('Go-live').waitFor();
    const titles = await timeline.getByRole('listitem').locator('strong').allTextContents();
    expect(titles.map((t) => t.replace('◆', '').trim())).toEqual([
      'Kickoff workshop',
      'Configure tenant',
      'Go-live',
    ]);
    await vendor.getByRole('progressbar', { name: 'Milestones reached (by weight)' }).waitFor();
    await screenshot(vendor, 'project-timeline-vendor');

    await vendor.getByRole('tab', { name: 'Updates' }).click();
    await partner.getByRole('tab', { name: 'Updates' }).click();
    await partner.getByLabel('Post an update').fill('Tenant is waiting on SSO details from IT.');
    await partner.getByRole('button', { name: 'Post update' }).click();
    await vendor
      .getByRole('list', { name: 'Updates' })
      .getByText('Tenant is waiting on SSO details from IT.')
      .waitFor({ timeout: 10000 });
  });

  it('lets the other side review a deliverable: approve buttons for the vendor, not for the partner who submitted', async () => {
    const me = ok(await api.get('/me', world.a.partner_manager.token), 'me');
    const filesRoom = me.rooms.find((r: any) => r.kind === 'files');
    const folders = ok(
      await api.get(`/folders?roomId=${filesRoom.id}`, world.a.partner_manager.token),
      'folders',
    );
    const root = folders.items.find((f: any) => f.parentId === null);
    await uploadThroughApi(
      app.baseUrl,
      world.a.partner_manager.token,
      root.id,
      'sso-design.txt',
      'SSO design v1',
    );

    await partner.getByRole('tab', { name: 'Deliverables' }).click();
    await vendor.getByRole('tab', { name: 'Deliverables' }).click();
    const form = partner.getByRole('form', { name: 'Submit a deliverable' });
    await form.getByLabel('File from shared files').selectOption({ label: 'sso-design.txt' });
    await form.getByLabel('Title (optional)').fill('SSO design');
    await form.getByRole('button', { name: 'Submit for review' }).click();
    const partnerList = partner.getByRole('list', { name: 'Deliverables' });
    await partnerList.getByText('Awaiting review').waitFor();
    expect(await partner.getByRole('button', { name: 'Approve SSO design' }).count()).toBe(0);

    await vendor.getByRole('button', { name: 'Approve SSO design' }).click({ timeout: 10000 });
    await vendor.getByRole('list', { name: 'Deliverables' }).getByText('Approved').waitFor();
    await partnerList.getByText('Approved').waitFor({ timeout: 10000 });
    await screenshot(vendor, 'project-deliverables-vendor');
  });

  it('is usable at 375 px wide', async () => {
    const narrow = await signedIn(browser, app.baseUrl, world.a.partner_member.email, {
      width: 375,
      height: 740,
    });
    contexts.push(narrow.context);
    await narrow.page.goto(`/c/${world.companyA}/projects?project=${project.id}`);
    await narrow.page.getByRole('tab', { name: 'Board' }).waitFor();
    const overflow = await narrow.page.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(narrow.page, 'projects-375');
  });
});
