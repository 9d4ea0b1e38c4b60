import { describe, expect, it } from 'vitest';
import { ErrorCode, errorCodeInfo, isErrorCode } from './error-codes.ts';
import { IntegrationError, segmentErrorCode, toIntegrationError } from './integration-error.ts';

describe('errorCodeInfo', () => {
  it.each(Object.values(ErrorCode))('%s has a title, actionable help and a Segment code', (code) => {
    const info = errorCodeInfo[code];
    expect(info.title.length).toBeGreaterThan(3);
    expect(info.help.length).toBeGreaterThan(40);
    expect(info.segmentCode).toMatch(info.retryable ? /^errors\.awaiting-retry\./ : /^errors\.discarded\./);
  });

  it('isErrorCode accepts codes only', () => {
    expect(isErrorCode('RATE_LIMITED')).toBe(true);
    expect(isErrorCode('rate_limited')).toBe(false);
    expect(isErrorCode(429)).toBe(false);
  });
});

describe('IntegrationError', () => {
  it('takes its retryability from the code unless overridden', () => {
    expect(new IntegrationError('RATE_LIMITED', 'x').retryable).toBe(true);
    expect(new IntegrationError('PAYLOAD_REJECTED', 'x').retryable).toBe(false);
    expect(new IntegrationError('REDIRECTED', 'x', { retryable: true }).retryable).toBe(true);
  });

  it('carries status, retryAfterMs and errno, and serialises without the cause', () => {
    const err = new IntegrationError('RATE_LIMITED', 'slow down', { status: 429, retryAfterMs: 5000, cause: new Error('c') });
    expect(err).toBeInstanceOf(Error);
    expect(err.toJSON()).toEqual({
      name: 'IntegrationError',
      code: 'RATE_LIMITED',
      message: 'slow down',
      status: 429,
      retryable: true,
      retryAfterMs: 5000,
      errno: undefined,
    });
  });
});

describe('toIntegrationError', () => {
  it('keeps IntegrationErrors', () => {
    const err = new IntegrationError('FORBIDDEN', 'no');
    expect(toIntegrationError(err)).toBe(err);
  });

  it('classifies network errors and names the errno', () => {
    const err = toIntegrationError(new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }) }));
    expect(err.code).toBe('NETWORK_ERROR');
    expect(err.errno).toBe('ECONNRESET');
    expect(err.retryable).toBe(true);
    expect(err.message).toContain('ECONNRESET');
  });

  it('accepts errors that carry a catalogued code', () => {
    expect(toIntegrationError(Object.assign(new Error('bad'), { code: 'INVALID_SETTINGS' })).code).toBe('INVALID_SETTINGS');
  });

  it('makes anything else UNKNOWN', () => {
    expect(toIntegrationError(new RangeError('oops')).code).toBe('UNKNOWN');
    expect(toIntegrationError('thrown string').message).toBe('thrown string');
  });
});

describe('segmentErrorCode', () => {
  it.each([
    [{ code: 'PAYLOAD_REJECTED', retryable: false, status: 400 }, 'errors.discarded.400'],
    [{ code: 'INVALID_CREDENTIALS', retryable: false, status: 401 }, 'errors.discarded.401'],
    [{ code: 'FORBIDDEN', retryable: false, status: 403 }, 'errors.discarded.403'],
    [{ code: 'RATE_LIMITED', retryable: true, status: 429 }, 'errors.awaiting-retry.429'],
    [{ code: 'DESTINATION_UNAVAILABLE', retryable: true, status: 503 }, 'errors.awaiting-retry.5xx'],
    [{ code: 'NOT_IMPLEMENTED', retryable: false, status: 501 }, 'errors.discarded.501'],
    [{ code: 'REDIRECTED', retryable: true, status: 307 }, 'errors.awaiting-retry.307'],
    [{ code: 'NETWORK_ERROR', retryable: true, errno: 'ENOTFOUND' }, 'errors.awaiting-retry.ENOTFOUND'],
    [{ code: 'TIMEOUT', retryable: true, errno: 'AbortError' }, 'errors.awaiting-retry.ETIMEDOUT'],
    [{ code: 'INVALID_SETTINGS', retryable: false }, 'errors.discarded.INVALID_SETTINGS'],
    [{ code: 'INVALID_PAYLOAD', retryable: false }, 'errors.discarded.MESSAGE_REJECTED'],
  ] as const)('%o → %s', (error, expected) => {
    expect(segmentErrorCode(error)).toBe(expected);
  });
});
