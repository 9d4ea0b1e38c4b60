import { describe, expect, it } from 'vitest';
import { IntegrationError } from '../errors/index.ts';
import { acme } from './__fixtures__/acme-integration.ts';
import { cannedServers, fetchTransport } from './__fixtures__/loopback.ts';
import { compileActionMapping } from './action-mapping.ts';
import type { HttpTransport } from './integration-types.ts';
import { prepareAction } from './prepared-action.ts';
import { runAction, runBatch } from './run-action.ts';

const apiKey = 'sk_test_0123456789abcdef';
const event = { type: 'track', event: 'Order Completed', userId: 'u1', properties: { revenue: 9.5 } };
const { server } = cannedServers();

/** The transport with a count of the requests it sent. */
function counting(): { transport: HttpTransport; calls: number } {
  const out = {
    calls: 0,
    transport: ((url, req) => {
      out.calls++;
      return fetchTransport(url, req);
    }) as HttpTransport,
  };
  return out;
}

describe('prepareAction', () => {
  it('sends what runAction sends, one request per run', async () => {
    const s = await server(200, '{}');
    const prepared = prepareAction(acme, { actionId: 'track', settings: { endpoint: s.url, apiKey }, mapping: { name: { '@template': 'E: {{event}}' } } });
    expect(await prepared.run(event, fetchTransport)).toEqual({ status: 'success' });
    expect(await prepared.run({ ...event, event: 'Second' }, fetchTransport)).toEqual({ status: 'success' });
    await runAction(acme, { actionId: 'track', settings: { endpoint: s.url, apiKey }, mapping: { name: { '@template': 'E: {{event}}' } }, event, transport: fetchTransport });
    expect(s.seen.map((r) => JSON.parse(r.body).name)).toEqual(['E: Order Completed', 'E: Second', 'E: Order Completed']);
    expect(s.seen[0]!.body).toBe(s.seen[2]!.body);
    expect(s.seen[0]!.headers.authorization).toBe(`Bearer ${apiKey}`);
    expect(s.seen[0]!.headers['content-type']).toBe('application/json');
  });

  it('refuses invalid settings, an unknown action and an invalid mapping with INVALID_SETTINGS naming the problem', () => {
    const bad = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        expect(err).toBeInstanceOf(IntegrationError);
        return err as IntegrationError;
      }
      throw new Error('expected prepareAction to throw');
    };
    const settings = bad(() => prepareAction(acme, { actionId: 'track', settings: { endpoint: 'not a url' } }));
    expect(settings.code).toBe('INVALID_SETTINGS');
    expect(settings.message).toContain('settings.apiKey is required');
    expect(settings.message).toContain('settings.endpoint must match format "uri"');
    expect(bad(() => prepareAction(acme, { actionId: 'nope', settings: { endpoint: 'http://x', apiKey } })).message).toContain('no action "nope" (actions: track)');
    const mapping = bad(() => prepareAction(acme, { actionId: 'track', settings: { endpoint: 'http://x', apiKey }, mapping: { name: { '@paht': '$.event' } as never } }));
    expect(mapping.message).toMatch(/^mapping is invalid: /);
  });

  it('fails an invalid payload alone, before any request', async () => {
    const s = await server(200);
    const prepared = prepareAction(acme, { actionId: 'track', settings: { endpoint: s.url, apiKey } });
    expect(await prepared.run({ type: 'track', userId: 'u1' }, fetchTransport)).toMatchObject({ status: 'error', code: 'INVALID_PAYLOAD', message: 'payload.name is required' });
    expect(s.seen).toHaveLength(0);
  });

  it('classifies answers and scrubs secrets as runAction does', async () => {
    const s = await server(429, `rate limited for key ${apiKey}`, { 'retry-after': '3' });
    const prepared = prepareAction(acme, { actionId: 'track', settings: { endpoint: s.url, apiKey } });
    const direct = await runAction(acme, { actionId: 'track', settings: { endpoint: s.url, apiKey }, event, transport: fetchTransport });
    expect(await prepared.run(event, fetchTransport)).toEqual(direct);
    expect(direct).toMatchObject({ code: 'RATE_LIMITED', httpStatus: 429, retryAfterMs: 3000, message: 'destination answered HTTP 429: rate limited for key [redacted]' });
  });

  it('uses its timeoutMs, else the delivery policy', async () => {
    const seen: number[] = [];
    const transport: HttpTransport = async (_url, req) => {
      seen.push(req.timeoutMs);
      return { status: 204, headers: {}, body: '' };
    };
    await prepareAction(acme, { actionId: 'track', settings: { endpoint: 'http://x', apiKey }, timeoutMs: 50 }).run(event, transport);
    await prepareAction(acme, { actionId: 'track', settings: { endpoint: 'http://x', apiKey } }).run(event, transport);
    expect(seen).toEqual([50, acme.delivery!.timeoutMs]);
  });

  it('runs batches like runBatch: invalid items alone, one performBatch for the rest', async () => {
    const s = await server(200);
    const prepared = prepareAction(acme, { actionId: 'track', settings: { endpoint: s.url, apiKey } });
    const results = await prepared.runBatch([event, { type: 'track' }, { ...event, event: 'Second' }], fetchTransport);
    expect(results.map((r) => r.status)).toEqual(['success', 'error', 'success']);
    expect(s.seen.map((r) => r.path)).toEqual(['/batch']);
  });

  it('hands plugins the same context keys as before', async () => {
    const keys: string[][] = [];
    const spy = {
      ...acme,
      actions: {
        track: {
          ...acme.actions.track,
          perform: async (ctx: object) => void keys.push(Object.keys(ctx)),
          performBatch: async (ctx: object & { payloads: unknown[] }) => {
            keys.push(Object.keys(ctx));
            return ctx.payloads.map(() => ({ status: 'success' as const }));
          },
        },
      },
    };
    const prepared = prepareAction(spy, { actionId: 'track', settings: { endpoint: 'http://x', apiKey } });
    await prepared.run(event, fetchTransport);
    await prepared.runBatch([event], fetchTransport);
    expect(keys).toEqual([
      ['settings', 'request', 'signal', 'logger', 'payload'],
      ['settings', 'request', 'signal', 'logger', 'payloads'],
    ]);
  });
});

describe('runAction / runBatch with a prepared mapping', () => {
  it('reuse the preparation made with the same settings object (settings are not validated again)', async () => {
    const s = await server(200);
    const settings: Record<string, unknown> = { endpoint: s.url, apiKey };
    const prepared = prepareAction(acme, { actionId: 'track', settings });
    settings.region = 'mars'; // invalid, but the preparation (documented: settings must not change) is reused
    const reused = await runAction(acme, { actionId: 'track', settings, compiledMapping: prepared.toPayload, event, transport: fetchTransport });
    expect(reused).toEqual({ status: 'success' });
    const copy = { ...settings };
    const fresh = await runAction(acme, { actionId: 'track', settings: copy, compiledMapping: prepared.toPayload, event, transport: fetchTransport });
    expect(fresh).toMatchObject({ status: 'error', code: 'INVALID_SETTINGS', message: expect.stringContaining('settings.region') });
    const batch = await runBatch(acme, { actionId: 'track', settings: copy, compiledMapping: prepared.toPayload, events: [event, event], transport: fetchTransport });
    expect(batch.map((r) => r.status)).toEqual(['error', 'error']);
  });

  it('prepare again when the timeout differs, and use the given one', async () => {
    const seen: number[] = [];
    const transport: HttpTransport = async (_url, req) => {
      seen.push(req.timeoutMs);
      return { status: 200, headers: {}, body: '' };
    };
    const settings = { endpoint: 'http://x', apiKey };
    const prepared = prepareAction(acme, { actionId: 'track', settings, timeoutMs: 100 });
    await runAction(acme, { actionId: 'track', settings, compiledMapping: prepared.toPayload, timeoutMs: 100, event, transport });
    await runAction(acme, { actionId: 'track', settings, compiledMapping: prepared.toPayload, timeoutMs: 300, event, transport });
    await runAction(acme, { actionId: 'track', settings, compiledMapping: compileActionMapping(acme.actions.track), event, transport });
    expect(seen).toEqual([100, 300, acme.delivery!.timeoutMs]);
  });

  it('sends one request per event through the prepared path', async () => {
    const s = await server(200);
    const settings = { endpoint: s.url, apiKey };
    const prepared = prepareAction(acme, { actionId: 'track', settings });
    const c = counting();
    const results = await Promise.all([1, 2, 3].map(() => runAction(acme, { actionId: 'track', settings, compiledMapping: prepared.toPayload, event, transport: c.transport })));
    expect(results).toEqual([{ status: 'success' }, { status: 'success' }, { status: 'success' }]);
    expect(c.calls).toBe(3);
    expect(s.seen).toHaveLength(3);
  });
});
