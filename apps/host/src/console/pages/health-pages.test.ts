import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIncidentNotifier } from '../../health/incident-notifier.ts';
import type { SubscriptionView } from './destination-pages.tsx';
import { deliverAll, startSink, trackEvent } from './__fixtures__/delivery-sink.ts';
import { formsCarryCsrf, pageTestApp, textOf } from './__fixtures__/page-test-app.ts';

let t: Awaited<ReturnType<typeof pageTestApp>>;
let sink: Awaited<ReturnType<typeof startSink>>;
let sourceId = '';
let d = '';

beforeAll(async () => {
  t = await pageTestApp();
  sink = await startSink();
  sourceId = (await t.admin<{ source: { id: string } }>('POST', '/sources', { slug: 'web', name: 'Web', enabled: true, metadataId: 'javascript' })).data!.source.id;
  d = (await t.admin<{ destination: { id: string } }>('POST', '/destinations', { sourceId, metadataId: 'webhook', name: 'Loopback', enabled: true, settings: { url: sink.url } })).data!.destination.id;
  const [sub] = (await t.admin<{ subscriptions: SubscriptionView[] }>('GET', `/destinations/${d}/subscriptions`)).data!.subscriptions;
  expect((await t.admin('PATCH', `/destinations/${d}/subscriptions/${sub!.id}`, { input: { trigger: 'type = "track"' } })).status).toBe(200);
});
afterAll(async () => {
  await t.close();
  await sink.close();
});

const thresholds = async () => (await t.admin<{ settings: { thresholds: Record<string, unknown> } }>('GET', '/workspace-health/settings')).data!.settings.thresholds;

describe('Workspace Health thresholds', () => {
  it('shows the current thresholds in a labelled form', async () => {
    const res = await t.get('/workspace-health/settings');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/<label for="f-minEvents">Minimum events<\/label>/);
    expect(html).toMatch(/<input id="f-minEvents" name="minEvents" type="number" value="20"/);
    expect(html).toMatch(/<legend>Destination success rate<\/legend>[\s\S]*?<input id="f-destinationSuccessRate-failing" name="destinationSuccessRate.failing" type="number" value="0.5"/);
    expect(formsCarryCsrf(html)).toBe(true);
  });

  it('refuses a value that is not a number, and one the admin API rejects, next to the field (422)', async () => {
    const res = await t.post('/workspace-health/settings', { minEvents: 'lots' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toMatch(/<p id="f-minEvents-error" class="error">Minimum events: enter a number, got &quot;lots&quot;\.<\/p>/);
    expect(html).toMatch(/id="f-minEvents"[^>]*value="lots"[^>]*aria-invalid="true"/);
    const rejected = await t.post('/workspace-health/settings', { 'sourceRejectedRate.failing': '5' });
    expect(rejected.status).toBe(422);
    expect(await rejected.text()).toMatch(/<p id="f-sourceRejectedRate-failing-error" class="error">[^<]*sourceRejectedRate\.failing[^<]*<\/p>/);
    expect((await thresholds()).minEvents).toBe(20);
  });

  it('saves thresholds through PATCH /workspace-health/settings', async () => {
    const res = await t.post('/workspace-health/settings', { minEvents: '1', 'destinationSuccessRate.degraded': '0.9' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/workspace-health/settings');
    expect(await thresholds()).toMatchObject({ minEvents: 1, destinationSuccessRate: { degraded: 0.9, failing: 0.5 } });
    const html = await (await t.get('/workspace-health/settings')).text();
    expect(html).toContain('role="status">Health thresholds saved.</p>');
    expect(html).toMatch(/<input id="f-minEvents" name="minEvents" type="number" value="1"/);
  });
});

describe('Workspace Health page', () => {
  it('shows storage, sources and a failing destination with its reason, then the incident', async () => {
    for (const n of [1, 2]) await trackEvent(t.store, sourceId, { type: 'track', userId: `u-${n}`, event: 'Fails', properties: { fail: true } });
    await deliverAll(t.store, sourceId, d);
    const res = await t.get('/workspace-health');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1>Workspace Health</h1>');
    expect(textOf(html)).toMatch(/Storage: healthy/);
    const sources = textOf(html.match(/<table data-testid="health-sources">[\s\S]*?<\/table>/)![0]);
    expect(sources).toContain('Web healthy');
    expect(html).toContain(`<a href="/sources/${sourceId}">Web</a>`);
    const row = html.match(new RegExp(`<tr><th scope="row"><a href="/destinations/${d}">Loopback</a>[\\s\\S]*?</tr>`))![0];
    expect(row).toContain('<span class="badge off" data-state="failing">failing</span>');
    expect(textOf(row)).toContain('delivery success rate 0.0% (0 of 2 attempts) is below 50.0%; errors: failed PAYLOAD_REJECTED ×2');
    expect(html).toContain('<a href="/workspace-health/settings">Health thresholds</a>');
    expect(textOf(html)).toContain('No incidents.');

    const notifier = startIncidentNotifier({ store: t.store, intervalMs: 0, log: () => {} });
    await notifier.evaluate();
    await notifier.stop();
    const after = textOf(await (await t.get('/workspace-health')).text());
    expect(after).toMatch(/Loopback \(destination\) failing opened [\d-]+T[\d:.]+Z, still open: delivery success rate 0\.0%/);
  });
});
