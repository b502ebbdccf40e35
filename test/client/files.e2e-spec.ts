import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { World } from '../support/factories';
import { TestApp } from '../support/test-app';
import { describeInBrowser, screenshot, signedIn } from './support/browser';
import { closeBrowserWorld, screenshotBothAfterEach, signInBoth, startBrowserWorld } from './support/world';

/** A zip-signed body of pseudo-random bytes: the server sniffs the type, the test compares every byte. */
function zipBytes(size: number, seed: number): Buffer {
  const out = Buffer.alloc(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  out.set([0x50, 0x4b, 0x03, 0x04], 0);
  return out;
}

/** Drops files on a drop zone the way a browser does: dragenter, dragover, drop with a DataTransfer. */
async function dropFiles(
  page: Page,
  target: Locator,
  files: { name: string; bytes: Buffer; type: string }[],
) {
  const dataTransfer = await page.evaluateHandle(
    (list) => {
      // Runs in the page; the server's type library has no DOM.
      const page = globalThis as any;
      const transfer = new page.DataTransfer();
      for (const file of list) {
        const raw = atob(file.base64);
        const bytes = new Uint8Array(raw.length);
        for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
        transfer.items.add(new page.File([bytes], file.name, { type: file.type }));
      }
      return transfer;
    },
    files.map((f) => ({ name: f.name, type: f.type, base64: f.bytes.toString('base64') })),
  );
  await target.dispatchEvent('dragenter', { dataTransfer });
  await target.dispatchEvent('dragover', { dataTransfer });
  await target.dispatchEvent('drop', { dataTransfer });
}

async function openRoom(page: Page, name: string) {
  await page.getByRole('navigation', { name: 'Rooms' }).getByRole('link', { name, exact: true }).click();
}

/** Vendor and partner in two browser contexts on the real built server: uploads, live lists, versions. */
describeInBrowser('web client: the file rooms in a real browser', () => {
  let app: TestApp;
  let world: World;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let vendor: Page;
  let partner: Page;
  const report = zipBytes(3 * 1024 * 1024 + 17, 11);
  const notes = Buffer.from('Partner kickoff notes\nAgenda: pricing, enablement, launch.\n', 'utf8');

  beforeAll(async () => {
    ({ app, world, browser } = await startBrowserWorld());
    ({ vendor, partner } = await signInBoth(browser, app, world.manager, world.a.partner_manager, contexts));
  }, 180000);

  screenshotBothAfterEach('files-last-', () => ({ vendor, partner }));

  afterAll(() => closeBrowserWorld(contexts, browser, app));

  it('uploads dropped files with a progress bar each; they appear live for the other side, which downloads them byte-identical', async () => {
    await openRoom(vendor, 'Shared files');
    await vendor.getByText('This folder is empty.').waitFor();
    await openRoom(partner, 'Shared files');
    await partner.getByText('This folder is empty.').waitFor();

    await dropFiles(partner, partner.getByText('Drop files here', { exact: false }), [
      { name: 'q3-report.zip', bytes: report, type: 'application/zip' },
      { name: 'kickoff-notes.txt', bytes: notes, type: 'text/plain' },
    ]);
    const uploads = partner.getByRole('region', { name: 'Uploads' });
    for (const name of ['q3-report.zip', 'kickoff-notes.txt']) {
      const bar = uploads.getByRole('progressbar', { name: `Upload of ${name}` });
      await bar.waitFor();
      await uploads.getByRole('listitem').filter({ hasText: name }).getByText('Uploaded').waitFor();
      expect(await bar.getAttribute('aria-valuenow')).toBe('100');
    }
    await screenshot(partner, 'files-uploaded-partner');

    // The vendor's list updates without a reload.
    const table = vendor.getByRole('table', { name: 'Folder contents' });
    await table.getByRole('link', { name: 'q3-report.zip' }).waitFor({ timeout: 10000 });
    await table.getByRole('link', { name: 'kickoff-notes.txt' }).waitFor();
    await screenshot(vendor, 'files-vendor');

    for (const [name, bytes] of [
      ['q3-report.zip', report],
      ['kickoff-notes.txt', notes],
    ] as const) {
      const [download] = await Promise.all([
        vendor.waitForEvent('download'),
        vendor.getByRole('button', { name: `Download ${name}` }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(name);
      const saved = readFileSync((await download.path())!);
      expect(saved.length).toBe(bytes.length);
      expect(saved.equals(bytes)).toBe(true);
    }
  });

  it('shows versions with restore, the download history and comments, live on both sides', async () => {
    await vendor.getByRole('link', { name: 'q3-report.zip' }).click();
    const panel = vendor.getByRole('complementary', { name: 'q3-report.zip' });
    await panel
      .getByRole('list', { name: 'Download history' })
      .getByText('Cora Manager downloaded version 1')
      .waitFor();

    // A same-named upload is a new version; the vendor's open panel shows it live.
    const second = zipBytes(40_000, 99);
    await partner.getByLabel('Upload files').setInputFiles({
      name: 'q3-report.zip',
      mimeType: 'application/zip',
      buffer: second,
    });
    await partner
      .getByRole('region', { name: 'Uploads' })
      .getByRole('listitem')
      .filter({ hasText: 'q3-report.zip' })
      .getByText('Uploaded')
      .nth(1)
      .waitFor();
    const versions = panel.getByRole('list', { name: 'Versions' });
    await versions.getByText('Version 2').waitFor({ timeout: 10000 });

    await panel.getByRole('button', { name: 'Restore version 1' }).click();
    await versions.getByText('Version 3').waitFor();
    await versions.getByText('Restored from version 1').waitFor();
    const [download] = await Promise.all([
      vendor.waitForEvent('download'),
      panel.getByRole('button', { name: 'Download', exact: true }).click(),
    ]);
    expect(readFileSync((await download.path())!).equals(report)).toBe(true);

    // Comments reach the other side without a reload.
    await partner.getByRole('link', { name: 'q3-report.zip' }).click();
    const partnerPanel = partner.getByRole('complementary', { name: 'q3-report.zip' });
    await partnerPanel.getByRole('list', { name: 'Versions' }).getByText('Version 3').waitFor();
    // Partners do not see who downloaded what.
    expect(await partnerPanel.getByRole('heading', { name: 'Download history' }).count()).toBe(0);
    await partnerPanel.getByRole('textbox', { name: 'Comment' }).fill('Numbers for EMEA are on page 4.');
    await partnerPanel.getByRole('button', { name: 'Post comment' }).click();
    await panel.getByRole('list', { name: 'Comments' }).getByText('Numbers for EMEA are on page 4.').waitFor({
      timeout: 10000,
    });
    await screenshot(vendor, 'file-panel-vendor');
    await screenshot(partner, 'file-panel-partner');
  });

  it('creates a folder, moves and renames a file into it, and the other side follows live', async () => {
    await vendor.getByRole('button', { name: 'Close file details' }).click();
    await vendor.getByRole('button', { name: 'New folder' }).click();
    await vendor.getByLabel('Folder name').fill('Contracts');
    await vendor.getByRole('button', { name: 'Save' }).click();
    const partnerTree = partner.getByRole('navigation', { name: 'Folders' });
    await partnerTree.getByRole('link', { name: 'Contracts' }).waitFor({ timeout: 10000 });

    await vendor.getByRole('link', { name: 'kickoff-notes.txt' }).click();
    const panel = vendor.getByRole('complementary', { name: 'kickoff-notes.txt' });
    await panel.getByRole('button', { name: 'Move' }).click();
    await panel.getByLabel('Move to folder').selectOption({ label: 'Contracts' });
    await panel.getByRole('button', { name: 'Move', exact: true }).last().click();
    await vendor
      .getByRole('table', { name: 'Folder contents' })
      .getByRole('link', { name: 'kickoff-notes.txt' })
      .waitFor({ state: 'detached' });

    await panel.getByRole('button', { name: 'Rename' }).click();
    await panel.getByLabel('New file name').fill('kickoff-minutes.txt');
    await panel.getByRole('button', { name: 'Save' }).click();
    await vendor.getByRole('complementary', { name: 'kickoff-minutes.txt' }).waitFor();

    await partnerTree.getByRole('link', { name: 'Contracts' }).click();
    await partner
      .getByRole('table', { name: 'Folder contents' })
      .getByRole('link', { name: 'kickoff-minutes.txt' })
      .waitFor();
  });

  it('lets partners read but not change resources; learning-track ticks move their completion', async () => {
    await openRoom(vendor, 'Resources');
    await vendor.getByRole('heading', { name: 'Learning tracks' }).waitFor();
    await vendor.getByLabel('Upload files').setInputFiles({
      name: 'pricing-guide.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('Pricing guide for partners\n'),
    });
    await vendor
      .getByRole('table', { name: 'Folder contents' })
      .getByRole('link', { name: 'pricing-guide.txt' })
      .waitFor();

    await vendor.getByRole('button', { name: 'New learning track' }).click();
    const form = vendor.getByRole('form', { name: 'New learning track' });
    await form.getByLabel('Track title').fill('Sales onboarding');
    await form.getByRole('checkbox', { name: 'pricing-guide.txt' }).check();
    await form.getByLabel('Link (optional)').fill('https://example.test/course');
    await form.getByLabel('Link title').fill('Watch the product course');
    await form.getByRole('button', { name: 'Create track' }).click();
    await vendor.getByRole('heading', { name: 'Sales onboarding' }).waitFor();

    await openRoom(partner, 'Resources');
    await partner.getByRole('heading', { name: 'Sales onboarding' }).waitFor({ timeout: 10000 });
    expect(await partner.getByLabel('Upload files').count()).toBe(0);
    expect(await partner.getByRole('button', { name: 'New learning track' }).count()).toBe(0);
    const gauge = partner.getByRole('progressbar', { name: 'Sales onboarding completion' });
    expect(await gauge.getAttribute('aria-valuenow')).toBe('0');
    await partner.getByRole('checkbox', { name: 'pricing-guide.txt' }).check();
    await partner
      .locator('[role="progressbar"][aria-label="Sales onboarding completion"][aria-valuenow="50"]')
      .waitFor();
    await partner.getByRole('checkbox', { name: 'Watch the product course' }).check();
    await partner.getByText(/^Completed /).waitFor();
    expect(await gauge.getAttribute('aria-valuenow')).toBe('100');
    await screenshot(partner, 'resources-partner');
    await screenshot(vendor, 'resources-vendor');

    await openRoom(partner, 'Brand');
    await partner.getByText('This folder is empty.').waitFor();
    expect(await partner.getByLabel('Upload files').count()).toBe(0);
    await openRoom(vendor, 'Brand');
    await vendor.getByLabel('Upload files').waitFor();
    await screenshot(vendor, 'brand-vendor');
  });

  it('is usable at 375 px wide', async () => {
    const narrow = await signedIn(browser, app.baseUrl, world.a.partner_member.email, {
      width: 375,
      height: 740,
    });
    contexts.push(narrow.context);
    await narrow.page.getByRole('button', { name: 'Menu' }).click();
    await openRoom(narrow.page, 'Shared files');
    await narrow.page
      .getByRole('table', { name: 'Folder contents' })
      .getByRole('link', { name: 'q3-report.zip' })
      .waitFor();
    await narrow.page.getByLabel('Upload files').waitFor();
    const overflow = await narrow.page.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(narrow.page, 'files-375');
  });
});
