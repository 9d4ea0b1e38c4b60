import { type ActionResult, errorResult, type HttpResponse, IntegrationError, type RequestFn } from '@junction/core';
import { hubspotError } from './hubspot-errors.ts';
import type { HubspotSettings } from './hubspot-settings.ts';

/**
 * HubSpot's API host.
 *
 * @example
 * `${HUBSPOT_API}/crm/v3/objects/contacts/batch/upsert`;
 */
export const HUBSPOT_API = 'https://api.hubapi.com';

/**
 * POSTs JSON to a HubSpot API path with the private app token; throws the mapped
 * `IntegrationError` for a non-2xx answer (429 waits per `Retry-After` or `policyName`).
 *
 * @example
 * await hubspotPost(request, settings, '/events/v3/send', { eventName: 'pe123_signed_up', email: 'ada@example.com' });
 */
export async function hubspotPost(request: RequestFn, settings: HubspotSettings, path: string, json: unknown): Promise<HttpResponse> {
  const response = await request(`${HUBSPOT_API}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${settings.accessToken}` },
    json,
    throwHttpErrors: false,
  });
  const error = hubspotError(response);
  if (error) throw error;
  return response;
}

/**
 * How a batch of items goes to HubSpot: `batch` sends several (and may name failed items by
 * index in a 2xx answer, or return `undefined` when it cannot tell which failed), `one` sends a
 * single item.
 *
 * @example
 * const sender: BatchSender<Input> = { max: 100, batch: async (items) => new Map(), one: async (item) => {} };
 */
export interface BatchSender<T> {
  max: number;
  batch(items: T[]): Promise<Map<number, string> | undefined>;
  one(item: T): Promise<void>;
}

async function sendChunk<T>(sender: BatchSender<T>, items: T[]): Promise<ActionResult[]> {
  if (items.length === 1) return [await sender.one(items[0]!).then((): ActionResult => ({ status: 'success' }), errorResult)];
  let failed: Map<number, string> | undefined;
  try {
    failed = await sender.batch(items);
  } catch (err) {
    const result = errorResult(err);
    const rejected = result.status === 'error' && result.code === 'PAYLOAD_REJECTED';
    if (!rejected) return items.map(() => result);
    failed = undefined; // HubSpot refuses a whole batch for one bad item: find it by sending them one by one.
  }
  if (failed === undefined) {
    const results: ActionResult[] = [];
    for (const item of items) results.push(await sender.one(item).then((): ActionResult => ({ status: 'success' }), errorResult));
    return results;
  }
  return items.map((_, i): ActionResult => {
    const reason = failed.get(i);
    return reason === undefined ? { status: 'success' } : { status: 'error', code: 'PAYLOAD_REJECTED', retryable: false, httpStatus: 207, message: `HubSpot refused the item: ${reason}` };
  });
}

/**
 * Sends entries in batches of `sender.max` and answers one result per entry. When HubSpot refuses
 * a whole batch as invalid (400), or answers 207 with errors it does not attribute, the items are
 * sent one by one so only the bad ones fail. Entries that are `IntegrationError`s are answered with
 * that error and not sent.
 *
 * @example
 * const results = await sendInBatches(sender, payloads.map((p) => attempt(() => toInput(p))));
 */
export async function sendInBatches<T>(sender: BatchSender<T>, entries: Array<T | IntegrationError>): Promise<ActionResult[]> {
  const results: ActionResult[] = entries.map((e) => (e instanceof IntegrationError ? errorResult(e) : { status: 'success' }));
  const indexes = entries.flatMap((e, i) => (e instanceof IntegrationError ? [] : [i]));
  for (let start = 0; start < indexes.length; start += sender.max) {
    const chunk = indexes.slice(start, start + sender.max);
    const outcome = await sendChunk(
      sender,
      chunk.map((i) => entries[i] as T),
    );
    for (const [j, i] of chunk.entries()) results[i] = outcome[j]!;
  }
  return results;
}

/**
 * HubSpot property values: strings, numbers and booleans as they are, dates as ISO strings,
 * objects and arrays as JSON, `null` as "" (clears the property); `undefined` left out.
 *
 * @example
 * toHubspotProperties({ plan: 'pro', seats: 3, tags: ['a'] }); // { plan: 'pro', seats: 3, tags: '["a"]' }
 */
export function toHubspotProperties(values: Record<string, unknown>): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    if (value === null) out[key] = '';
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out[key] = value;
    else out[key] = JSON.stringify(value);
  }
  return out;
}
