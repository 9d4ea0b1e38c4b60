import type { ErrorCode, VendorResponse } from '@junction/core';

/**
 * The PostHog destination's `errors` mapping. PostHog's capture service answers 401 for a missing
 * or invalid project key (default classification: `INVALID_CREDENTIALS`); some versions answer 400
 * when the key is empty or a personal API key (`phx_…`) was used, which is a credentials problem too.
 * Everything else follows the default classification (400 invalid event, 413 too large, 429 rate or
 * billing limit, 503 retried).
 *
 * @example
 * posthogErrors({ status: 400, headers: {}, body: 'API key is not valid: personal_api_key' }); // 'INVALID_CREDENTIALS'
 */
export function posthogErrors(response: VendorResponse): ErrorCode | undefined {
  if (response.status !== 400 && response.status !== 403) return undefined;
  return /personal_api_key|api key is not valid|invalid_api_key|missing_api_key|no_token|token validation/i.test(response.body) ? 'INVALID_CREDENTIALS' : undefined;
}
