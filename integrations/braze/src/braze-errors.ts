import { parseRetryAfter, type VendorResponse } from '@junction/core';

/**
 * One error of a `/users/track` answer: which object (`input_array` + `index`) and why (`type`).
 *
 * @example
 * const e: BrazeObjectError = { type: "'external_id' or 'braze_id' or 'user_alias' is required", input_array: 'events', index: 1 };
 */
export interface BrazeObjectError {
  type?: string;
  input_array?: 'attributes' | 'events' | 'purchases';
  index?: number;
}

/**
 * A `/users/track` answer: `message` ("success" or the fatal error) and the errors of single objects.
 *
 * @example
 * const body: BrazeTrackBody = { message: 'success', events_processed: 2, errors: [{ type: 'Invalid time', input_array: 'events', index: 0 }] };
 */
export interface BrazeTrackBody {
  message?: string;
  errors?: BrazeObjectError[];
  minor_errors?: BrazeObjectError[];
  attributes_processed?: number;
  events_processed?: number;
  purchases_processed?: number;
}

/**
 * Parses a Braze answer body; `{}` when it is not a JSON object.
 *
 * @example
 * parseBrazeBody('{"message":"success"}').message; // 'success'
 */
export function parseBrazeBody(body: string): BrazeTrackBody {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as BrazeTrackBody) : {};
  } catch {
    return {};
  }
}

/**
 * Why each object of one kind was refused, by index in the request's array (from `errors` and
 * `minor_errors`; errors naming another array are ignored).
 *
 * @example
 * objectErrors({ errors: [{ type: 'Invalid time', input_array: 'events', index: 2 }] }, 'events'); // Map { 2 => 'Invalid time' }
 */
export function objectErrors(body: BrazeTrackBody, kind: 'attributes' | 'events' | 'purchases'): Map<number, string> {
  const out = new Map<number, string>();
  for (const e of [...(Array.isArray(body.errors) ? body.errors : []), ...(Array.isArray(body.minor_errors) ? body.minor_errors : [])]) {
    if (typeof e !== 'object' || e === null || !Number.isInteger(e.index)) continue;
    if (e.input_array !== undefined && e.input_array !== kind) continue;
    const reason = typeof e.type === 'string' ? e.type : 'refused by Braze';
    out.set(e.index!, out.has(e.index!) ? `${out.get(e.index!)}; ${reason}` : reason);
  }
  return out;
}

/**
 * How long to wait after a 429: `Retry-After` when present, else until `X-RateLimit-Reset` (Unix
 * seconds, Braze's rate-limit header), at least 1 s; `undefined` when neither header is usable.
 *
 * @example
 * rateLimitWaitMs({ 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 30) }); // ≈ 30000
 */
export function rateLimitWaitMs(headers: Record<string, string>, now = Date.now()): number | undefined {
  const retryAfter = parseRetryAfter(headers['retry-after']);
  if (retryAfter !== undefined) return retryAfter;
  const reset = Number(headers['x-ratelimit-reset']);
  if (!Number.isFinite(reset) || reset <= 0) return undefined;
  return Math.max(1000, reset * 1000 - now);
}

/**
 * The Braze destination's `errors` mapping: a 400 whose message says the API key is invalid is
 * `INVALID_CREDENTIALS`; everything else follows the default classification (401
 * INVALID_CREDENTIALS, 403 FORBIDDEN, 404 NOT_FOUND, 429 RATE_LIMITED, 5xx retried).
 *
 * @example
 * brazeErrors({ status: 400, headers: {}, body: '{"message":"Invalid API key: …"}' }); // 'INVALID_CREDENTIALS'
 */
export function brazeErrors(response: VendorResponse): 'INVALID_CREDENTIALS' | undefined {
  if (response.status !== 400) return undefined;
  return /invalid api key|unknown or missing rest api key/i.test(parseBrazeBody(response.body).message ?? '') ? 'INVALID_CREDENTIALS' : undefined;
}
