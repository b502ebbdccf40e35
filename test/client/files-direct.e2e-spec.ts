import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Api } from '../support/api';
import { buildWorld, World } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { describeInBrowser, launchChromium, screenshot, signedIn } from './support/browser';
import { closeBrowserWorld } from './support/world';

const S3rver = require('s3rver');

const BUCKET = 'pws-client-direct';
// What an operator configures on the bucket so browsers may PUT parts and read their ETags.
const CORS = `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>*</AllowedOrigin>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
  </CORSRule>
</CORSConfiguration>`;

/** Above 64 MB the browser sends the file straight to object storage in presigned parts. */
describeInBrowser('web client: direct-to-storage uploads of large files', () => {
  let s3: any;
  let s3Dir: string;
  let app: TestApp;
  let world: World;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let partner: Page;
  let vendor: Page;
  let workDir: string;
  const big = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(65 * 1024 * 1024)]);

  beforeAll(async () => {
    s3Dir = mkdtempSync(join(tmpdir(), 'pws-s3rver-client-'));
    s3 = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory: s3Dir,
      configureBuckets: [{ name: BUCKET, configs: [CORS] }],
    });
    const { port } = (await s3.run()) as { port: number };
    app = await startTestApp({
      S3_ENDPOINT: `http://127.0.0.1:${port}`,
      S3_ACCESS_KEY: 'S3RVER',
      S3_SECRET_KEY: 'S3RVER',
      S3_BUCKET: BUCKET,
    });
    world = await buildWorld(new Api(app.baseUrl));
    browser = await launchChromium();
    const p = await signedIn(browser, app.baseUrl, world.a.partner_manager.email);
    const v = await signedIn(browser, app.baseUrl, world.manager.email);
    contexts.push(p.context, v.context);
    partner = p.page;
    vendor = v.page;
    workDir = mkdtempSync(join(tmpdir(), 'pws-client-big-'));
  }, 180000);

  afterAll(async () => {
    await closeBrowserWorld(contexts, browser, app);
    await s3?.close();
    if (s3Dir) rmSync(s3Dir, { recursive: true, force: true });
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('sends a 65 MB file in parts straight to storage, then the other side downloads it byte-identical', async () => {
    const path = join(workDir, 'training-videos.zip');
    writeFileSync(path, big);
    const requests: string[] = [];
    partner.on('request', (request) => requests.push(`${request.method()} ${request.url()}`));

    for (const page of [partner, vendor]) {
      await page
        .getByRole('navigation', { name: 'Rooms' })
        .getByRole('link', { name: 'Shared files', exact: true })
        .click();
      await page.getByText('This folder is empty.').waitFor();
    }
    await partner.getByLabel('Upload files').setInputFiles(path);
    const item = partner
      .getByRole('region', { name: 'Uploads' })
      .getByRole('listitem')
      .filter({ hasText: 'training-videos.zip' });
    await item.getByText('Uploaded').waitFor({ timeout: 150000 });
    expect(await item.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    await screenshot(partner, 'files-direct-upload-partner');

    // The bytes went to storage in parts, never through POST /files.
    const s3Origin = app.config.s3!.endpoint;
    expect(requests.filter((r) => r.startsWith(`PUT ${s3Origin}`)).length).toBeGreaterThanOrEqual(2);
    expect(requests.some((r) => r.endsWith('/api/v1/files/uploads'))).toBe(true);
    expect(requests.some((r) => /POST .*\/api\/v1\/files$/.test(r))).toBe(false);

    const link = vendor
      .getByRole('table', { name: 'Folder contents' })
      .getByRole('link', { name: 'training-videos.zip' });
    await link.waitFor({ timeout: 10000 });
    const [download] = await Promise.all([
      vendor.waitForEvent('download', { timeout: 120000 }),
      vendor.getByRole('button', { name: 'Download training-videos.zip' }).click(),
    ]);
    const saved = readFileSync((await download.path())!);
    expect(saved.length).toBe(big.length);
    expect(createHash('sha256').update(saved).digest('hex')).toBe(
      createHash('sha256').update(big).digest('hex'),
    );
  }, 300000);
});
