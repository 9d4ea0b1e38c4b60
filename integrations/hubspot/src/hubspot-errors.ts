import { errorFromResponse, IntegrationError, parseRetryAfter, type VendorResponse } from '@junction/core';

/**
 * HubSpot's documented error body (`category` VALIDATION_ERROR, INVALID_AUTHENTICATION,
 * MISSING_SCOPES, RATE_LIMITS…; 429s add `errorType: "RATE_LIMIT"` and `policyName`).
 *
 * @example
 * const body: HubspotErrorBody = { status: 'error', message: 'You have reached your secondly limit.', errorType: 'RATE_LIMIT', policyName: 'SECONDLY', correlationId: 'c0ffee' };
 */
export interface HubspotErrorBody {
  status?: string;
  message?: string;
  category?: string;
  errorType?: string;
  policyName?: string;
  correlationId?: string;
  context?: Record<string, unknown>;
  errors?: Array<{ message?: string; category?: string; context?: Record<string, unknown> }>;
  numErrors?: number;
}

/**
 * Parses a HubSpot body; `{}` when it is not a JSON object.
 *
 * @example
 * parseHubspotBody('{"status":"error","category":"VALIDATION_ERROR"}').category; // 'VALIDATION_ERROR'
 */
export function parseHubspotBody(body: string): HubspotErrorBody {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as HubspotErrorBody) : {};
  } catch {
    return {};
  }
}

/**
 * How long a 429 asks to wait: `Retry-After` if sent, else by `policyName`: SECONDLY 1 s,
 * TEN_SECONDLY_ROLLING 10 s, DAILY until the next midnight UTC (HubSpot resets at midnight in the
 * account's time zone), otherwise 10 s.
 *
 * @example
 * rateLimitWaitMs({}, { policyName: 'TEN_SECONDLY_ROLLING' }); // 10000
 */
export function rateLimitWaitMs(headers: Record<string, string>, body: HubspotErrorBody, now = Date.now()): number {
  const retryAfter = parseRetryAfter(headers['retry-after']);
  if (retryAfter !== undefined) return retryAfter;
  if (body.policyName === 'SECONDLY') return 1000;
  if (body.policyName === 'DAILY') {
    const midnight = new Date(now);
    midnight.setUTCHours(24, 0, 0, 0);
    return midnight.getTime() - now;
  }
  return 10_000;
}

/**
 * The HubSpot destination's `errors` mapping: a 400 with category `INVALID_AUTHENTICATION` or
 * `EXPIRED_AUTHENTICATION` is `INVALID_CREDENTIALS`, `MISSING_SCOPES` is `FORBIDDEN`, a
 * `RATE_LIMITS` category `RATE_LIMITED`; the rest follows the defaults (400/409 VALIDATION_ERROR or
 * CONFLICT → PAYLOAD_REJECTED, 401, 403, 429, 5xx).
 *
 * @example
 * hubspotErrors({ status: 400, headers: {}, body: '{"category":"MISSING_SCOPES"}' }); // 'FORBIDDEN'
 */
export function hubspotErrors(response: VendorResponse): 'INVALID_CREDENTIALS' | 'FORBIDDEN' | 'RATE_LIMITED' | undefined {
  if (response.status < 400 || response.status === 429) return undefined;
  const { category } = parseHubspotBody(response.body);
  if (category === 'INVALID_AUTHENTICATION' || category === 'EXPIRED_AUTHENTICATION') return 'INVALID_CREDENTIALS';
  if (category === 'MISSING_SCOPES') return 'FORBIDDEN';
  if (category === 'RATE_LIMITS') return 'RATE_LIMITED';
  return undefined;
}

/**
 * The `IntegrationError` for a non-2xx HubSpot answer (`undefined` for a 2xx), with the wait of a
 * 429 taken from `Retry-After` or the `policyName`.
 *
 * @example
 * hubspotError({ status: 429, headers: {}, body: '{"errorType":"RATE_LIMIT","policyName":"SECONDLY"}' })?.retryAfterMs; // 1000
 */
export function hubspotError(response: VendorResponse): IntegrationError | undefined {
  const error = errorFromResponse(response, hubspotErrors);
  if (error?.code !== 'RATE_LIMITED') return error;
  const body = parseHubspotBody(response.body);
  return new IntegrationError('RATE_LIMITED', error.message, { status: response.status, retryAfterMs: rateLimitWaitMs(response.headers, body) });
}
