import { type ErrorCode, errorCodeInfo, isErrorCode } from './error-codes.ts';
import { classifyNetworkError } from './network-classification.ts';

/**
 * Options of an {@link IntegrationError}.
 *
 * @example
 * new IntegrationError('RATE_LIMITED', 'slow down', { status: 429, retryAfterMs: 2000 });
 */
export interface IntegrationErrorOptions {
  /** HTTP status of the destination's answer, when there was one. */
  status?: number;
  /** Overrides the code's default retryability. */
  retryable?: boolean;
  /** How long the destination asked us to wait (from `Retry-After`). */
  retryAfterMs?: number;
  /** Low-level network error code (`ECONNREFUSED`, `UND_ERR_SOCKET`…). */
  errno?: string;
  cause?: unknown;
}

/**
 * The error every delivery failure becomes: a catalogued code, the HTTP status if any, and whether
 * to retry. Plugins may throw it themselves (e.g. `INVALID_SETTINGS` for a bad region).
 *
 * @example
 * throw new IntegrationError('INVALID_SETTINGS', 'settings.region must be "eu" or "us"');
 * new IntegrationError('RATE_LIMITED', 'slow down', { status: 429, retryAfterMs: 5000 }).retryable // true
 */
export class IntegrationError extends Error {
  readonly code: ErrorCode;
  readonly status: number | undefined;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly errno: string | undefined;

  constructor(code: ErrorCode, message: string, options: IntegrationErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'IntegrationError';
    this.code = code;
    this.status = options.status;
    this.retryable = options.retryable ?? errorCodeInfo[code].retryable;
    this.retryAfterMs = options.retryAfterMs;
    this.errno = options.errno;
  }

  /** A plain, loggable form (no stack, no cause). */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      status: this.status,
      retryable: this.retryable,
      retryAfterMs: this.retryAfterMs,
      errno: this.errno,
    };
  }
}

/**
 * Turns anything thrown during a delivery into an {@link IntegrationError}: kept as is if it already
 * is one; network errors and timeouts classified by `classifyNetworkError`; anything else `UNKNOWN`.
 *
 * @example
 * toIntegrationError(Object.assign(new Error('getaddrinfo ENOTFOUND x'), { code: 'ENOTFOUND' })).code
 * // 'NETWORK_ERROR'
 */
export function toIntegrationError(err: unknown): IntegrationError {
  if (err instanceof IntegrationError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const network = classifyNetworkError(err);
  if (network) {
    const detail = network.errno === message || message.includes(network.errno) ? message : `${network.errno}: ${message}`;
    return new IntegrationError(network.code, detail, { retryable: network.retryable, errno: network.errno, cause: err });
  }
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  if (isErrorCode(code)) return new IntegrationError(code, message, { cause: err });
  return new IntegrationError('UNKNOWN', message, { cause: err });
}

/**
 * Segment's integration error code for a failure (`errors.discarded.<…>` or
 * `errors.awaiting-retry.<…>`), using the HTTP status or network errno when known.
 *
 * @example
 * segmentErrorCode({ code: 'DESTINATION_UNAVAILABLE', retryable: true, status: 503 }) // 'errors.awaiting-retry.5xx'
 * segmentErrorCode({ code: 'PAYLOAD_REJECTED', retryable: false, status: 422 }) // 'errors.discarded.422'
 * segmentErrorCode({ code: 'NETWORK_ERROR', retryable: true, errno: 'ENOTFOUND' }) // 'errors.awaiting-retry.ENOTFOUND'
 */
export function segmentErrorCode(error: {
  code: ErrorCode;
  retryable: boolean;
  status?: number | undefined;
  errno?: string | undefined;
}): string {
  const prefix = error.retryable ? 'errors.awaiting-retry' : 'errors.discarded';
  if (error.status !== undefined) {
    const reason = error.retryable && error.status >= 500 ? '5xx' : String(error.status);
    return `${prefix}.${reason}`;
  }
  if (error.errno && /^[A-Z][A-Z0-9_]*$/.test(error.errno)) return `${prefix}.${error.errno}`;
  const fallback = errorCodeInfo[error.code].segmentCode.split('.').at(-1);
  return `${prefix}.${fallback}`;
}
