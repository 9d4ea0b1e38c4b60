import type { ErrorCode } from './error-codes.ts';

/**
 * Outcome of classifying a thrown network error.
 *
 * @example
 * const c: NetworkClassification | undefined = classifyNetworkError(err); // { code: 'NETWORK_ERROR', retryable: true, errno: 'ECONNRESET' }
 */
export interface NetworkClassification {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  /** The low-level error code that decided it (`ECONNREFUSED`, `UND_ERR_SOCKET`, `AbortError`…). */
  readonly errno: string;
}

const byErrno: Readonly<Record<string, ErrorCode>> = {
  ETIMEDOUT: 'TIMEOUT',
  ESOCKETTIMEDOUT: 'TIMEOUT',
  UND_ERR_CONNECT_TIMEOUT: 'TIMEOUT',
  UND_ERR_HEADERS_TIMEOUT: 'TIMEOUT',
  UND_ERR_BODY_TIMEOUT: 'TIMEOUT',
  ENOTFOUND: 'NETWORK_ERROR',
  EAI_AGAIN: 'NETWORK_ERROR',
  ECONNREFUSED: 'NETWORK_ERROR',
  ECONNRESET: 'NETWORK_ERROR',
  ECONNABORTED: 'NETWORK_ERROR',
  EHOSTUNREACH: 'NETWORK_ERROR',
  ENETUNREACH: 'NETWORK_ERROR',
  ENETDOWN: 'NETWORK_ERROR',
  EPIPE: 'NETWORK_ERROR',
  UND_ERR_SOCKET: 'NETWORK_ERROR',
  UND_ERR_CLOSED: 'NETWORK_ERROR',
  UND_ERR_CONNECT: 'NETWORK_ERROR',
  CERT_HAS_EXPIRED: 'TLS_ERROR',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS_ERROR',
  SELF_SIGNED_CERT_IN_CHAIN: 'TLS_ERROR',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS_ERROR',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'TLS_ERROR',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS_ERROR',
};

const byName: Readonly<Record<string, ErrorCode>> = {
  AbortError: 'TIMEOUT',
  TimeoutError: 'TIMEOUT',
};

function field(value: unknown, key: 'code' | 'name' | 'cause'): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/**
 * Classifies a thrown network error (Node's `ECONN*`/`E*` codes, undici's `UND_ERR_*`, including
 * fetch's `TypeError('fetch failed')` whose `cause` holds the real error, and aborts/timeouts).
 * Every network failure is retryable. Returns `undefined` when `err` is not a recognised network error.
 *
 * @example
 * classifyNetworkError(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }))
 * // { code: 'NETWORK_ERROR', retryable: true, errno: 'ECONNREFUSED' }
 * classifyNetworkError(new DOMException('aborted', 'AbortError'))
 * // { code: 'TIMEOUT', retryable: true, errno: 'AbortError' }
 */
export function classifyNetworkError(err: unknown): NetworkClassification | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth++) {
    const code = field(current, 'code');
    if (typeof code === 'string' && byErrno[code]) return { code: byErrno[code], retryable: true, errno: code };
    const name = field(current, 'name');
    if (typeof name === 'string' && byName[name]) return { code: byName[name], retryable: true, errno: name };
    current = field(current, 'cause');
  }
  return undefined;
}
