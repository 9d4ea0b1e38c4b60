import { type ActionResult, defineAction, errorResult, type RequestFn } from '@junction/core';
import { SIGNATURE_HEADER, signBody } from './signature.ts';
import type { WebhookSettings } from './webhook-settings.ts';

/**
 * The key under which a host may carry an event's stored JSON text on the event object (a
 * non-enumerable symbol property, e.g. the Junction engine's `withEventJson`). When the mapped
 * data is that very object (the default mapping `{ "@path": "$" }`), the text is sent as is
 * instead of re-serialising the event. Without it (other hosts, other mappings) `JSON.stringify`.
 *
 * @example
 * const text = (event as Record<symbol, unknown>)[EVENT_JSON]; // string | undefined
 */
export const EVENT_JSON: unique symbol = Symbol.for('junction.eventJson') as never;

function jsonOf(data: unknown): string | undefined {
  if (typeof data === 'object' && data !== null) {
    const text = (data as Record<symbol, unknown>)[EVENT_JSON];
    if (typeof text === 'string') return text;
  }
  return JSON.stringify(data);
}

/** The JSON body of one datum or of an array of them (`undefined` items become `null`, as in `JSON.stringify`). */
function bodyOf(data: unknown, many: boolean): string {
  // As with JSON.stringify, a lone `undefined` datum gives no body (typed as a string, like it).
  if (!many) return jsonOf(data) as string;
  return `[${(data as unknown[]).map((d) => jsonOf(d) ?? 'null').join(',')}]`;
}

function post(request: RequestFn, settings: WebhookSettings, data: unknown, many = false) {
  const body = bodyOf(data, many);
  const headers: Record<string, string> = { ...settings.headers, 'content-type': 'application/json' };
  if (settings.sharedSecret) headers[SIGNATURE_HEADER] = signBody(body, settings.sharedSecret);
  return request(settings.url, { method: 'POST', headers, body });
}

/**
 * Action "send": POSTs the (mapped) event as JSON, optionally signed; batches per event or as JSON arrays.
 *
 * @example
 * await t.run({ action: 'send', event: sampleEvents.track, settings: { url } });
 */
export const send = defineAction<WebhookSettings>()({
  title: 'Send',
  description: 'POST the event as JSON to the webhook URL.',
  defaultSubscription: 'all',
  fields: {
    type: 'object',
    properties: {
      data: {
        title: 'Data',
        description: 'The JSON sent as the request body. Default: the whole event.',
        default: { '@path': '$' },
      },
    },
    required: ['data'],
  },
  async perform({ settings, payload, request }) {
    return post(request, settings, payload.data);
  },
  async performBatch({ settings, payloads, request }): Promise<ActionResult[]> {
    if (settings.batchRequests) {
      await post(
        request,
        settings,
        payloads.map((p) => p.data),
        true,
      );
      return payloads.map(() => ({ status: 'success' }));
    }
    const results: ActionResult[] = [];
    for (const payload of payloads) {
      results.push(await post(request, settings, payload.data).then(() => ({ status: 'success' as const }), errorResult));
    }
    return results;
  },
});
