import { runAction } from '@junction/core';
import { webhook } from '@junction/integration-webhook';
import type { Destination, Subscription } from '@junction/store';
import { describe, expect, it } from 'vitest';
import { compileDestination, type DestinationRuntime } from './destination-runtime.ts';
import { sendAction, sendActionBatch } from './send-action.ts';
import { loopbackServer } from './__fixtures__/loopback.ts';

const bodies: string[] = [];
const vendor = loopbackServer((req, body, res) => {
  bodies.push(body);
  res.writeHead(req.url === '/down' ? 503 : 200).end('ok');
});
const transport = vendor.pool.forDestination('d1');
const signal = new AbortController().signal;

const now = '2025-01-01T00:00:00.000Z';
const destination: Destination = { id: 'd1', workspaceId: 'w1', sourceId: 's1', integration: 'webhook', pluginVersion: webhook.version, name: 'Hook', enabled: true, settings: '', createdAt: now, updatedAt: now };
function runtime(settings: unknown, mapping: Subscription['mapping'] = {}): DestinationRuntime {
  const sub: Subscription = { id: 's1', destinationId: 'd1', actionId: 'send', name: 'All', trigger: 'all', mapping, enabled: true, createdAt: now, updatedAt: now };
  return compileDestination({ destination, definition: webhook, settings, subscriptions: [sub], filters: [], options: { timeoutMs: 2000 } }, undefined);
}
const event = { type: 'track', event: 'Signed Up', userId: 'u1', messageId: 'm-1' };

describe('sendAction', () => {
  it('delivers through the action prepared with the runtime', async () => {
    const rt = runtime({ url: `${vendor.base}/hook` }, { data: { '@path': '$.event' } });
    const sub = rt.subscriptions[0]!;
    expect(sub.prepared?.toPayload).toBe(sub.mapping);
    bodies.length = 0;
    expect(await sendAction(rt, sub, event, transport, signal)).toEqual({ status: 'success' });
    expect(await sendActionBatch(rt, sub, [event, { ...event, event: 'Second' }], transport, signal)).toEqual([{ status: 'success' }, { status: 'success' }]);
    expect(bodies).toEqual(['"Signed Up"', '"Signed Up"', '"Second"']);
  });

  it('reports a failed delivery as runAction does', async () => {
    const rt = runtime({ url: `${vendor.base}/down` });
    const sub = rt.subscriptions[0]!;
    const direct = await runAction(webhook, { actionId: 'send', settings: rt.settings, event, transport, signal });
    expect(await sendAction(rt, sub, event, transport, signal)).toEqual(direct);
    expect(direct).toMatchObject({ status: 'error', code: 'DESTINATION_UNAVAILABLE', httpStatus: 503 });
  });

  it('without a preparation (invalid settings), fails each call with INVALID_SETTINGS naming the field', async () => {
    const rt = runtime({ url: 'ftp://nope' });
    const sub = rt.subscriptions[0]!;
    expect(sub.prepared).toBeUndefined();
    expect(sub.mapping).toBeDefined();
    const result = await sendAction(rt, sub, event, transport, signal);
    expect(result).toMatchObject({ status: 'error', code: 'INVALID_SETTINGS', retryable: false, message: expect.stringContaining('settings.url') });
    const batch = await sendActionBatch(rt, sub, [event, event], transport, signal);
    expect(batch).toEqual([result, result]);
  });

  it('fails with the mapping error when the mapping is invalid', async () => {
    const rt = runtime({ url: `${vendor.base}/hook` }, { data: { '@paht': '$' } as never });
    const sub = rt.subscriptions[0]!;
    expect(sub.mapping).toBeUndefined();
    expect(sub.prepared).toBeUndefined();
    const result = await sendAction(rt, sub, event, transport, signal);
    expect(result).toMatchObject({ status: 'error', code: 'INVALID_SETTINGS', message: expect.stringMatching(/^mapping is invalid: /) });
    expect(await sendActionBatch(rt, sub, [event], transport, signal)).toEqual([result]);
  });
});
