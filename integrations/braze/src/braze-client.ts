import { type ActionResult, errorFromResponse, errorResult, IntegrationError, type RequestFn } from '@junction/core';
import { brazeErrors, objectErrors, parseBrazeBody, rateLimitWaitMs } from './braze-errors.ts';
import type { BrazeSettings } from './braze-settings.ts';

/**
 * The three arrays of a `/users/track` request.
 *
 * @example
 * const kind: BrazeKind = 'events';
 */
export type BrazeKind = 'attributes' | 'events' | 'purchases';

/**
 * Objects of each kind Braze accepts in one `/users/track` request.
 *
 * @example
 * BRAZE_MAX_PER_KIND; // 75
 */
export const BRAZE_MAX_PER_KIND = 75;

type BrazeObject = Record<string, unknown>;

async function post(request: RequestFn, settings: BrazeSettings, kind: BrazeKind, objects: BrazeObject[], resend: boolean): Promise<ActionResult[]> {
  const response = await request(`${settings.endpoint}/users/track`, {
    method: 'POST',
    headers: { authorization: `Bearer ${settings.apiKey}` },
    json: { [kind]: objects },
    throwHttpErrors: false,
  });
  const body = parseBrazeBody(response.body);
  const refused = objectErrors(body, kind);
  const rejected = (i: number): ActionResult => ({
    status: 'error',
    code: 'PAYLOAD_REJECTED',
    retryable: false,
    httpStatus: response.status,
    message: `Braze refused ${kind}[${i}]: ${refused.get(i)}`,
  });
  if (response.status >= 200 && response.status < 300) {
    return objects.map((_, i): ActionResult => (refused.has(i) ? rejected(i) : { status: 'success' }));
  }
  if (response.status === 400 && refused.size > 0) {
    // A fatal error naming objects: those are refused, the others are sent again once.
    const keep = objects.map((_, i) => i).filter((i) => !refused.has(i));
    const again = resend && keep.length > 0 ? await post(request, settings, kind, keep.map((i) => objects[i]!), false) : [];
    return objects.map((_, i): ActionResult => {
      if (refused.has(i)) return rejected(i);
      return again[keep.indexOf(i)] ?? { status: 'error', code: 'PAYLOAD_REJECTED', retryable: true, httpStatus: 400, message: `not processed: Braze refused the request (${body.message ?? 'fatal error'})` };
    });
  }
  const error = errorFromResponse(response, brazeErrors) ?? new IntegrationError('UNKNOWN', `Braze answered HTTP ${response.status}`);
  const result = errorResult(error);
  if (result.status === 'error' && response.status === 429) {
    const wait = rateLimitWaitMs(response.headers);
    if (wait !== undefined) result.retryAfterMs = wait;
  }
  return objects.map(() => result);
}

/**
 * Sends the objects built from several payloads (one kind per call) in `/users/track` requests of
 * at most 75 objects, and answers one result per payload (a payload fails when one of its objects
 * fails). Objects named in Braze's `errors`/`minor_errors` fail as `PAYLOAD_REJECTED`; after a
 * fatal 400 naming objects, the others are sent again once; a 429 is retried after `Retry-After`
 * or `X-RateLimit-Reset`. An entry that is an `IntegrationError` (a payload that could not be
 * built) is answered with that error and not sent.
 *
 * @example
 * const [result] = await trackObjects(request, settings, 'events', [[{ external_id: 'user-1', name: 'Signed Up', time: '2025-01-15T10:00:00Z' }]]);
 */
export async function trackObjects(request: RequestFn, settings: BrazeSettings, kind: BrazeKind, entries: Array<BrazeObject[] | IntegrationError>): Promise<ActionResult[]> {
  const results: ActionResult[] = entries.map((e) => (e instanceof IntegrationError ? errorResult(e) : { status: 'success' }));
  let chunk: number[] = [];
  let count = 0;
  const flush = async () => {
    if (chunk.length === 0) return;
    const objects = chunk.flatMap((i) => entries[i] as BrazeObject[]);
    const outcome = await post(request, settings, kind, objects, true).catch((err: unknown) => objects.map(() => errorResult(err)));
    let next = 0;
    for (const i of chunk) {
      const n = (entries[i] as BrazeObject[]).length;
      results[i] = outcome.slice(next, next + n).find((r) => r.status === 'error') ?? { status: 'success' };
      next += n;
    }
    chunk = [];
    count = 0;
  };
  for (const [i, entry] of entries.entries()) {
    if (entry instanceof IntegrationError) continue;
    if (entry.length > BRAZE_MAX_PER_KIND) {
      results[i] = errorResult(new IntegrationError('INVALID_PAYLOAD', `payload makes ${entry.length} ${kind}; Braze accepts at most ${BRAZE_MAX_PER_KIND} per request`));
      continue;
    }
    if (count + entry.length > BRAZE_MAX_PER_KIND) await flush();
    chunk.push(i);
    count += entry.length;
  }
  await flush();
  return results;
}

