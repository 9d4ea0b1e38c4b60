import { type ErrorCode, errorFromResponse, IntegrationError, parseRetryAfter, type VendorResponse } from '@junction/core';

/**
 * Intercom's documented error body: `{"type": "error.list", "request_id", "errors": [{code, message, field?}]}`.
 *
 * @example
 * const body: IntercomErrorBody = { type: 'error.list', request_id: 'r1', errors: [{ code: 'unauthorized', message: 'Access Token Invalid' }] };
 */
export interface IntercomErrorBody {
  type?: string;
  request_id?: string;
  errors?: Array<{ code?: string; message?: string; field?: string }>;
}

/**
 * Parses an Intercom error body; `{}` when it is not a JSON object.
 *
 * @example
 * parseIntercomError('{"type":"error.list","errors":[{"code":"not_found"}]}').errors?.[0]?.code; // 'not_found'
 */
export function parseIntercomError(body: string): IntercomErrorBody {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as IntercomErrorBody) : {};
  } catch {
    return {};
  }
}

/**
 * The `code`s of an error body (lower-cased; empty when there are none).
 *
 * @example
 * intercomErrorCodes('{"type":"error.list","errors":[{"code":"conflict"}]}'); // ['conflict']
 */
export function intercomErrorCodes(body: string): string[] {
  const { errors } = parseIntercomError(body);
  if (!Array.isArray(errors)) return [];
  return errors.flatMap((e) => (typeof e === 'object' && e !== null && typeof e.code === 'string' ? [e.code.toLowerCase()] : []));
}

const BY_CODE: Record<string, ErrorCode> = {
  unauthorized: 'INVALID_CREDENTIALS',
  token_unauthorized: 'INVALID_CREDENTIALS',
  token_not_found: 'INVALID_CREDENTIALS',
  token_revoked: 'INVALID_CREDENTIALS',
  token_expired: 'INVALID_CREDENTIALS',
  token_suspended: 'FORBIDDEN',
  forbidden: 'FORBIDDEN',
  action_forbidden: 'FORBIDDEN',
  api_plan_restricted: 'FORBIDDEN',
  intercom_version_invalid: 'INVALID_SETTINGS',
  rate_limit_exceeded: 'RATE_LIMITED',
  too_many_requests: 'RATE_LIMITED',
  service_unavailable: 'DESTINATION_UNAVAILABLE',
};

/**
 * The Intercom destination's `errors` mapping, by the first `errors[].code` Intercom names:
 * `unauthorized`/`token_*` → INVALID_CREDENTIALS, `forbidden`/`action_forbidden`/`api_plan_restricted`/
 * `token_suspended` → FORBIDDEN, `intercom_version_invalid` → INVALID_SETTINGS, `rate_limit_exceeded` →
 * RATE_LIMITED, `service_unavailable` → DESTINATION_UNAVAILABLE, and a 404 `not_found` about a
 * user/contact/lead → PAYLOAD_REJECTED (the event names someone Intercom does not know: a data problem,
 * not a wrong URL). Anything else follows the default classification (400/409/422 PAYLOAD_REJECTED,
 * 401, 403, 404 NOT_FOUND, 429, 5xx retried).
 *
 * @example
 * intercomErrors({ status: 404, headers: {}, body: '{"type":"error.list","errors":[{"code":"not_found","message":"User Not Found"}]}' }); // 'PAYLOAD_REJECTED'
 */
export function intercomErrors(response: VendorResponse): ErrorCode | undefined {
  if (response.status < 400) return undefined;
  const { errors } = parseIntercomError(response.body);
  const first = Array.isArray(errors) ? errors.find((e) => typeof e?.code === 'string') : undefined;
  if (!first?.code) return undefined;
  const code = first.code.toLowerCase();
  if (code in BY_CODE) return BY_CODE[code];
  if (response.status === 404 && code === 'not_found' && /\b(user|contact|lead)s?\b/i.test(first.message ?? '')) return 'PAYLOAD_REJECTED';
  return undefined;
}

/**
 * How long a rate-limited request should wait: `Retry-After` if sent, else until
 * `X-RateLimit-Reset` (Unix seconds; at least 1 s), else 10 s (Intercom counts in 10-second windows).
 *
 * @example
 * rateLimitWaitMs({ 'x-ratelimit-reset': '1700000030' }, 1_700_000_000_000); // 30000
 */
export function rateLimitWaitMs(headers: Record<string, string>, now = Date.now()): number {
  const retryAfter = parseRetryAfter(headers['retry-after'], now);
  if (retryAfter !== undefined) return retryAfter;
  const reset = Number(headers['x-ratelimit-reset']);
  if (Number.isFinite(reset) && reset > 0) return Math.max(1000, reset * 1000 - now);
  return 10_000;
}

/**
 * The `IntegrationError` for a non-2xx Intercom answer (`undefined` for a 2xx), classified by
 * {@link intercomErrors}; a RATE_LIMITED one carries the wait from {@link rateLimitWaitMs}.
 *
 * @example
 * intercomError({ status: 429, headers: { 'x-ratelimit-reset': '1700000030' }, body: '' })?.retryAfterMs; // ms until the reset
 */
export function intercomError(response: VendorResponse): IntegrationError | undefined {
  const error = errorFromResponse(response, intercomErrors);
  if (error?.code !== 'RATE_LIMITED') return error;
  return new IntegrationError('RATE_LIMITED', error.message, { status: response.status, retryAfterMs: rateLimitWaitMs(response.headers) });
}
