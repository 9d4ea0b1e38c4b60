import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limiter.ts';
import { type TestHost, allEvents, basicAuth, startTestHost } from '../test-support/test-host.ts';

// biome-ignore lint/suspicious/noExplicitAny: test bodies are checked field by field
const json = (res: Response): Promise<any> => res.json();

let host: TestHost;
beforeAll(async () => {
  host = await startTestHost();
});
afterAll(() => host.close());

function post(path: string, body: unknown, init: { auth?: string | null; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...init.headers };
  if (init.auth !== null) headers.authorization = init.auth ?? basicAuth(host.writeKey);
  const payload = typeof body === 'string' ? body : body instanceof Uint8Array ? new Uint8Array(body) : JSON.stringify(body);
  return fetch(`${host.url}${path}`, { method: 'POST', headers, body: payload });
}

async function findByMessageId(messageId: string) {
  return (await allEvents(host.store)).find((e) => e.messageId === messageId);
}

describe('single-call endpoints', () => {
  const calls = [
    ['identify', { userId: 'u1', traits: { email: 'a@example.com' } }],
    ['track', { userId: 'u1', event: 'Order Completed', properties: { revenue: 10 } }],
    ['page', { anonymousId: 'a1', name: 'Home' }],
    ['screen', { userId: 'u1', name: 'Settings' }],
    ['group', { userId: 'u1', groupId: 'g1', traits: { plan: 'pro' } }],
    ['alias', { userId: 'u2', previousId: 'a1' }],
  ] as const;
  for (const [type, body] of calls) {
    it(`POST /v1/${type} stores a ${type} event`, async () => {
      const messageId = `m-${type}-${Math.random()}`;
      const res = await post(`/v1/${type}`, { ...body, messageId });
      expect(res.status).toBe(200);
      expect(await json(res)).toEqual({ success: true });
      const stored = await findByMessageId(messageId);
      expect(stored?.type).toBe(type);
      expect(typeof stored?.receivedAt).toBe('string');
    });
  }

  it("accepts analytics.js's short paths with the writeKey in a text/plain body", async () => {
    const messageId = `m-short-${Math.random()}`;
    const res = await post('/v1/t', { writeKey: host.writeKey, userId: 'u1', event: 'Clicked', messageId }, {
      auth: null,
      headers: { 'content-type': 'text/plain' },
    });
    expect(res.status).toBe(200);
    expect((await findByMessageId(messageId))?.event).toBe('Clicked');
  });

  it('generates a messageId and corrects clock skew from sentAt', async () => {
    const res = await post('/v1/track', {
      userId: 'skew-user',
      event: 'Skewed',
      timestamp: '2020-01-01T00:00:00.000Z',
      sentAt: '2020-01-01T00:00:10.000Z',
    });
    expect(res.status).toBe(200);
    const stored = (await allEvents(host.store)).find((e) => e.userId === 'skew-user')!;
    expect(typeof stored.messageId).toBe('string');
    expect(stored.originalTimestamp).toBe('2020-01-01T00:00:00.000Z');
    const received = Date.parse(stored.receivedAt as string);
    expect(Date.parse(stored.timestamp as string)).toBe(received - 10_000);
  });
});

describe('authentication', () => {
  it('answers 401 for an unknown writeKey', async () => {
    const res = await post('/v1/track', { userId: 'u', event: 'E' }, { auth: basicAuth('nope') });
    expect(res.status).toBe(401);
    const body = await json(res);
    expect(body.success).toBe(false);
    expect(body.errors[0].reason).toBe('unknown_source');
  });
  it('answers 401 when no writeKey is given', async () => {
    const res = await post('/v1/track', { userId: 'u', event: 'E' }, { auth: null });
    expect(res.status).toBe(401);
    expect((await json(res)).message).toMatch(/writeKey/);
  });
  it('answers 401 for a disabled source, and accepts again once enabled', async () => {
    await host.store.sources.update(host.sourceId, { enabled: false });
    const res = await post('/v1/track', { userId: 'u', event: 'E' });
    expect(res.status).toBe(401);
    expect((await json(res)).errors[0].reason).toBe('source_disabled');
    await host.store.sources.update(host.sourceId, { enabled: true });
    expect((await post('/v1/track', { userId: 'u', event: 'E' })).status).toBe(200);
  });
});

describe('batch', () => {
  it('merges top-level context and integrations into each item', async () => {
    const id = `b-${Math.random()}`;
    const res = await post('/v1/batch', {
      batch: [
        { type: 'track', userId: 'u1', event: 'A', messageId: `${id}-1`, context: { page: { path: '/x' } } },
        { type: 'identify', userId: 'u1', messageId: `${id}-2` },
      ],
      context: { library: { name: 'test' } },
      integrations: { Mixpanel: false },
    });
    expect(res.status).toBe(200);
    const first = (await findByMessageId(`${id}-1`))!;
    expect(first.context).toMatchObject({ library: { name: 'test' }, page: { path: '/x' } });
    expect(first.integrations).toMatchObject({ Mixpanel: false });
  });

  it('accepts the valid items of a partly invalid batch and names the rejected ones', async () => {
    const id = `p-${Math.random()}`;
    const res = await post('/v1/import', {
      batch: [
        { type: 'track', userId: 'u1', event: 'Good', messageId: `${id}-ok` },
        { type: 'track', userId: 'u1', messageId: `${id}-no-event` },
        { type: 'identify', messageId: `${id}-no-id` },
      ],
    });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toMatchObject({ success: true, accepted: 1, rejected: 2 });
    expect(body.errors.map((e: { index: number }) => e.index)).toEqual([1, 2]);
    expect(body.errors[0].reason).toBe('event_not_defined');
    expect(await findByMessageId(`${id}-ok`)).toBeDefined();
    expect(await findByMessageId(`${id}-no-event`)).toBeUndefined();
  });

  it('answers 400 when every item is invalid, and for an empty batch', async () => {
    const res = await post('/v1/batch', { batch: [{ type: 'track', userId: 'u1' }] });
    expect(res.status).toBe(400);
    const empty = await post('/v1/batch', { batch: [] });
    expect(empty.status).toBe(400);
    expect((await json(empty)).errors[0].reason).toBe('empty_batch');
  });

  it('dedupes by messageId', async () => {
    const messageId = `dup-${Math.random()}`;
    for (let i = 0; i < 3; i++) {
      expect((await post('/v1/track', { userId: 'u1', event: 'Dup', messageId })).status).toBe(200);
    }
    const copies = (await allEvents(host.store)).filter((e) => e.messageId === messageId);
    expect(copies).toHaveLength(1);
  });

  it('accepts a gzip body', async () => {
    const messageId = `gz-${Math.random()}`;
    const body = gzipSync(JSON.stringify({ batch: [{ type: 'track', userId: 'u1', event: 'Zipped', messageId }] }));
    const res = await post('/v1/batch', body, { headers: { 'content-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(await findByMessageId(messageId)).toBeDefined();
  });
});

describe('bad input: a clear 4xx, the host unharmed, earlier events intact', () => {
  it('rejects invalid JSON', async () => {
    const res = await post('/v1/track', '{"userId": "u1", ');
    expect(res.status).toBe(400);
    expect((await json(res)).errors[0].reason).toBe('invalid_json');
  });
  it('rejects wrong types naming the field', async () => {
    const res = await post('/v1/track', { userId: 'u1', event: 42, properties: 'x' });
    expect(res.status).toBe(400);
    const body = await json(res);
    const reasons = body.errors.map((e: { reason: string }) => e.reason);
    expect(reasons).toContain('event_not_string');
    expect(reasons).toContain('properties_not_object');
  });
  it('rejects a message over 32 KB and a batch over 500 KB, naming the limit', async () => {
    const big = 'x'.repeat(33 * 1024);
    const res = await post('/v1/track', { userId: 'u1', event: 'Big', properties: { big } });
    expect(res.status).toBe(400);
    expect((await json(res)).message).toMatch(/32 KB/);
    const batch = Array.from({ length: 20 }, () => ({ type: 'track', userId: 'u', event: 'E', properties: { p: 'y'.repeat(30_000) } }));
    const huge = await post('/v1/batch', { batch });
    expect(huge.status).toBe(400);
    expect((await json(huge)).message).toMatch(/500 KB/);
  });
  it('rejects an item over 32 KB inside a batch and keeps the rest', async () => {
    const id = `big-${Math.random()}`;
    const res = await post('/v1/batch', {
      batch: [
        { type: 'track', userId: 'u', event: 'Small', messageId: `${id}-small` },
        { type: 'track', userId: 'u', event: 'Huge', messageId: `${id}-huge`, properties: { p: 'z'.repeat(40_000) } },
      ],
    });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.errors[0]).toMatchObject({ index: 1, reason: 'message_too_large' });
    expect(await findByMessageId(`${id}-small`)).toBeDefined();
  });
  it('rejects deep nesting', async () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 500; i++) deep = { d: deep };
    const res = await post('/v1/track', { userId: 'u1', event: 'Deep', properties: deep });
    expect(res.status).toBe(400);
    expect((await json(res)).message).toMatch(/nest/i);
  });
  it('rejects __proto__ keys without polluting prototypes', async () => {
    const res = await post('/v1/track', '{"userId":"u1","event":"P","properties":{"__proto__":{"polluted":true}}}');
    expect(res.status).toBe(400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  it('rejects a NUL character in messageId by name, and keeps the valid events of the batch', async () => {
    const res = await post('/v1/batch', { batch: [{ type: 'track', userId: 'u1', event: 'N', messageId: 'nul-\u0000-id' }, { type: 'track', userId: 'u1', event: 'N', messageId: 'nul-ok' }] });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toMatchObject({ accepted: 1, rejected: 1 });
    expect(body.errors[0]).toMatchObject({ path: 'messageId', index: 0, message: expect.stringMatching(/must not contain NUL/) });
    expect(await findByMessageId('nul-ok')).toBeDefined();
  });
  it('rejects invalid UTF-8', async () => {
    const bytes = Buffer.concat([Buffer.from('{"userId":"u1","event":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    const res = await post('/v1/track', bytes);
    expect(res.status).toBe(400);
    expect((await json(res)).errors[0].reason).toBe('invalid_utf8');
  });
  it('rejects a gzip bomb without inflating it', async () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024, 0x20));
    const res = await post('/v1/batch', bomb, { headers: { 'content-encoding': 'gzip' } });
    expect(res.status).toBe(400);
    expect((await json(res)).errors[0].reason).toBe('too_large');
  });
  it('rejects corrupt gzip', async () => {
    const res = await post('/v1/batch', Buffer.from('not gzip at all'), { headers: { 'content-encoding': 'gzip' } });
    expect(res.status).toBe(400);
  });
  it('still serves and still holds earlier events after all that', async () => {
    const before = (await allEvents(host.store)).length;
    expect(before).toBeGreaterThan(5);
    expect((await post('/v1/track', { userId: 'u1', event: 'After' })).status).toBe(200);
    expect((await allEvents(host.store)).length).toBe(before + 1);
  });
});

describe('CORS and settings', () => {
  it('answers a browser preflight', async () => {
    const res = await fetch(`${host.url}/v1/t`, {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });
  it("serves analytics.js's settings document pointing back at this host", async () => {
    const res = await fetch(`${host.url}/v1/projects/${host.writeKey}/settings`);
    expect(res.status).toBe(200);
    const doc = await json(res);
    expect(doc.integrations['Segment.io'].apiKey).toBe(host.writeKey);
    expect(doc.integrations['Segment.io'].apiHost).toBe(`${new URL(host.url).host}/v1`);
    expect((await fetch(`${host.url}/v1/projects/nope/settings`)).status).toBe(404);
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After once the writeKey is over its limit', async () => {
    const limited = await startTestHost({ limiter: new RateLimiter({ ratePerSecond: 1, burst: 2 }) });
    try {
      const send = () =>
        fetch(`${limited.url}/v1/track`, {
          method: 'POST',
          headers: { authorization: basicAuth(limited.writeKey) },
          body: JSON.stringify({ userId: 'u', event: 'E' }),
        });
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await send()).status);
      expect(statuses.slice(0, 2)).toEqual([200, 200]);
      const res = await send();
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(res.headers.get('x-ratelimit-reset')).toMatch(/^\d+$/);
    } finally {
      await limited.close();
    }
  });
});
