import { type ErrorCode, errorCodeInfo } from './error-codes.ts';

/**
 * Outcome of classifying an HTTP status.
 *
 * @example
 * const c: HttpClassification = classifyHttpStatus(503); // { ok: false, code: 'DESTINATION_UNAVAILABLE', retryable: true }
 */
export type HttpClassification =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: ErrorCode; readonly retryable: boolean };

function fail(code: ErrorCode, retryable: boolean = errorCodeInfo[code].retryable): HttpClassification {
  return { ok: false, code, retryable };
}

const permanent4xx: Readonly<Record<number, ErrorCode>> = {
  401: 'INVALID_CREDENTIALS',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'NOT_FOUND',
  410: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  431: 'PAYLOAD_TOO_LARGE',
};

/**
 * Default classification of an HTTP status (a plugin's `errors` mapping runs first and wins).
 *
 * - 2xx: success.
 * - 3xx: `REDIRECTED`. Hosts never follow redirects for deliveries (a POST must not silently turn
 *   into a GET, nor go to another host). 307 is a *temporary* redirect, so it is retried (as Segment
 *   does); 300–306 and 308 are permanent: the admin must update the URL.
 * - 4xx: permanent, except 408 (`TIMEOUT`), 423 (`DESTINATION_UNAVAILABLE`) and 429 (`RATE_LIMITED`).
 *   401 → `INVALID_CREDENTIALS`, 403 → `FORBIDDEN`, 404/405/410 → `NOT_FOUND`, 413/431 →
 *   `PAYLOAD_TOO_LARGE`, any other 4xx → `PAYLOAD_REJECTED`.
 * - 5xx: retryable, except 501 (`NOT_IMPLEMENTED`). 504 → `TIMEOUT`, others → `DESTINATION_UNAVAILABLE`.
 * - anything else (1xx, ≥ 600, not an integer): `UNKNOWN`, retryable.
 *
 * @example
 * classifyHttpStatus(204) // { ok: true }
 * classifyHttpStatus(429) // { ok: false, code: 'RATE_LIMITED', retryable: true }
 * classifyHttpStatus(501) // { ok: false, code: 'NOT_IMPLEMENTED', retryable: false }
 */
export function classifyHttpStatus(status: number): HttpClassification {
  if (!Number.isInteger(status) || status < 200 || status > 599) return fail('UNKNOWN');
  if (status < 300) return { ok: true };
  if (status < 400) return fail('REDIRECTED', status === 307);
  if (status < 500) {
    if (status === 408) return fail('TIMEOUT');
    if (status === 423) return fail('DESTINATION_UNAVAILABLE');
    if (status === 429) return fail('RATE_LIMITED');
    return fail(permanent4xx[status] ?? 'PAYLOAD_REJECTED', false);
  }
  if (status === 501) return fail('NOT_IMPLEMENTED');
  if (status === 504) return fail('TIMEOUT');
  return fail('DESTINATION_UNAVAILABLE');
}

/**
 * Parses a `Retry-After` header (delay in seconds or an HTTP date) into milliseconds from `now`.
 * Returns `undefined` when absent or unparseable; never negative.
 *
 * @example
 * parseRetryAfter('120') // 120000
 * parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:00 GMT')) // 60000
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  // An HTTP date always has a weekday/month name; this keeps '-5' or '2' from parsing as years.
  const date = /[A-Za-z]/.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
