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

/** Vendor and partner chat in two browser contexts on the real built server. */
describeInBrowser('web client: the messages room in a real browser', () => {
  let app: TestApp;
  let api: Api;
  let world: World;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let vendor: Page;
  let partner: Page;

  const messagesLink = (page: Page) =>
    page.getByRole('navigation', { name: 'Rooms' }).getByRole('link', { name: /^Messages/ });
  const composer = (page: Page, title: string) => page.getByRole('textbox', { name: `Message ${title}` });
  const messageList = (page: Page) =>
    page.getByRole('region', { name: '#general' }).getByRole('log', { name: 'Messages' });

  beforeAll(async () => {
    ({ app, api, world, browser } = await startBrowserWorld());
    ok(
      await api.post(
        '/conversations',
        { companyId: world.companyA, kind: 'channel', name: 'general' },
        world.manager.token,
      ),
      'create channel',
    );
    ({ vendor, partner } = await signInBoth(
      browser,
      app,
      world.manager,
      world.a.partner_executive,
      contexts,
    ));
  }, 180000);

  screenshotBothAfterEach('last-messages-', () => ({ vendor, partner }));

  afterAll(() => closeBrowserWorld(contexts, browser, app));

  it('shows each side the other one typing and the other one’s messages, live', async () => {
    await messagesLink(partner).click();
    await messagesLink(vendor).click();
    await composer(partner, '#general').waitFor();
    await composer(vendor, '#general').waitFor();
    await partner.getByText('No messages yet. Say hello!').waitFor();

    await composer(vendor, '#general').fill('Hello **partner**');
    await partner.getByText('Cora Manager is typing…').waitFor({ timeout: 10000 });
    await composer(vendor, '#general').press('Enter');
    await messageList(partner).locator('strong', { hasText: 'partner' }).waitFor({ timeout: 10000 });
    await partner.getByText('Cora Manager is typing…').waitFor({ state: 'detached' });

    await composer(partner, '#general').fill('Hi Cora, <b>not bold</b> here');
    await composer(partner, '#general').press('Enter');
    await messageList(vendor).getByText('Hi Cora, <b>not bold</b> here').waitFor({ timeout: 10000 });
    expect(await messageList(vendor).locator('b').count()).toBe(0);
    // The sender's optimistic copy was replaced by the server's, not shown twice.
    await messageList(partner).getByText('Sending…').waitFor({ state: 'detached' });
    expect(await messageList(partner).getByText('Hi Cora, <b>not bold</b> here').count()).toBe(1);
    await screenshot(vendor, 'messages-vendor');
    await screenshot(partner, 'messages-partner');
  });

  it('counts unread messages in another conversation and in the navigation, and clears them on reading', async () => {
    const desk = ok(
      await api.post(
        '/conversations',
        { companyId: world.companyA, kind: 'channel', name: 'deal-desk' },
        world.manager.token,
      ),
      'create second channel',
    );
    ok(
      await api.post(
        `/conversations/${desk.id}/messages`,
        { body: 'First on the desk' },
        world.manager.token,
      ),
      'post',
    );
    // The partner, still reading #general, learns of it live.
    const deskButton = partner.getByRole('button', { name: '#deal-desk, 1 unread' });
    await deskButton.waitFor({ timeout: 10000 });
    await partner
      .getByRole('navigation', { name: 'Rooms' })
      .getByRole('link', { name: 'Messages (1 unread)' })
      .waitFor({ timeout: 10000 });

    await vendor.getByRole('button', { name: /^#deal-desk/ }).click();
    await composer(vendor, '#deal-desk').fill('Second on the desk');
    await composer(vendor, '#deal-desk').press('Enter');
    await partner.getByRole('button', { name: '#deal-desk, 2 unread' }).waitFor({ timeout: 10000 });
    await partner
      .getByRole('navigation', { name: 'Rooms' })
      .getByRole('link', { name: 'Messages (2 unread)' })
      .waitFor({ timeout: 10000 });
    await screenshot(partner, 'messages-unread-partner');

    await partner.getByRole('button', { name: /^#deal-desk/ }).click();
    await partner.getByText('Second on the desk').waitFor();
    await messagesLink(partner)
      .filter({ hasText: /^Messages$/ })
      .waitFor({ timeout: 10000 });
    await partner.getByRole('button', { name: '#deal-desk', exact: true }).waitFor();
    const summary = ok(
      await api.get(`/conversations/unread?companyId=${world.companyA}`, world.a.partner_executive.token),
      'unread',
    );
    expect(summary.conversations).toEqual([]);
  });

  it('replies in a thread and reacts to a message', async () => {
    await vendor.getByRole('button', { name: /^#general/ }).click();
    await partner.getByRole('button', { name: /^#general/ }).click();
    const first = messageList(partner).getByRole('article').filter({ hasText: 'Hello partner' });
    await first.getByRole('button', { name: 'Reply in thread' }).click();
    const thread = partner.getByRole('complementary', { name: 'Thread' });
    await thread.getByRole('textbox', { name: 'Reply in thread' }).fill('A reply in the thread');
    await thread.getByRole('textbox', { name: 'Reply in thread' }).press('Enter');
    await thread.getByText('A reply in the thread').waitFor();
    await messageList(vendor)
      .getByRole('article')
      .filter({ hasText: 'Hello partner' })
      .getByRole('button', { name: '1 reply' })
      .waitFor({ timeout: 10000 });

    await first.getByRole('button', { name: 'React', exact: true }).click();
    await first.getByRole('button', { name: 'React with 👍' }).click();
    await messageList(vendor)
      .getByRole('article')
      .filter({ hasText: 'Hello partner' })
      .getByRole('button', { name: /^👍 1/ })
      .waitFor({ timeout: 10000 });
    await screenshot(partner, 'messages-thread-partner');
  });

  it('attaches a dropped file, and the other side downloads the same bytes', async () => {
    const box = composer(partner, '#general');
    // Built in the page: a real DataTransfer holding a real File, as a drag from the desktop delivers.
    const dataTransfer = await partner.evaluateHandle(() => {
      const page = globalThis as unknown as {
        DataTransfer: new () => { items: { add(file: unknown): void } };
        File: new (parts: string[], name: string, options: { type: string }) => unknown;
      };
      const transfer = new page.DataTransfer();
      transfer.items.add(
        new page.File(['minutes of the kick-off\n'], 'kickoff-notes.txt', { type: 'text/plain' }),
      );
      return transfer;
    });
    await box.dispatchEvent('dragover', { dataTransfer });
    await box.dispatchEvent('drop', { dataTransfer });
    const pending = partner.getByRole('list', { name: 'Attachments' });
    await pending.getByText('kickoff-notes.txt').waitFor();
    await pending.getByText('uploading…').waitFor({ state: 'detached', timeout: 10000 });
    await box.fill('Notes attached');
    await box.press('Enter');

    const received = messageList(vendor).getByRole('article').filter({ hasText: 'Notes attached' });
    const file = received.getByRole('button', { name: 'kickoff-notes.txt' });
    await file.waitFor({ timeout: 10000 });
    const [download] = await Promise.all([vendor.waitForEvent('download'), file.click()]);
    expect(download.suggestedFilename()).toBe('kickoff-notes.txt');
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('minutes of the kick-off\n');
  });

  it('edits and deletes a message for both sides, and finds messages by search', async () => {
    const own = messageList(partner).getByRole('article').filter({ hasText: 'Notes attached' });
    await own.getByRole('button', { name: 'Edit' }).click();
    await own.getByRole('textbox', { name: 'Edit message' }).fill('Notes attached (final)');
    await own.getByRole('button', { name: 'Save' }).click();
    const seen = messageList(vendor).getByRole('article').filter({ hasText: 'Notes attached (final)' });
    await seen.getByText('(edited)').waitFor({ timeout: 10000 });

    const doomed = messageList(partner).getByRole('article').filter({ hasText: 'not bold' });
    await doomed.getByRole('button', { name: 'Delete' }).click();
    await doomed.getByRole('button', { name: 'Confirm delete' }).click();
    await messageList(vendor).getByText('This message was deleted.').waitFor({ timeout: 10000 });
    expect(await messageList(vendor).getByText('not bold').count()).toBe(0);

    await vendor.getByRole('searchbox', { name: 'Search messages' }).fill('desk');
    await vendor.getByRole('button', { name: 'Search', exact: true }).click();
    const results = vendor.getByRole('region', { name: 'Search results' });
    await results.getByText('2 matches').waitFor();
    await results.getByRole('button', { name: /Second on the desk/ }).click();
    await vendor.getByRole('region', { name: '#deal-desk' }).getByText('Second on the desk').waitFor();
    await screenshot(vendor, 'messages-search-vendor');

    await partner.setViewportSize({ width: 375, height: 800 });
    await composer(partner, '#general').waitFor();
    await screenshot(partner, 'messages-partner-375');
  });

  it('fetches the messages it missed while the connection was down', async () => {
    await vendor.setViewportSize({ width: 1280, height: 860 });
    await vendor.getByRole('button', { name: /^#general/ }).click();
    await composer(vendor, '#general').waitFor();
    const general = ok(
      await api.get(`/conversations?companyId=${world.companyA}`, world.manager.token),
      'conversations',
    ).items.find((c: any) => c.name === 'general');
    await contexts[0].setOffline(true);
    await vendor.getByText('You are offline.').waitFor({ timeout: 40000 });
    ok(
      await api.post(
        `/conversations/${general.id}/messages`,
        { body: 'Sent while you were away' },
        world.a.partner_executive.token,
      ),
      'post while offline',
    );
    await contexts[0].setOffline(false);
    await messageList(vendor).getByText('Sent while you were away').waitFor({ timeout: 40000 });
    await vendor.getByText('You are offline.').waitFor({ state: 'detached' });
  }, 120000);

  it('loads older history as the reader scrolls up, and badges a mention live', async () => {
    const history = ok(
      await api.post(
        '/conversations',
        { companyId: world.companyA, kind: 'channel', name: 'history' },
        world.manager.token,
      ),
      'create history channel',
    );
    // Six writers keep each one under the per-user send rate.
    const writers = [
      world.manager,
      world.admin,
      world.vendorMember,
      world.a.partner_executive,
      world.a.partner_manager,
      world.a.partner_member,
    ];
    for (let n = 1; n <= 90; n++) {
      ok(
        await api.post(
          `/conversations/${history.id}/messages`,
          { body: `History line ${n}` },
          writers[n % writers.length].token,
        ),
        `history ${n}`,
      );
    }
    await partner.getByRole('button', { name: /^#history/ }).click();
    const log = partner.getByRole('region', { name: '#history' }).getByRole('log', { name: 'Messages' });
    await log.getByText('History line 90', { exact: true }).waitFor();
    expect(await log.getByText('History line 1', { exact: true }).count()).toBe(0);
    await log.evaluate((element) => {
      element.scrollTop = 0;
    });
    await log.getByText('History line 1', { exact: true }).waitFor({ timeout: 10000 });
    await log.getByText('History line 90', { exact: true }).waitFor();
    expect(await log.getByRole('button', { name: 'Load older messages' }).count()).toBe(0);

    const desk = ok(
      await api.get(`/conversations?companyId=${world.companyA}`, world.manager.token),
      'conversations',
    ).items.find((c: any) => c.name === 'deal-desk');
    ok(
      await api.post(
        `/conversations/${desk.id}/messages`,
        { body: '@partner_executive can you confirm the date?' },
        world.manager.token,
      ),
      'mention',
    );
    await partner
      .getByRole('button', { name: '#deal-desk, 1 unread, 1 mentioning you' })
      .waitFor({ timeout: 10000 });
    await screenshot(partner, 'messages-mention-partner');
  }, 120000);
});
