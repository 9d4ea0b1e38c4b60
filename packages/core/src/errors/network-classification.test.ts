import { describe, expect, it } from 'vitest';
import { classifyNetworkError } from './network-classification.ts';

function withCode(code: string): Error {
  return Object.assign(new Error(`failed: ${code}`), { code });
}

describe('classifyNetworkError', () => {
  it.each([
    ['ENOTFOUND', 'NETWORK_ERROR'],
    ['EAI_AGAIN', 'NETWORK_ERROR'],
    ['ECONNREFUSED', 'NETWORK_ERROR'],
    ['ECONNRESET', 'NETWORK_ERROR'],
    ['ECONNABORTED', 'NETWORK_ERROR'],
    ['EHOSTUNREACH', 'NETWORK_ERROR'],
    ['ENETUNREACH', 'NETWORK_ERROR'],
    ['ENETDOWN', 'NETWORK_ERROR'],
    ['EPIPE', 'NETWORK_ERROR'],
    ['UND_ERR_SOCKET', 'NETWORK_ERROR'],
    ['UND_ERR_CLOSED', 'NETWORK_ERROR'],
    ['UND_ERR_CONNECT', 'NETWORK_ERROR'],
    ['ETIMEDOUT', 'TIMEOUT'],
    ['ESOCKETTIMEDOUT', 'TIMEOUT'],
    ['UND_ERR_CONNECT_TIMEOUT', 'TIMEOUT'],
    ['UND_ERR_HEADERS_TIMEOUT', 'TIMEOUT'],
    ['UND_ERR_BODY_TIMEOUT', 'TIMEOUT'],
    ['CERT_HAS_EXPIRED', 'TLS_ERROR'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'TLS_ERROR'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'TLS_ERROR'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'TLS_ERROR'],
    ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'TLS_ERROR'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'TLS_ERROR'],
  ])('%s → %s, retryable', (errno, code) => {
    expect(classifyNetworkError(withCode(errno))).toEqual({ code, retryable: true, errno });
  });

  it('looks through fetch’s TypeError("fetch failed") to its cause', () => {
    const err = new TypeError('fetch failed', { cause: withCode('ECONNREFUSED') });
    expect(classifyNetworkError(err)).toEqual({ code: 'NETWORK_ERROR', retryable: true, errno: 'ECONNREFUSED' });
  });

  it('looks through nested causes', () => {
    const err = new Error('outer', { cause: new Error('middle', { cause: withCode('UND_ERR_SOCKET') }) });
    expect(classifyNetworkError(err)?.errno).toBe('UND_ERR_SOCKET');
  });

  it.each(['AbortError', 'TimeoutError'])('%s → TIMEOUT', (name) => {
    expect(classifyNetworkError(new DOMException('aborted', name))).toEqual({ code: 'TIMEOUT', retryable: true, errno: name });
  });

  it('classifies a real AbortSignal.timeout() abort reason as TIMEOUT', async () => {
    const signal = AbortSignal.timeout(1);
    await new Promise((resolve) => signal.addEventListener('abort', resolve));
    expect(classifyNetworkError(signal.reason)?.code).toBe('TIMEOUT');
  });

  it.each([
    ['a plain Error', new Error('boom')],
    ['an unknown code', withCode('ENOENT')],
    ['a string', 'ECONNREFUSED'],
    ['null', null],
    ['undefined', undefined],
  ])('returns undefined for %s', (_label, err) => {
    expect(classifyNetworkError(err)).toBeUndefined();
  });
});
