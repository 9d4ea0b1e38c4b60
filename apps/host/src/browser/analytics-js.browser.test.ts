import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestHost, allEvents, startTestHost } from '../test-support/test-host.ts';
import { RateLimiter } from '../tracking/rate-limiter.ts';
import { launchChromium } from './chromium-launch.ts';
import { eventually } from './console-steps.ts';
import { ANALYTICS_NEXT_UMD, type AnalyticsSite, analyticsPage, snippetPage, startAnalyticsSite } from './analytics-js-site.ts';
import { type PageWatch, skewedClockScript, watchPage } from './analytics-js-watch.ts';

// Segment's browser library (@segment/analytics-next, its published UMD and standalone bundles,
// unchanged) in Chromium on a website served from 127.0.0.1, pointed at a real Junction host
// (embedded SQLite) on another port: a cross-origin setup like a real site and its CDP.

const VERSION = (JSON.parse(readFileSync(join(ANALYTICS_NEXT_UMD, '../../package.json'), 'utf8')) as { version: string }).version;
/** The visitor's clock runs an hour fast; Junction must correct the timestamps. */
const SKEW_MS = 3_600_000;

type Stored = Record<string, unknown> & { context?: Record<string, unknown> };
/** What the library's calls resolve to (a Context), as far as the tests read it. */
type Sent = Promise<{ event: { messageId: string } }>;
/** The page globals set by analytics-js-site.ts (`ajs` is analytics-next's AnalyticsBrowser). */
interface PageGlobals {
  ajsLoad: Promise<string>;
  ajs: Record<'page' | 'track' | 'identify' | 'group' | 'alias', (...args: unknown[]) => Sent>;
}
let host: TestHost;
let site: AnalyticsSite;
let browser: Browser;

beforeAll(async () => {
  [host, site, browser] = await Promise.all([startTestHost(), startAnalyticsSite(), launchChromium()]);
}, 60_000);

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await site?.close();
  await host?.close();
});

async function newPage(skewMs = SKEW_MS): Promise<{ context: BrowserContext; page: Page; watch: PageWatch }> {
  const context = await browser.newContext();
  context.setDefaultTimeout(10_000);
  await context.addInitScript(skewedClockScript(skewMs));
  const page = await context.newPage();
  return { context, page, watch: watchPage(page) };
}

/** Waits until every messageId is in the host's event log; returns those events in the order of `ids`. */
async function storedEvents<const T extends readonly string[]>(hostToRead: TestHost, ids: T): Promise<{ [K in keyof T]: Stored }> {
  return eventually(async () => {
    const byId = new Map((await allEvents(hostToRead.store)).map((e) => [e.messageId as string, e as Stored]));
    const found = ids.flatMap((id) => byId.get(id) ?? []);
    return found.length === ids.length ? (found as { [K in keyof T]: Stored }) : undefined;
  }, `events ${ids.join(', ')} in the store`);
}

function libraryName(event: Stored): unknown {
  return (event.context?.library as { name?: unknown } | undefined)?.name;
}

/** Client times run SKEW_MS ahead; the corrected timestamp is back on the server's clock. */
function expectCorrectedTimes(event: Stored, skewMs = SKEW_MS) {
  const received = Date.parse(event.receivedAt as string);
  expect(Date.parse(event.originalTimestamp as string) - received).toBeGreaterThan(skewMs - 60_000);
  expect(Date.parse(event.originalTimestamp as string) - received).toBeLessThan(skewMs + 60_000);
  expect(Math.abs(Date.parse(event.timestamp as string) - received)).toBeLessThan(60_000);
}

function expectQuietLoopback(watch: PageWatch) {
  expect(watch.responses.filter((r) => r.status >= 400)).toEqual([]);
  expect(watch.consoleErrors).toEqual([]);
  expect(watch.pageErrors).toEqual([]);
  const allowed = [new URL(host.url).origin, new URL(site.url).origin];
  expect(watch.requests.map((r) => new URL(r.url).origin).filter((o) => !allowed.includes(o))).toEqual([]);
}

describe('analytics.js (@segment/analytics-next) in Chromium against Junction', { timeout: 60_000 }, () => {
  it('loads its settings from Junction (cdnURL) and stores identify, track, page, group and alias with page context, one anonymousId and corrected timestamps', async () => {
    const { context, page, watch } = await newPage();
    const spec = { writeKey: host.writeKey, cdnURL: host.url };
    site.setPage('/index.html', analyticsPage({ ...spec, title: 'Test Shop', body: '<a id="go" href="/shop/pricing.html?plan=pro">Pricing</a>' }));
    site.setPage('/shop/pricing.html', analyticsPage({ ...spec, title: 'Pricing · Test Shop' }));

    await page.goto(`${site.url}/index.html`);
    expect(await page.evaluate(() => (window as unknown as PageGlobals).ajsLoad)).toBe('loaded');
    // On the landing page the visitor is anonymous: a page view, then alias(anonymousId → the new user id).
    const [landingId, aliasId] = await page.evaluate(async () => {
      const ajs = (window as unknown as PageGlobals).ajs;
      return [(await ajs.page()).event.messageId as string, (await ajs.alias('user-42')).event.messageId as string];
    });
    await Promise.all([page.waitForURL('**/shop/pricing.html?plan=pro'), page.click('#go')]);
    expect(await page.evaluate(() => (window as unknown as PageGlobals).ajsLoad)).toBe('loaded');
    const ids = await page.evaluate(async () => {
      const ajs = (window as unknown as PageGlobals).ajs;
      const id = async (call: Sent) => (await call).event.messageId;
      return {
        identify: await id(ajs.identify('user-42', { email: 'ada@example.com', plan: 'pro' })),
        track: await id(ajs.track('Plan Selected', { plan: 'pro', seats: 3, price: 49.5 })),
        page: await id(ajs.page('Shop', 'Pricing', { variant: 'b' })),
        group: await id(ajs.group('acme', { name: 'Acme Inc', employees: 40 })),
      };
    });
    const stored = await storedEvents(host, [landingId, aliasId, ids.identify, ids.track, ids.page, ids.group] as const);
    const [landing, alias, identify, track, pageCall, group] = stored;

    expect([landing, alias, identify, track, pageCall, group].map((e) => e.type)).toEqual(['page', 'alias', 'identify', 'track', 'page', 'group']);
    // One visitor: the anonymousId from the first page survives the navigation, through the cookie.
    const cookie = (await context.cookies(site.url)).find((c) => c.name === 'ajs_anonymous_id');
    const anonymousId = decodeURIComponent(cookie?.value ?? '').replace(/^"|"$/g, '');
    expect(anonymousId).toMatch(/^[0-9a-f-]{36}$/);
    for (const event of [landing, alias, identify, track, pageCall, group]) {
      expect(event.anonymousId).toBe(anonymousId);
      expect(event.context?.library).toEqual({ name: 'analytics.js', version: `next-${VERSION}` });
      expect(event).not.toHaveProperty('writeKey');
      expectCorrectedTimes(event);
    }
    expect(landing.userId).toBeUndefined();
    expect([alias.userId, alias.previousId]).toEqual(['user-42', anonymousId]);
    expect([identify, track, pageCall, group].map((e) => e.userId)).toEqual(['user-42', 'user-42', 'user-42', 'user-42']);
    expect(identify.traits).toEqual({ email: 'ada@example.com', plan: 'pro' });
    expect(track.event).toBe('Plan Selected');
    expect(track.properties).toEqual({ plan: 'pro', seats: 3, price: 49.5 });
    expect([pageCall.name, pageCall.category, (pageCall.properties as Record<string, unknown>).variant]).toEqual(['Pricing', 'Shop', 'b']);
    expect([group.groupId, group.traits]).toEqual(['acme', { name: 'Acme Inc', employees: 40 }]);

    for (const event of [landing, alias]) {
      expect(event.context?.page).toMatchObject({ url: `${site.url}/index.html`, path: '/index.html', title: 'Test Shop', referrer: '' });
    }
    for (const event of [identify, track, pageCall, group]) {
      expect(event.context?.page).toEqual({
        url: `${site.url}/shop/pricing.html?plan=pro`,
        path: '/shop/pricing.html',
        search: '?plan=pro',
        referrer: `${site.url}/index.html`,
        title: 'Pricing · Test Shop',
      });
      expect(event.context?.userAgent).toBe(await page.evaluate(() => navigator.userAgent));
    }

    // The settings came from Junction, and every call went to Junction's /v1 with the writeKey as Basic auth
    // (a non-simple request: the CORS preflight passed).
    expect(watch.requests.filter((r) => r.url === `${host.url}/v1/projects/${host.writeKey}/settings`)).toHaveLength(2);
    const calls = watch.requests.filter((r) => r.method === 'POST' && r.url.startsWith(`${host.url}/v1/`));
    expect(calls.map((r) => new URL(r.url).pathname).sort()).toEqual(['/v1/a', '/v1/g', '/v1/i', '/v1/p', '/v1/p', '/v1/t']);
    for (const call of calls) {
      expect(call.headers.authorization).toBe(`Basic ${Buffer.from(`${host.writeKey}:`).toString('base64')}`);
      // Stored as sent: same context, the client's timestamp kept as originalTimestamp.
      const sent = JSON.parse(call.body ?? '{}') as Stored;
      const event = stored.find((e) => e.messageId === sent.messageId);
      expect(event?.context).toEqual(sent.context);
      // (The library sends `userId: null` while anonymous; Junction stores no userId then.)
      expect([event?.userId, event?.anonymousId, event?.originalTimestamp, event?.sentAt]).toEqual([sent.userId ?? undefined, sent.anonymousId, sent.timestamp, sent.sentAt]);
    }
    expect(watch.responses.filter((r) => r.url.startsWith(`${host.url}/v1/`)).map((r) => r.status)).toEqual(Array(8).fill(200));
    expectQuietLoopback(watch);
    await context.close();
  });

  it('delivers in batching mode to an explicit apiHost, with the batch sentAt correcting every timestamp', async () => {
    const { context, page, watch } = await newPage();
    const options = {
      integrations: {
        'Segment.io': { apiHost: `${new URL(host.url).host}/v1`, protocol: 'http', deliveryStrategy: { strategy: 'batching', config: { size: 4, timeout: 300 } } },
      },
    };
    site.setPage('/batch.html', analyticsPage({ writeKey: host.writeKey, cdnURL: host.url, title: 'Batch', options }));
    await page.goto(`${site.url}/batch.html`);
    expect(await page.evaluate(() => (window as unknown as PageGlobals).ajsLoad)).toBe('loaded');
    const ids = await page.evaluate(async () => {
      const ajs = (window as unknown as PageGlobals).ajs;
      const calls = [ajs.identify('batch-user'), ajs.track('Added', { n: 1 }), ajs.track('Added', { n: 2 }), ajs.page(), ajs.track('Added', { n: 3 })];
      return Promise.all(calls.map(async (call) => (await call).event.messageId));
    });
    const events = await storedEvents(host, ids);
    expect(events.map((e) => e.type)).toEqual(['identify', 'track', 'track', 'page', 'track']);
    expect(events.filter((e) => e.event === 'Added').map((e) => (e.properties as { n: number }).n)).toEqual([1, 2, 3]);
    for (const event of events) {
      expect(event.userId).toBe('batch-user');
      expect(libraryName(event)).toBe('analytics.js');
      expectCorrectedTimes(event);
    }
    const batches = watch.requests.filter((r) => r.method === 'POST' && r.url.startsWith(`${host.url}/v1/`));
    expect(batches.length).toBeGreaterThan(0);
    expect(batches.every((r) => r.url === `${host.url}/v1/b`)).toBe(true);
    expect(batches.map((r) => (JSON.parse(r.body ?? '{}') as { batch: unknown[] }).batch.length).reduce((a, b) => a + b, 0)).toBe(5);
    expect(batches.some((r) => (JSON.parse(r.body ?? '{}') as { batch: unknown[] }).batch.length > 1)).toBe(true);
    expectQuietLoopback(watch);
    await context.close();
  });

  it("works through the snippet: the standalone build takes the writeKey and Junction's URL from window.analytics and flushes the buffered calls", async () => {
    const { context, page, watch } = await newPage();
    site.setPage('/snippet.html', snippetPage({ writeKey: host.writeKey, cdnURL: host.url, title: 'Snippet' }, [['page'], ['track', 'Snippet Loaded', { via: 'snippet' }]]));
    await page.goto(`${site.url}/snippet.html`);
    const found = await eventually(async () => {
      const events = await allEvents(host.store);
      const track = events.find((e) => e.event === 'Snippet Loaded') as Stored | undefined;
      const pageCall = events.find((e) => e.type === 'page' && (e.context as { page?: { title?: string } } | undefined)?.page?.title === 'Snippet') as Stored | undefined;
      return track && pageCall ? { track, pageCall } : undefined;
    }, 'the snippet calls in the store');
    expect(found.track.properties).toEqual({ via: 'snippet' });
    expect(found.track.anonymousId).toBe(found.pageCall.anonymousId);
    for (const event of [found.track, found.pageCall]) {
      expect(libraryName(event)).toBe('analytics.js');
      expectCorrectedTimes(event);
    }
    expect(watch.requests.some((r) => r.url === `${host.url}/v1/projects/${host.writeKey}/settings`)).toBe(true);
    expectQuietLoopback(watch);
    await context.close();
  });

  it('fails visibly but harmlessly for an unknown writeKey (settings 404) and a disabled source (settings 401)', async () => {
    const other = await host.store.sources.create({ workspaceId: host.workspaceId, slug: 'disabled-web', name: 'Disabled web' });
    const { key: disabledKey } = await host.store.writeKeys.create(other.id);
    await host.store.sources.update(other.id, { enabled: false });
    const before = (await allEvents(host.store)).length;
    for (const [writeKey, status, message] of [['wk_nobody_has_this', 404, 'No source has this writeKey'], [disabledKey, 401, 'This source is disabled']] as const) {
      const { context, page, watch } = await newPage(0);
      site.setPage('/broken.html', analyticsPage({ writeKey, cdnURL: host.url, title: 'Broken' }));
      await page.goto(`${site.url}/broken.html`);
      const outcome = await page.evaluate(() => (window as unknown as PageGlobals).ajsLoad);
      expect(outcome).toContain('failed');
      expect(outcome).toContain(message);
      expect(watch.responses.find((r) => r.url.endsWith(`/v1/projects/${writeKey}/settings`))?.status).toBe(status);
      expect(watch.consoleErrors.some((text) => text.includes(message))).toBe(true);
      // The page is unharmed: tracking calls don't throw and the page's own script still runs.
      await page.evaluate(() => void (window as unknown as PageGlobals).ajs.track('Never Sent'));
      await page.click('#ping');
      expect(await page.textContent('#pong')).toBe('pong');
      expect(watch.pageErrors).toEqual([]);
      expect(watch.requests.filter((r) => r.method === 'POST')).toEqual([]);
      await context.close();
    }
    expect((await allEvents(host.store)).length).toBe(before);
  });

  it('retries after a 429 across origins: Retry-After is readable and the X-Retry-Count preflight passes', async () => {
    const limited = await startTestHost({ limiter: new RateLimiter({ ratePerSecond: 5, burst: 2 }) });
    try {
      const { context, page, watch } = await newPage();
      site.setPage('/limited.html', analyticsPage({ writeKey: limited.writeKey, cdnURL: limited.url, title: 'Limited' }));
      await page.goto(`${site.url}/limited.html`);
      expect(await page.evaluate(() => (window as unknown as PageGlobals).ajsLoad)).toBe('loaded');
      const ids = await page.evaluate(() =>
        Promise.all([1, 2, 3, 4, 5, 6].map(async (n) => ((await (window as unknown as PageGlobals).ajs.track('Burst', { n })) as { event: { messageId: string } }).event.messageId)),
      );
      const stored = await storedEvents(limited, ids);
      expect(stored.map((e) => (e.properties as { n: number }).n)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(watch.responses.some((r) => r.status === 429)).toBe(true);
      expect(watch.requests.some((r) => r.method === 'POST' && Number(r.headers['x-retry-count']) >= 1)).toBe(true);
      // Without Access-Control-Expose-Headers the browser would hide Retry-After from the library.
      const retryAfter = await page.evaluate(async ({ url, auth }) => {
        for (let i = 0; i < 20; i++) {
          const res = await fetch(`${url}/v1/t`, { method: 'POST', headers: { authorization: auth, 'content-type': 'text/plain' }, body: '{"anonymousId":"a","event":"Probe"}' });
          if (res.status === 429) return res.headers.get('retry-after');
        }
        return 'never limited';
      }, { url: limited.url, auth: `Basic ${Buffer.from(`${limited.writeKey}:`).toString('base64')}` });
      expect(retryAfter).toMatch(/^\d+$/);
      expect(watch.consoleErrors.filter((text) => /CORS|Access-Control/i.test(text))).toEqual([]);
      await context.close();
    } finally {
      await limited.close();
    }
  });
});
