import { type ActionResult, defineAction, errorResult, eventJsonOf, type RequestFn } from '@junction/core';
import { SIGNATURE_HEADER, signBody } from './signature.ts';
import type { WebhookSettings } from './webhook-settings.ts';

/** The JSON body of one datum or of an array of them (`undefined` items become `null`, as in `JSON.stringify`). */
function bodyOf(data: unknown, many: boolean): string {
  // The engine tags delivered events with their stored JSON text (eventJsonOf sends it as is, else
  // JSON.stringify). As with JSON.stringify, a lone `undefined` datum gives no body (typed as a string, like it).
  if (!many) return eventJsonOf(data) as string;
  return `[${(data as unknown[]).map((d) => eventJsonOf(d) ?? 'null').join(',')}]`;
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
