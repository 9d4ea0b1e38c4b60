import { toIntegrationError } from '../errors/index.ts';
import type { ActionResult } from './integration-types.ts';
import type { Issue } from './schema-compiler.ts';
import { scrubSecrets } from './secrets.ts';

/**
 * The error result for anything thrown (classified by `toIntegrationError`). For `performBatch`
 * implementations that deliver items one by one; `runBatch` scrubs secrets from the message.
 *
 * @example
 * results.push(await request(url, { json: item }).then(() => ({ status: 'success' as const }), errorResult));
 */
export function errorResult(err: unknown): ActionResult {
  const e = toIntegrationError(err);
  return {
    status: 'error',
    code: e.code,
    message: e.message,
    retryable: e.retryable,
    ...(e.status === undefined ? {} : { httpStatus: e.status }),
    ...(e.retryAfterMs === undefined ? {} : { retryAfterMs: e.retryAfterMs }),
  };
}

/** {@link errorResult} with the settings' secret values scrubbed from the message. */
export function scrubbedErrorResult(err: unknown, settingsSchema: object, settings: unknown): ActionResult {
  const result = errorResult(err);
  return result.status === 'error' ? { ...result, message: scrubSecrets(settingsSchema, settings, result.message) } : result;
}

/** Issues as one message: `path message; path message`. */
export function describeIssues(issues: Issue[]): string {
  return issues.map((i) => `${i.path} ${i.message}`).join('; ');
}
