import { describe, expect, it } from 'vitest';
import { IntegrationError } from '../errors/index.ts';
import { errorResult } from './run-action.ts';
import { captureIntegrationError, throwIfError } from './result-bridge.ts';

describe('result bridge', () => {
  it('keeps an IntegrationError as the value and lets other errors through', () => {
    const err = new IntegrationError('INVALID_PAYLOAD', 'no id');
    expect(captureIntegrationError(() => 1)).toBe(1);
    expect(captureIntegrationError(() => { throw err; })).toBe(err);
    expect(() => captureIntegrationError(() => { throw new TypeError('bug'); })).toThrow(TypeError);
  });
  it('throws back what errorResult made, with code, status, retryability and Retry-After', () => {
    expect(() => throwIfError({ status: 'success' })).not.toThrow();
    const original = new IntegrationError('RATE_LIMITED', 'slow down', { status: 429, retryable: true, retryAfterMs: 2000 });
    try {
      throwIfError(errorResult(original));
      expect.unreachable();
    } catch (thrown) {
      expect(thrown).toBeInstanceOf(IntegrationError);
      expect(thrown).toMatchObject({ code: 'RATE_LIMITED', status: 429, retryable: true, retryAfterMs: 2000 });
    }
  });
});
