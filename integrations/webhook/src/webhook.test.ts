import { createHmac } from 'node:crypto';
import { createTestIntegration, sampleEvents, type TestIntegration } from '@junction/testing';
import { afterEach, describe, expect, it } from 'vitest';
import webhook from './index.ts';

const url = 'https://hooks.example.com/junction?team=growth';
const sharedSecret = 'whsec_test_0123456789';
let t: TestIntegration;
afterEach(() => t.close());

describe('webhook: send', () => {
  it('POSTs the whole event as JSON to the URL, with the extra headers', async () => {
    t = await createTestIntegration(webhook);
    const result = await t.run({ action: 'send', event: sampleEvents.track, settings: { url, headers: { Authorization: 'Bearer abc', 'X-Team': 'growth' } } });
    expect(result).toEqual({ status: 'success' });
    expect(t.server.requests).toHaveLength(1);
    const [req] = t.server.requests;
    expect(req).toMatchObject({ method: 'POST', url, path: '/junction?team=growth' });
    expect(req!.headers['content-type']).toBe('application/json');
    expect(req!.headers.authorization).toBe('Bearer abc');
    expect(req!.headers['x-team']).toBe('growth');
    expect(req!.headers['x-signature']).toBeUndefined();
    expect(req!.json()).toEqual(sampleEvents.track);
  });

  it('sends what the mapping selects', async () => {
    t = await createTestIntegration(webhook);
    await t.run({ action: 'send', event: sampleEvents.track, settings: { url }, mapping: { data: { name: { '@path': '$.event' }, total: { '@path': '$.properties.revenue' } } } });
    expect(t.server.requests[0]!.json()).toEqual({ name: 'Order Completed', total: 99.5 });
  });

  it('signs the raw body with HMAC-SHA256 in X-Signature', async () => {
    t = await createTestIntegration(webhook);
    await t.run({ action: 'send', event: sampleEvents.identify, settings: { url, sharedSecret } });
    const [req] = t.server.requests;
    const expected = createHmac('sha256', sharedSecret).update(req!.body).digest('hex');
    expect(req!.headers['x-signature']).toBe(`sha256=${expected}`);
  });

  it('does not let an extra header replace the content type or the signature', async () => {
    t = await createTestIntegration(webhook);
    await t.run({ action: 'send', event: sampleEvents.page, settings: { url, sharedSecret, headers: { 'content-type': 'text/plain', 'x-signature': 'forged' } } });
    const [req] = t.server.requests;
    expect(req!.headers['content-type']).toBe('application/json');
    expect(req!.headers['x-signature']).toBe(`sha256=${createHmac('sha256', sharedSecret).update(req!.body).digest('hex')}`);
  });

  it.each([
    [{ url: 'ftp://files.example.com' }, 'settings.url must match pattern'],
    [{ url: 'not a url' }, 'settings.url must match format "uri"'],
    [{ url, sharedSecret: 'short' }, 'settings.sharedSecret must NOT have fewer than 8 characters'],
    [{ url, headers: { 'X-Num': 1 } }, 'settings.headers.X-Num must be string'],
    [{ url, extra: true }, 'settings.extra is not an allowed property'],
  ])('refuses settings %o', async (settings, message) => {
    t = await createTestIntegration(webhook);
    const result = await t.run({ action: 'send', event: sampleEvents.track, settings });
    expect(result).toMatchObject({ status: 'error', code: 'INVALID_SETTINGS' });
    if (result.status === 'error') expect(result.message).toContain(message);
    expect(t.server.requests).toHaveLength(0);
  });
});

describe('webhook: batches', () => {
  const events = [sampleEvents.track, sampleEvents.identify, sampleEvents.page];

  it('sends one request per event by default, with a result per event', async () => {
    t = await createTestIntegration(webhook);
    t.server.reply((req) => ((req.json() as { type: string }).type === 'identify' ? { status: 400, body: 'missing field' } : {}));
    const results = await t.runBatch({ action: 'send', events, settings: { url } });
    expect(results).toEqual([
      { status: 'success' },
      { status: 'error', code: 'PAYLOAD_REJECTED', retryable: false, httpStatus: 400, message: 'destination answered HTTP 400: missing field' },
      { status: 'success' },
    ]);
    expect(t.server.requests.map((r) => (r.json() as { type: string }).type)).toEqual(['track', 'identify', 'page']);
  });

  it('sends one signed JSON array when batchRequests is on', async () => {
    t = await createTestIntegration(webhook);
    const results = await t.runBatch({ action: 'send', events, settings: { url, sharedSecret, batchRequests: true } });
    expect(results).toEqual([{ status: 'success' }, { status: 'success' }, { status: 'success' }]);
    expect(t.server.requests).toHaveLength(1);
    const [req] = t.server.requests;
    expect(req!.json()).toEqual(events);
    expect(req!.headers['x-signature']).toBe(`sha256=${createHmac('sha256', sharedSecret).update(req!.body).digest('hex')}`);
  });

  it('fails every item of an array batch the destination refuses', async () => {
    t = await createTestIntegration(webhook);
    t.server.reply({ status: 503, headers: { 'retry-after': '30' } });
    const results = await t.runBatch({ action: 'send', events, settings: { url, batchRequests: true } });
    expect(results).toHaveLength(3);
    for (const r of results) expect(r).toMatchObject({ status: 'error', code: 'DESTINATION_UNAVAILABLE', retryable: true, retryAfterMs: 30_000 });
  });
});

describe('webhook: the event stored JSON text', () => {
  /** An event tagged as a host does: its stored text under the non-enumerable `junction.eventJson` symbol. */
  const tagged = (event: object, text: string) => Object.defineProperty({ ...event }, Symbol.for('junction.eventJson'), { value: text, enumerable: false });
  // Same data as sampleEvents.track, but spaced and ordered differently: the body shows which was sent.
  const storedTrack = JSON.stringify(JSON.parse(JSON.stringify(sampleEvents.track)), null, 1);

  it('sends the stored text as is (and signs it) when the whole event is the data', async () => {
    t = await createTestIntegration(webhook);
    await t.run({ action: 'send', event: tagged(sampleEvents.track, storedTrack), settings: { url, sharedSecret } });
    const [req] = t.server.requests;
    expect(req!.body).toBe(storedTrack);
    expect(req!.json()).toEqual(sampleEvents.track);
    expect(req!.headers['x-signature']).toBe(`sha256=${createHmac('sha256', sharedSecret).update(storedTrack).digest('hex')}`);
  });

  it('serialises the mapped data when a mapping selects something else', async () => {
    t = await createTestIntegration(webhook);
    await t.run({ action: 'send', event: tagged(sampleEvents.track, storedTrack), settings: { url }, mapping: { data: { name: { '@path': '$.event' } } } });
    expect(t.server.requests[0]!.body).toBe('{"name":"Order Completed"}');
  });

  it('joins stored texts into the JSON array of a batch, serialising untagged items', async () => {
    t = await createTestIntegration(webhook);
    await t.runBatch({ action: 'send', events: [tagged(sampleEvents.track, storedTrack), sampleEvents.identify], settings: { url, batchRequests: true } });
    const [req] = t.server.requests;
    expect(req!.body).toBe(`[${storedTrack},${JSON.stringify(sampleEvents.identify)}]`);
    expect(req!.json()).toEqual([sampleEvents.track, sampleEvents.identify]);
  });
});
