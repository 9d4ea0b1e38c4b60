import { IntegrationError } from '../errors/index.ts';
import type { ActionResult } from './integration-types.ts';

/**
 * Runs a builder, keeping an `IntegrationError` it throws as the value (other errors propagate), so
 * one bad item of a batch can fail on its own. The reverse of {@link throwIfError}.
 *
 * @example
 * const entries = payloads.map((p) => captureIntegrationError(() => toVendorEvent(p)));
 */
export function captureIntegrationError<T>(build: () => T): T | IntegrationError {
  try {
    return build();
  } catch (err) {
    if (err instanceof IntegrationError) return err;
    throw err;
  }
}

/**
 * Turns an error `ActionResult` back into the `IntegrationError` a `perform` throws (the inverse of
 * `errorResult`); a success result does nothing.
 *
 * @example
 * throwIfError((await sendBatch(request, settings, [entry]))[0]!);
 */
export function throwIfError(result: ActionResult): void {
  if (result.status === 'success') return;
  throw new IntegrationError(result.code, result.message, {
    ...(result.httpStatus === undefined ? {} : { status: result.httpStatus }),
    retryable: result.retryable,
    ...(result.retryAfterMs === undefined ? {} : { retryAfterMs: result.retryAfterMs }),
  });
}
