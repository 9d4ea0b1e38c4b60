import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, type HostProcess, killHard, spawnHost } from '../test-support/host-process.ts';
import { basicAuth } from '../test-support/test-host.ts';
import { launchChromium } from './chromium-launch.ts';
import { clickAndLoad, definitionCount, eventually, openPage, signIn, submit, totpCode, visibleErrors } from './console-steps.ts';
import { tourPages } from './page-tour.ts';
import { saveScreenshot } from './screenshots.ts';
import { startWebhookSink, type WebhookSink } from './webhook-sink.ts';

// Issue 9's walk-through in a real browser (playwright-core driving the system's Chromium) against
// a real host process on a fresh DATA_DIR (embedded SQLite, no SMTP: mails go to /dev/outbox).
// The steps share one browser session, in order; each is its own test so a failing step names itself.

const EMAIL = 'owner@walkthrough.example';
const PASSWORD = 'walk-through-passw0rd';
const dataDir = mkdtempSync(join(tmpdir(), 'junction-browser-'));
let host: HostProcess;
let sink: WebhookSink;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** What the steps learn along the way (ids from the URLs, the writeKey from the page). */
const seen: { secret?: string; sourceId?: string; writeKey?: string; destinationId?: string } = {};

function need<K extends keyof typeof seen>(key: K): string {
  const value = seen[key];
  if (!value) throw new Error(`an earlier step did not provide ${key}`);
  return value;
}

beforeAll(async () => {
  sink = await startWebhookSink();
  const port = await freePort();
  host = await spawnHost({ DATA_DIR: dataDir, SMTP_URL: '', PUBLIC_URL: `http://127.0.0.1:${port}`, INGEST_METRICS_FLUSH_MS: '1000', HEALTH_INTERVAL_SECONDS: '0' }, port);
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(10_000);
  page = await context.newPage();
}, 60_000);

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  if (host) await killHard(host.child);
  await sink?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the console walk-through in Chromium', { timeout: 30_000 }, () => {
  it('1. the first visit leads to the owner sign-up, which refuses a short password and then signs in', async () => {
    await page.goto(`${host.url}/`);
    expect(new URL(page.url()).pathname).toBe('/sign-up');
    await saveScreenshot(page, 'sign-up');
    await page.getByLabel('Your name').fill('Walk Through');
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password').fill('short');
    await submit(page, 'Create the owner account', 'Create account');
    expect((await visibleErrors(page)).join(' ')).toMatch(/password/i);
    await saveScreenshot(page, 'sign-up-error');
    await page.getByLabel('Password').fill(PASSWORD);
    await submit(page, 'Create the owner account', 'Create account');
    expect(new URL(page.url()).pathname).toBe('/sources');
    await expect(page.locator('h1').textContent()).resolves.toBe('Sources');
  });

  it('2. enables MFA (code computed from the page secret), keeps the recovery codes, signs out and back in through the challenge', async () => {
    await openPage(page, `${host.url}/mfa/setup`, 'Set up two-factor authentication');
    await saveScreenshot(page, 'mfa-setup');
    seen.secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').replace(/\s+/g, '');
    expect(seen.secret).toMatch(/^[A-Z2-7]{16,}$/);
    await page.getByLabel('6-digit code').fill('000000' === totpCode(seen.secret) ? '111111' : '000000');
    await submit(page, 'Confirm the authenticator', 'Turn on two-factor authentication');
    expect((await visibleErrors(page)).join(' ')).toMatch(/code/i);
    await saveScreenshot(page, 'mfa-setup-error');
    await page.getByLabel('6-digit code').fill(totpCode(seen.secret));
    await submit(page, 'Confirm the authenticator', 'Turn on two-factor authentication');
    const codes = await page.getByTestId('recovery-codes').locator('code').allInnerTexts();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    await saveScreenshot(page, 'mfa-recovery-codes');

    await openPage(page, `${host.url}/sign-out`, 'Sign out');
    await saveScreenshot(page, 'sign-out');
    await submit(page, 'Sign out', 'Sign out');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    const gone = await page.goto(`${host.url}/sources`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(gone?.status()).toBeLessThan(400);

    await signIn(page, host.url, EMAIL, 'not-the-password-1');
    expect((await visibleErrors(page)).join(' ')).toMatch(/incorrect/i);
    await saveScreenshot(page, 'sign-in-error');
    await signIn(page, host.url, EMAIL, PASSWORD);
    expect(new URL(page.url()).pathname).toBe('/mfa/challenge');
    await saveScreenshot(page, 'mfa-challenge');
    await page.getByLabel('6-digit code').fill('12345');
    await submit(page, 'Enter your code', 'Verify');
    expect((await visibleErrors(page)).join(' ')).toMatch(/code/i);
    await saveScreenshot(page, 'mfa-challenge-error');
    // The next 30-second step: the setup code's step was used and a replay is refused.
    await page.getByLabel('6-digit code').fill(totpCode(seen.secret, 1));
    await submit(page, 'Enter your code', 'Verify');
    expect(new URL(page.url()).pathname).toBe('/sources');
  });

  it('3. creates a source and reads its writeKey on the detail page', async () => {
    await openPage(page, `${host.url}/sources/new`, 'Create a source');
    await saveScreenshot(page, 'source-new');
    await submit(page, 'Create a source', 'Create source');
    expect((await visibleErrors(page)).join(' ')).toMatch(/type/i);
    await saveScreenshot(page, 'source-new-error');
    await page.getByLabel('Name').fill('Browser Web');
    await page.getByLabel('Slug').fill('browser-web');
    await page.getByLabel('Type').selectOption({ index: 1 });
    await submit(page, 'Create a source', 'Create source');
    const match = /^\/sources\/([^/]+)$/.exec(new URL(page.url()).pathname);
    expect(match, page.url()).not.toBeNull();
    seen.sourceId = match![1]!;
    await expect(page.locator('h1').textContent()).resolves.toBe('Source Browser Web');
    seen.writeKey = ((await page.getByTestId('write-key').first().textContent()) ?? '').trim();
    expect(seen.writeKey.length).toBeGreaterThanOrEqual(16);
    expect(seen.writeKey).not.toBe(host.writeKey);
  });

  it('4. installs a webhook destination from the catalog into that source (bad URL first)', async () => {
    const sourceId = need('sourceId');
    await openPage(page, `${host.url}/catalog`, 'Catalog');
    await page.getByRole('searchbox', { name: 'Search' }).fill('webhook');
    await submit(page, 'Search the catalog', 'Search');
    await clickAndLoad(page, page.getByRole('link', { name: 'Webhook', exact: true }));
    await expect(page.locator('h1').textContent()).resolves.toBe('Webhook');
    await page.locator('#f-sourceId').selectOption(sourceId);
    await page.getByLabel('Webhook URL').fill('ftp://not-a-webhook');
    await submit(page, 'Install Webhook', 'Install Webhook');
    expect((await visibleErrors(page)).join(' ')).toMatch(/url/i);
    await saveScreenshot(page, 'catalog-install-error');
    await page.locator('#f-sourceId').selectOption(sourceId);
    await page.getByLabel('Name', { exact: true }).fill('Walk-through hook');
    await page.getByLabel('Webhook URL').fill(sink.url);
    await submit(page, 'Install Webhook', 'Install Webhook');
    const match = /^\/destinations\/([^/]+)$/.exec(new URL(page.url()).pathname);
    expect(match, page.url()).not.toBeNull();
    seen.destinationId = match![1]!;
    await expect(page.locator('h1').textContent()).resolves.toBe('Destination Walk-through hook');
    await expect(page.getByRole('main').textContent()).resolves.toContain('Send all events');
    await openPage(page, `${host.url}/sources/${sourceId}`);
    await expect(page.getByRole('link', { name: 'Walk-through hook' }).count()).resolves.toBe(1);
  });

  it('5a. the Event Tester sends a test event that the loopback server receives', async () => {
    const id = need('destinationId');
    await openPage(page, `${host.url}/destinations/${id}/tester`, 'Event Tester');
    await saveScreenshot(page, 'event-tester');
    await page.getByLabel('Event (JSON)').fill('{"type": "track", "event": ');
    // The form may post (a new page) or be enhanced by the page's script: wait for what it shows.
    await page.getByRole('button', { name: 'Send test event' }).click();
    await page.locator('[role="alert"], [aria-invalid="true"]').first().waitFor();
    await visibleErrors(page);
    await saveScreenshot(page, 'event-tester-error');
    const before = sink.received.length;
    const event = { type: 'track', userId: 'tester-user', event: 'Browser Tester Event', messageId: 'browser-tester-1', properties: { from: 'walk-through' } };
    await page.getByLabel('Event (JSON)').fill(JSON.stringify(event, null, 2));
    const dryRun = page.getByLabel('Dry run (do not send)');
    if ((await dryRun.count()) > 0 && (await dryRun.isChecked())) await dryRun.uncheck();
    await page.getByRole('button', { name: 'Send test event' }).click();
    await page.getByRole('heading', { name: 'Result' }).waitFor();
    await saveScreenshot(page, 'event-tester-result');
    const hit = await eventually(() => sink.events().find((e) => e.event === 'Browser Tester Event'), 'the test event at the loopback server', 40);
    expect(sink.received.length).toBeGreaterThan(before);
    expect(hit.userId).toBe('tester-user');
  });

  it('5b. events sent with the writeKey reach the webhook and are counted as delivered in Event Delivery', async () => {
    const id = need('destinationId');
    const writeKey = need('writeKey');
    const ids = ['walk-1', 'walk-2', 'walk-3'];
    for (const messageId of ids) {
      const res = await fetch(`${host.url}/v1/track`, {
        method: 'POST',
        headers: { authorization: basicAuth(writeKey), 'content-type': 'application/json' },
        body: JSON.stringify({ userId: 'walk-user', event: 'Walk-through Event', messageId }),
      });
      expect(res.status).toBe(200);
    }
    const arrived = await eventually(() => {
      const got = sink.events().filter((e) => e.event === 'Walk-through Event').map((e) => String(e.messageId));
      return ids.every((m) => got.includes(m)) ? got : undefined;
    }, 'the tracked events at the loopback server');
    expect([...new Set(arrived)].sort()).toEqual(ids);

    await openPage(page, `${host.url}/destinations/${id}/delivery?window=24h`, 'Event Delivery');
    const delivered = await eventually(async () => {
      const n = await definitionCount(page, 'delivered');
      if (n !== undefined && n >= ids.length) return n;
      await page.waitForTimeout(1_000);
      await page.reload();
      return undefined;
    }, '"delivered" to count the tracked events', 30);
    expect(delivered).toBeGreaterThanOrEqual(ids.length);
    for (const term of ['retried', 'failed', 'filtered', 'discarded']) expect(await definitionCount(page, term), term).toBeDefined();
    await saveScreenshot(page, 'event-delivery');
  }, 60_000);

  describe('6. every console page renders, is captured, and shows a message for bad input', () => {
    for (const tour of tourPages()) {
      it(`${tour.name}: ${tour.describe}`, async () => {
        const url = `${host.url}${tour.path({ sourceId: () => need('sourceId'), destinationId: () => need('destinationId') })}`;
        await openPage(page, url, tour.heading);
        await saveScreenshot(page, tour.name);
        if (!tour.bad) return;
        await tour.bad(page);
        const messages = await visibleErrors(page);
        expect(messages.length).toBeGreaterThan(0);
        await saveScreenshot(page, `${tour.name}-error`);
      });
    }
  });
});
