import type { ErrorCode, VendorResponse } from '@junction/core';

function parse(body: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The Mixpanel destination's `errors` mapping. The Engage and Groups APIs answer HTTP 200 even for
 * rejected updates; with `verbose=1` the body is `{"status":0,"error":"…"}`, which becomes
 * `PAYLOAD_REJECTED` (or `INVALID_CREDENTIALS` when the error is about the token). Everything else
 * (401 invalid credentials, 403 service account without access, 413, 429, 5xx) follows the
 * default classification; per-event 400s of the Import API are handled by the track action.
 *
 * @example
 * mixpanelErrors({ status: 200, headers: {}, body: '{"status":0,"error":"$distinct_id is required"}' }); // 'PAYLOAD_REJECTED'
 * mixpanelErrors({ status: 200, headers: {}, body: '{"status":1,"error":null}' }); // undefined
 */
export function mixpanelErrors(response: VendorResponse): ErrorCode | undefined {
  if (response.status < 200 || response.status >= 300) return undefined;
  const body = parse(response.body);
  if (body?.status !== 0) return undefined;
  return /token/i.test(String(body.error ?? '')) ? 'INVALID_CREDENTIALS' : 'PAYLOAD_REJECTED';
}

/**
 * One rejected event of an Import API answer (`failed_records`).
 *
 * @example
 * const f: FailedRecord = { index: 0, insert_id: 'a1', field: 'properties.time', message: "'properties.time' is invalid" };
 */
export interface FailedRecord {
  index: number;
  insert_id?: string;
  field?: string;
  message?: string;
}

/**
 * The `failed_records` of an Import API answer (`400 {"code":400,"failed_records":[…]}`), or
 * `undefined` when the body has none (then the whole request failed).
 *
 * @example
 * failedRecords('{"code":400,"failed_records":[{"index":1,"field":"properties.time","message":"bad"}]}'); // [{ index: 1, … }]
 */
export function failedRecords(body: string): FailedRecord[] | undefined {
  const records = parse(body)?.failed_records;
  if (!Array.isArray(records)) return undefined;
  return records.filter((r): r is FailedRecord => typeof r === 'object' && r !== null && Number.isInteger((r as FailedRecord).index));
}
