import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubscriptionView } from './destination-pages.tsx';
import { startSink, trackEvent } from './__fixtures__/delivery-sink.ts';
import { formsCarryCsrf, pageTestApp, textOf } from './__fixtures__/page-test-app.ts';

let t: Awaited<ReturnType<typeof pageTestApp>>;
let sink: Awaited<ReturnType<typeof startSink>>;
let sourceId = '';
let d = '';
let subName = '';

beforeAll(async () => {
  t = await pageTestApp();
  sink = await startSink();
  sourceId = (await t.admin<{ source: { id: string } }>('POST', '/sources', { slug: 'web', name: 'Web', enabled: true, metadataId: 'javascript' })).data!.source.id;
  const created = await t.admin<{ destination: { id: string } }>('POST', '/destinations', { sourceId, metadataId: 'webhook', name: 'Loopback', enabled: true, settings: { url: sink.url, headers: { 'X-Team': 'growth' } } });
  d = created.data!.destination.id;
  const [sub] = (await t.admin<{ subscriptions: SubscriptionView[] }>('GET', `/destinations/${d}/subscriptions`)).data!.subscriptions;
  subName = sub!.name;
});
afterAll(async () => {
  await t.close();
  await sink.close();
});

const fields = (event: unknown, extra: Record<string, string> = {}) => ({ event: typeof event === 'string' ? event : JSON.stringify(event), sourceEventMessageId: '', 'dryRun.present': '1', ...extra });

describe('Event Tester page', () => {
  it('shows the form with a sample track event, the recent events and the exact labels', async () => {
    const messageId = await trackEvent(t.store, sourceId, { type: 'track', userId: 'u-recent', event: 'Picked Event', properties: { plan: 'team' } });
    const res = await t.get(`/destinations/${d}/tester`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1>Event Tester</h1>');
    expect(html).toMatch(/<label for="f-event">Event \(JSON\)<\/label>/);
    expect(html).toMatch(/<textarea id="f-event" name="event"[^>]*>\{\n {2}&quot;type&quot;: &quot;track&quot;/);
    expect(html).toMatch(/<label for="f-sourceEventMessageId">Or pick a recent event<\/label>/);
    expect(html).toContain(`<option value="${messageId}">track Picked Event (u-recent)`);
    expect(html).toMatch(/<input id="f-dryRun" type="checkbox" name="dryRun" value="true"[^>]*\/?> <label for="f-dryRun">Dry run \(do not send\)<\/label>/);
    expect(html).toContain('<button type="submit">Send test event</button>');
    expect(formsCarryCsrf(html)).toBe(true);
  });

  it('sends a typed event and shows the request the destination received and its response', async () => {
    sink.hits.length = 0;
    const res = await t.post(`/destinations/${d}/tester`, fields({ type: 'track', userId: 'u-typed', event: 'Typed Event', properties: { plan: 'pro' } }));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(sink.hits).toHaveLength(1);
    const hit = sink.hits[0]!;
    expect(JSON.parse(hit.body)).toMatchObject({ type: 'track', event: 'Typed Event', userId: 'u-typed' });
    expect(html).toMatch(/<h2 id="tester-result"[^>]*>Result<\/h2>/);
    const text = textOf(html);
    expect(text).toContain(`${subName} MATCHED`);
    expect(text).toContain(`${hit.method} ${sink.url}`);
    expect(text).toContain(`x-team: ${hit.headers['x-team']}`);
    const request = html.match(/<pre data-testid="tester-request">([\s\S]*?)<\/pre>/)![1]!;
    const sentBody = textOf(request).slice(textOf(request).indexOf('{'));
    expect(JSON.parse(sentBody)).toEqual(JSON.parse(hit.body));
    expect(textOf(html.match(/<pre data-testid="tester-response">([\s\S]*?)<\/pre>/)![1]!)).toMatch(/^200 \{ "ok": true \}/);
  });

  it('dry run sends nothing but still shows the request', async () => {
    sink.hits.length = 0;
    const res = await t.post(`/destinations/${d}/tester`, fields({ type: 'track', userId: 'u-dry', event: 'Dry Event' }, { dryRun: 'true' }));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(sink.hits).toHaveLength(0);
    expect(textOf(html)).toContain('dry run: nothing was sent');
    expect(textOf(html)).toContain('Request (dry run: not sent)');
    expect(textOf(html)).toContain('"event": "Dry Event"');
    expect(html).toMatch(/id="f-dryRun"[^>]*checked=""/);
  });

  it('sends a picked recent event', async () => {
    sink.hits.length = 0;
    const [recent] = (await t.admin<{ events: { messageId: string }[] }>('GET', `/sources/${sourceId}/events/recent?count=1`)).data!.events;
    const res = await t.post(`/destinations/${d}/tester`, fields('', { sourceEventMessageId: recent!.messageId }));
    expect(res.status).toBe(200);
    expect(sink.hits).toHaveLength(1);
    expect(JSON.parse(sink.hits[0]!.body)).toMatchObject({ messageId: recent!.messageId, event: 'Picked Event' });
    expect(textOf(await res.text())).toContain(`Recent event ${recent!.messageId}`);
  });

  it('shows the error code with its help text when the destination refuses the event', async () => {
    const res = await t.post(`/destinations/${d}/tester`, fields({ type: 'track', userId: 'u-bad', event: 'Bad', properties: { fail: true } }));
    const text = textOf(await res.text());
    expect(text).toContain('Error PAYLOAD_REJECTED — Rejected by the destination');
    expect(text).toContain('The destination refused the request as invalid (HTTP 400/422)');
    expect(text).toMatch(/400 \{ "error": "fail flag set" \}/);
  });

  it('answers bad JSON with 422 and the message next to the textarea, sending nothing', async () => {
    sink.hits.length = 0;
    const res = await t.post(`/destinations/${d}/tester`, fields('{"type": "track",'));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toMatch(/<p id="f-event-error" class="error">Event \(JSON\) is not valid JSON: [^<]+<\/p>/);
    expect(html).toMatch(/<textarea id="f-event"[^>]*aria-invalid="true"[^>]*aria-describedby="f-event-hint f-event-error"[^>]*>\{&quot;type&quot;: &quot;track&quot;,<\/textarea>/);
    expect(html).not.toContain('>Result</h2>');
    expect(sink.hits).toHaveLength(0);
    const invalid = await t.post(`/destinations/${d}/tester`, fields({ type: 'track', userId: 'u1' }));
    expect(invalid.status).toBe(422);
    expect(await invalid.text()).toMatch(/<p id="f-event-error" class="error">[^<]*event[^<]*<\/p>/);
  });
});

describe('source debugger', () => {
  it('shows the most recent events without JavaScript, with a refresh link and the live script', async () => {
    const res = await t.get(`/sources/${sourceId}/debugger`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1>Source debugger</h1>');
    expect(textOf(html)).toContain('track Picked Event (u-recent)');
    expect(html).toContain(`<a href="/sources/${sourceId}/debugger">Refresh</a>`);
    expect(html).toContain(`data-stream="/sources/${sourceId}/debugger/stream"`);
    expect(html).toMatch(/<script src="\/assets\/debugger-live\.js\?v=\w+" defer="">/);
    expect((await t.get('/assets/debugger-live.js')).status).toBe(200);
  });

  it('proxies the admin event stream: an event tracked while connected arrives', async () => {
    const controller = new AbortController();
    const res = await t.app.request(`/sources/${sourceId}/debugger/stream`, { signal: controller.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const until = async (pattern: RegExp) => {
      while (!pattern.test(buffer)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${pattern}`);
        buffer += decoder.decode(value, { stream: true });
      }
    };
    await until(/event: ready\n/);
    const messageId = await trackEvent(t.store, sourceId, { type: 'track', userId: 'u-live', event: 'Live Event' });
    await until(new RegExp(`event: track\\ndata: [^\\n]*"messageId":"${messageId}"`));
    const frame = buffer.slice(buffer.indexOf('event: track'));
    expect(JSON.parse(frame.split('\n')[1]!.slice('data: '.length))).toMatchObject({ messageId, type: 'track', event: { event: 'Live Event', userId: 'u-live' } });
    controller.abort();
    await reader.cancel();
  });

  it('refuses the stream of an unknown source', async () => {
    const res = await t.get('/sources/nope/debugger/stream');
    expect(res.status).toBe(404);
    expect((await t.get('/sources/nope/debugger')).status).toBe(404);
  });
});

describe('links from the destination and source pages', () => {
  it('links the tester, the delivery page and the debugger', async () => {
    const dest = await (await t.get(`/destinations/${d}`)).text();
    expect(dest).toContain(`<a href="/destinations/${d}/tester">Event Tester</a>`);
    expect(dest).toContain(`<a href="/destinations/${d}/delivery?window=24h">Event Delivery</a>`);
    expect(await (await t.get(`/sources/${sourceId}`)).text()).toContain(`<a href="/sources/${sourceId}/debugger">Debugger</a>`);
  });
});
