import type { ErrorCode, VendorResponse } from '@junction/core';

/**
 * The `meta.error` message of a Customer.io error answer (`{"meta":{"error":"…"}}`), if any.
 *
 * @example
 * customerioErrorMessage('{"meta":{"error":"name cannot be blank"}}'); // 'name cannot be blank'
 */
export function customerioErrorMessage(body: string): string | undefined {
  try {
    const error = (JSON.parse(body) as { meta?: { error?: unknown } } | null)?.meta?.error;
    return typeof error === 'string' ? error : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The Customer.io destination's `errors` mapping. Customer.io answers 400 `{"meta":{"error":"…"}}`
 * for invalid requests (PAYLOAD_REJECTED by default) and 401 for wrong credentials — also when
 * the region does not match the account; a 400/403 whose error is about authorisation is
 * `INVALID_CREDENTIALS` too. Everything else follows the default classification.
 *
 * @example
 * customerioErrors({ status: 403, headers: {}, body: '{"meta":{"error":"Unauthorized request"}}' }); // 'INVALID_CREDENTIALS'
 */
export function customerioErrors(response: VendorResponse): ErrorCode | undefined {
  if (response.status !== 400 && response.status !== 403) return undefined;
  return /unauthori[sz]ed|invalid (site id|api key|credentials)/i.test(customerioErrorMessage(response.body) ?? '') ? 'INVALID_CREDENTIALS' : undefined;
}
