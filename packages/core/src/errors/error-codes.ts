/**
 * The one catalogue of delivery error codes. Every failed delivery ends with exactly one of these,
 * whether it came from the default HTTP / network classification or from a plugin's own mapping.
 *
 * @example
 * throw new IntegrationError(ErrorCode.INVALID_SETTINGS, 'settings.region must be "eu" or "us"');
 */
export const ErrorCode = {
  INVALID_SETTINGS: 'INVALID_SETTINGS',
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  FORBIDDEN: 'FORBIDDEN',
  INVALID_PAYLOAD: 'INVALID_PAYLOAD',
  PAYLOAD_REJECTED: 'PAYLOAD_REJECTED',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  NOT_FOUND: 'NOT_FOUND',
  REDIRECTED: 'REDIRECTED',
  RATE_LIMITED: 'RATE_LIMITED',
  DESTINATION_UNAVAILABLE: 'DESTINATION_UNAVAILABLE',
  NOT_IMPLEMENTED: 'NOT_IMPLEMENTED',
  TIMEOUT: 'TIMEOUT',
  NETWORK_ERROR: 'NETWORK_ERROR',
  TLS_ERROR: 'TLS_ERROR',
  UNKNOWN: 'UNKNOWN',
} as const;

/**
 * One of the {@link ErrorCode} values.
 *
 * @example
 * const code: ErrorCode = 'RATE_LIMITED';
 */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * What an admin sees for an error code.
 *
 * @example
 * const { title, help } = errorCodeInfo[result.code];
 */
export interface ErrorCodeInfo {
  /** Default retry decision (a specific error may override it, e.g. HTTP 307). */
  readonly retryable: boolean;
  readonly title: string;
  /** What the admin can do about it. */
  readonly help: string;
  /** Segment's integration error code for the usual case (see `segmentErrorCode` for the exact one). */
  readonly segmentCode: string;
}

/**
 * Title, help text, default retryability and Segment code for every {@link ErrorCode}.
 *
 * @example
 * errorCodeInfo.RATE_LIMITED.retryable // true
 * errorCodeInfo.INVALID_CREDENTIALS.segmentCode // 'errors.discarded.401'
 */
export const errorCodeInfo: Readonly<Record<ErrorCode, ErrorCodeInfo>> = {
  INVALID_SETTINGS: {
    retryable: false,
    title: 'Invalid settings',
    help: "The destination's settings are missing or wrong. Open the destination's settings, fix the highlighted fields, then replay the failed events.",
    segmentCode: 'errors.discarded.INVALID_SETTINGS',
  },
  INVALID_CREDENTIALS: {
    retryable: false,
    title: 'Invalid credentials',
    help: 'The destination refused the API key, token or password (HTTP 401). Create a new key in the vendor account, paste it into the settings, then replay the failed events.',
    segmentCode: 'errors.discarded.401',
  },
  FORBIDDEN: {
    retryable: false,
    title: 'Permission denied',
    help: 'The credentials are valid but not allowed to do this (HTTP 403). Grant the key the needed scopes or permissions in the vendor account, or check IP allow-lists.',
    segmentCode: 'errors.discarded.403',
  },
  INVALID_PAYLOAD: {
    retryable: false,
    title: 'Mapped payload is invalid',
    help: 'The event, after mapping, is missing a required field or has a field of the wrong type (named in the message). Fix the mapping of that field or filter out such events.',
    segmentCode: 'errors.discarded.MESSAGE_REJECTED',
  },
  PAYLOAD_REJECTED: {
    retryable: false,
    title: 'Rejected by the destination',
    help: "The destination refused the request as invalid (HTTP 400/422). Read the destination's response in Event Delivery, then fix the mapping or the event at the source.",
    segmentCode: 'errors.discarded.400',
  },
  PAYLOAD_TOO_LARGE: {
    retryable: false,
    title: 'Payload too large',
    help: 'The request was larger than the destination accepts (HTTP 413). Lower the batch size, or map fewer or smaller properties.',
    segmentCode: 'errors.discarded.413',
  },
  NOT_FOUND: {
    retryable: false,
    title: 'Endpoint or object not found',
    help: 'The URL, account, project or list does not exist (HTTP 404/405/410). Check the URL and IDs in the settings.',
    segmentCode: 'errors.discarded.404',
  },
  REDIRECTED: {
    retryable: false,
    title: 'Endpoint redirected',
    help: 'The destination answered with a redirect (HTTP 3xx). Junction does not follow redirects on deliveries: put the final URL (the Location header in Event Delivery) in the settings.',
    segmentCode: 'errors.discarded.3xx',
  },
  RATE_LIMITED: {
    retryable: true,
    title: 'Rate limited',
    help: "The destination asked Junction to slow down (HTTP 429). Events are retried automatically; if it persists, lower the destination's rate limit or raise your plan's quota with the vendor.",
    segmentCode: 'errors.awaiting-retry.429',
  },
  DESTINATION_UNAVAILABLE: {
    retryable: true,
    title: 'Destination unavailable',
    help: "The destination had a server error (HTTP 5xx). Events are retried automatically for hours; check the vendor's status page if it persists.",
    segmentCode: 'errors.awaiting-retry.5xx',
  },
  NOT_IMPLEMENTED: {
    retryable: false,
    title: 'Not supported by the destination',
    help: 'The destination does not support this request (HTTP 501), usually a wrong URL or a feature not enabled on the vendor account.',
    segmentCode: 'errors.discarded.501',
  },
  TIMEOUT: {
    retryable: true,
    title: 'Timed out',
    help: "The destination did not answer in time. Events are retried automatically; if it persists, check the destination's health or raise the timeout.",
    segmentCode: 'errors.awaiting-retry.ETIMEDOUT',
  },
  NETWORK_ERROR: {
    retryable: true,
    title: 'Could not connect',
    help: 'Junction could not reach the destination (DNS lookup failed, connection refused or reset). Check the hostname and port in the settings and that the destination is reachable from the Junction host.',
    segmentCode: 'errors.awaiting-retry.ECONNREFUSED',
  },
  TLS_ERROR: {
    retryable: true,
    title: 'TLS certificate rejected',
    help: "The destination's HTTPS certificate is expired, self-signed or for another host. Ask the destination's owner to fix the certificate; events are retried meanwhile.",
    segmentCode: 'errors.awaiting-retry.TLS',
  },
  UNKNOWN: {
    retryable: true,
    title: 'Unknown error',
    help: 'Something unexpected failed. Events are retried; if it persists, open the error sample in Event Delivery and report it to the integration maintainers.',
    segmentCode: 'errors.awaiting-retry.UNKNOWN',
  },
};

const codes = new Set<string>(Object.values(ErrorCode));

/**
 * Whether a value is one of the {@link ErrorCode}s.
 *
 * @example
 * isErrorCode('TIMEOUT') // true
 * isErrorCode('timeout') // false
 */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && codes.has(value);
}
