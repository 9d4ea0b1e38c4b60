import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubscriptionView } from './destination-pages.tsx';
import { deliverAll, startSink, trackEvent } from './__fixtures__/delivery-sink.ts';
import { pageTestApp, textOf } from './__fixtures__/page-test-app.ts';

let t: Awaited<ReturnType<typeof pageTestApp>>;
let sink: Awaited<ReturnType<typeof startSink>>;
let d = '';
let quiet = '';
let filterId = '';

beforeAll(async () => {
  t = await pageTestApp();
  sink = await startSink();
  const sourceId = (await t.admin<{ source: { id: string } }>('POST', '/sources', { slug: 'web', name: 'Web', enabled: true, metadataId: 'javascript' })).data!.source.id;
  d = (await t.admin<{ destination: { id: string } }>('POST', '/destinations', { sourceId, metadataId: 'webhook', name: 'Loopback', enabled: true, settings: { url: sink.url } })).data!.destination.id;
  quiet = (await t.admin<{ destination: { id: string } }>('POST', '/destinations', { sourceId, metadataId: 'webhook', name: 'Quiet hook', enabled: false, settings: { url: sink.url } })).data!.destination.id;
  const [sub] = (await t.admin<{ subscriptions: SubscriptionView[] }>('GET', `/destinations/${d}/subscriptions`)).data!.subscriptions;
  expect((await t.admin('PATCH', `/destinations/${d}/subscriptions/${sub!.id}`, { input: { trigger: 'type = "track"' } })).status).toBe(200);
  const filter = await t.admin<{ filter: { id: string } }>('POST', `/destination/${d}/filters`, { title: 'Block test users', if: 'userId = "blocked"', actions: [{ type: 'DROP' }], enabled: true });
  filterId = filter.data!.filter.id;
  // 3 delivered, 1 failed (the loopback answers 400), 1 filtered (the filter), 1 discarded (no subscription matches identify).
  for (const n of [1, 2, 3]) await trackEvent(t.store, sourceId, { type: 'track', userId: `u-${n}`, event: 'Delivered' });
  await trackEvent(t.store, sourceId, { type: 'track', userId: 'u-fail', event: 'Fails', properties: { fail: true } });
  await trackEvent(t.store, sourceId, { type: 'track', userId: 'blocked', event: 'Filtered' });
  await trackEvent(t.store, sourceId, { type: 'identify', userId: 'u-id', traits: { plan: 'pro' } });
  await deliverAll(t.store, sourceId, d);
});
afterAll(async () => {
  await t.close();
  await sink.close();
});

describe('Event Delivery pages', () => {
  it('lists every destination with exact totals for the chosen window', async () => {
    const res = await t.get('/event-delivery?window=1h');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1>Event Delivery</h1>');
    expect(html).toMatch(/<label for="f-window">Window<\/label>/);
    expect(html).toContain('<option value="1h" selected="">1h</option>');
    expect(html).toContain('<option value="7d">7d</option>');
    const row = (id: string) => textOf(html.match(new RegExp(`<tr><th scope="row"><a href="/destinations/${id}/delivery\\?window=1h">[\\s\\S]*?</tr>`))![0]).trim();
    expect(row(d)).toBe('Loopback 3 0 1 1 1');
    expect(row(quiet)).toBe('Quiet hook 0 0 0 0 6'); // disabled: every event is discarded (DESTINATION_DISABLED)
    expect(textOf(html)).toContain('Destination delivered retried failed filtered discarded');
    expect(sink.hits).toHaveLength(4);
  });

  it('shows one destination: totals, series, breakdown with help and filter name, failed samples', async () => {
    const res = await t.get(`/destinations/${d}/delivery?window=24h`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1>Event Delivery</h1>');
    const dl = html.match(/<dl data-testid="delivery-totals">([\s\S]*?)<\/dl>/)![1]!;
    expect(textOf(dl).trim()).toBe('delivered 3 retried 0 failed 1 filtered 1 discarded 1');
    expect(html).toMatch(/<svg [^>]*role="img"[^>]*aria-label="Events over time: [12] of 25 periods had events; see the table below\."/);
    expect(html.match(/<rect /g)?.length).toBeGreaterThanOrEqual(4);
    // The table fallback: one row per hour with events (two when the events straddle an hour), summing to the totals.
    const rows = [...html.match(/<table data-testid="delivery-series">([\s\S]*?)<\/table>/)![1]!.matchAll(/<tr><th scope="row">(\d{4}-\d\d-\d\dT\d\d:00:00\.000Z)<\/th>((?:<td>\d+<\/td>){5})<\/tr>/g)];
    const sums = [0, 0, 0, 0, 0];
    for (const r of rows) {
      for (const [i, m] of [...r[2]!.matchAll(/\d+/g)].entries()) sums[i]! += Number(m[0]);
    }
    expect(sums).toEqual([3, 0, 1, 1, 1]);
    const breakdown = textOf(html.match(/<table data-testid="delivery-breakdown">([\s\S]*?)<\/table>/)![1]!);
    expect(breakdown).toContain('failed PAYLOAD_REJECTED 1 Rejected by the destination. The destination refused the request as invalid (HTTP 400/422).');
    expect(breakdown).toContain('filtered FILTERED_BY_RULES by filter Block test users 1 Dropped by a destination filter.');
    expect(html).toContain(`<a href="/destinations/${d}/filters/${filterId}">Block test users</a>`);
    expect(breakdown).toContain('discarded NO_MATCHING_MAPPING 1 No subscription matched.');
    const failed = textOf(html.match(/<section data-testid="delivery-failed"[\s\S]*?<\/section>/)![0]);
    const hit = sink.hits.find((h) => h.body.includes('"fail":true'))!;
    expect(failed).toContain('PAYLOAD_REJECTED : 1 failed');
    expect(failed).toMatch(/track [\w-]+ — [^(]*400[^(]* \(1 attempts/);
    expect(failed).toContain(`${hit.method} ${sink.url}`);
    expect(failed).toContain('"event": "Fails"');
    expect(failed).toContain('400 {"error":"fail flag set"}');
  });

  it('refuses an unknown window with a message naming the field', async () => {
    const res = await t.get(`/destinations/${d}/delivery?window=3w`);
    expect(res.status).toBe(422);
    expect(await res.text()).toMatch(/<p id="f-window-error" class="error">Window: choose one of 1h, 24h, 7d \(got &quot;3w&quot;\)\.<\/p>/);
    expect((await t.get('/destinations/nope/delivery')).status).toBe(404);
  });
});
