import type { ErrorCode, VendorResponse } from '@junction/core';

/**
 * Slack's documented incoming-webhook error strings (plain-text bodies) → Junction error codes.
 * Statuses not listed fall back to the default classification (403 FORBIDDEN, 404/410 NOT_FOUND,
 * 429 RATE_LIMITED with Retry-After, 5xx retried).
 *
 * @example
 * SLACK_ERROR_CODES.invalid_token; // 'INVALID_CREDENTIALS'
 */
export const SLACK_ERROR_CODES: Readonly<Record<string, ErrorCode>> = {
  invalid_payload: 'PAYLOAD_REJECTED',
  user_not_found: 'PAYLOAD_REJECTED',
  no_text: 'PAYLOAD_REJECTED',
  missing_text_or_fallback_or_attachments: 'PAYLOAD_REJECTED',
  invalid_blocks: 'PAYLOAD_REJECTED',
  invalid_blocks_format: 'PAYLOAD_REJECTED',
  too_many_attachments: 'PAYLOAD_REJECTED',
  action_prohibited: 'FORBIDDEN',
  posting_to_general_channel_denied: 'FORBIDDEN',
  invalid_token: 'INVALID_CREDENTIALS',
  no_service: 'INVALID_CREDENTIALS',
  no_service_id: 'INVALID_CREDENTIALS',
  no_team: 'INVALID_CREDENTIALS',
  team_disabled: 'INVALID_CREDENTIALS',
  channel_not_found: 'NOT_FOUND',
  channel_is_archived: 'NOT_FOUND',
};

/**
 * The Slack destination's `errors` mapping: reads the error string Slack puts in the body of a
 * non-2xx answer. A revoked or disabled webhook (`invalid_token`, `no_service`, `no_team`) is
 * `INVALID_CREDENTIALS`, whatever the status, because the webhook URL is the credential.
 *
 * @example
 * slackErrors({ status: 404, headers: {}, body: 'no_service' }); // 'INVALID_CREDENTIALS'
 * slackErrors({ status: 200, headers: {}, body: 'ok' }); // undefined
 */
export function slackErrors(response: VendorResponse): ErrorCode | undefined {
  if (response.status < 400) return undefined;
  return SLACK_ERROR_CODES[response.body.trim()];
}
