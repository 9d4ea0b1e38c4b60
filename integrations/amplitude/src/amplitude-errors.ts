import type { ErrorCode, VendorResponse } from '@junction/core';

/**
 * The fields of an Amplitude error answer (HTTP V2 and Batch APIs) that name events by index.
 *
 * @example
 * const body: AmplitudeErrorBody = { code: 400, error: 'Invalid field values on some events', events_with_invalid_fields: { time: [1] } };
 */
export interface AmplitudeErrorBody {
  code?: number;
  error?: string;
  missing_field?: string;
  events_with_invalid_fields?: Record<string, number[]>;
  events_with_missing_fields?: Record<string, number[]>;
  events_with_invalid_id_lengths?: Record<string, number[]>;
  silenced_events?: number[];
  throttled_events?: number[];
  eps_threshold?: number;
}

/**
 * Parses an Amplitude answer body; `{}` when it is not a JSON object.
 *
 * @example
 * parseAmplitudeBody('{"code":400,"error":"Invalid API key: …"}').error; // 'Invalid API key: …'
 */
export function parseAmplitudeBody(body: string): AmplitudeErrorBody {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as AmplitudeErrorBody) : {};
  } catch {
    return {};
  }
}

/**
 * Why each rejected event of a 400 answer was rejected, by event index: from
 * `events_with_invalid_fields`, `events_with_missing_fields`, `events_with_invalid_id_lengths`
 * and `silenced_events`. Empty when the answer names no event (the whole request was refused).
 *
 * @example
 * rejectedEvents({ events_with_missing_fields: { event_type: [2] } }); // Map { 2 => 'missing field event_type' }
 */
export function rejectedEvents(body: AmplitudeErrorBody): Map<number, string> {
  const reasons = new Map<number, string>();
  const add = (index: unknown, reason: string) => {
    if (Number.isInteger(index)) reasons.set(index as number, reasons.has(index as number) ? `${reasons.get(index as number)}; ${reason}` : reason);
  };
  const groups: Array<[Record<string, number[]> | undefined, string]> = [
    [body.events_with_invalid_fields, 'invalid field'],
    [body.events_with_missing_fields, 'missing field'],
    [body.events_with_invalid_id_lengths, 'ID too short'],
  ];
  for (const [group, label] of groups) {
    for (const [field, indexes] of Object.entries(group ?? {})) if (Array.isArray(indexes)) for (const i of indexes) add(i, `${label} ${field}`);
  }
  if (Array.isArray(body.silenced_events)) for (const i of body.silenced_events) add(i, 'device silenced by Amplitude');
  return reasons;
}

/**
 * The Amplitude destination's `errors` mapping: a 400 whose error says the API key is invalid is
 * `INVALID_CREDENTIALS` (Amplitude does not answer 401 for a bad key). Everything else follows the
 * default classification (400 PAYLOAD_REJECTED, 413 PAYLOAD_TOO_LARGE, 429 RATE_LIMITED, 5xx retried).
 *
 * @example
 * amplitudeErrors({ status: 400, headers: {}, body: '{"code":400,"error":"Invalid API key: xyz"}' }); // 'INVALID_CREDENTIALS'
 */
export function amplitudeErrors(response: VendorResponse): ErrorCode | undefined {
  if (response.status !== 400) return undefined;
  const body = parseAmplitudeBody(response.body);
  return body.missing_field === 'api_key' || /invalid api[ _-]?key/i.test(body.error ?? '') ? 'INVALID_CREDENTIALS' : undefined;
}
