import { classifyHttpStatus, type ErrorCode, errorCodeInfo, IntegrationError, parseRetryAfter, toIntegrationError } from '../errors/index.ts';
import type { HttpResponse, HttpTransport, RequestFn, TransportResponse, VendorResponse } from './integration-types.ts';

/**
 * Default per-request timeout when neither the call nor the delivery policy sets one.
 *
 * @example
 * const timeoutMs = definition.delivery?.timeoutMs ?? DEFAULT_TIMEOUT_MS;
 */
export const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Options of {@link createRequestFn}.
 *
 * @example
 * const options: RequestFnOptions = { transport, errors: definition.errors, timeoutMs: 5000 };
 */
export interface RequestFnOptions {
  transport: HttpTransport;
  /** The plugin's vendor error mapping; runs before `classifyHttpStatus`. */
  errors?: ((response: VendorResponse) => ErrorCode | undefined) | undefined;
  timeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
}

function withJson(response: TransportResponse): HttpResponse {
  return {
    ...response,
    json() {
      try {
        return JSON.parse(response.body);
      } catch (err) {
        throw new IntegrationError('UNKNOWN', `destination answered HTTP ${response.status} with a body that is not JSON`, { cause: err });
      }
    },
  };
}

/**
 * Classifies a non-2xx answer: the plugin's `errors` mapping first, then `classifyHttpStatus`.
 * Returns `undefined` for a success.
 *
 * @example
 * errorFromResponse({ status: 429, headers: { 'retry-after': '3' }, body: '' })?.retryAfterMs; // 3000
 */
export function errorFromResponse(
  response: VendorResponse,
  errors?: (response: VendorResponse) => ErrorCode | undefined,
): IntegrationError | undefined {
  const mapped = errors?.(response);
  const fallback = classifyHttpStatus(response.status);
  if (mapped === undefined && fallback.ok) return undefined;
  const code = mapped ?? (fallback.ok ? 'UNKNOWN' : fallback.code);
  const retryable = mapped !== undefined ? errorCodeInfo[mapped].retryable : !fallback.ok && fallback.retryable;
  const snippet = response.body.length > 300 ? `${response.body.slice(0, 300)}…` : response.body;
  const location = response.status >= 300 && response.status < 400 && response.headers.location ? ` to ${response.headers.location}` : '';
  return new IntegrationError(code, `destination answered HTTP ${response.status}${location}${snippet ? `: ${snippet}` : ''}`, {
    status: response.status,
    retryable,
    retryAfterMs: parseRetryAfter(response.headers['retry-after']),
  });
}

/**
 * Wraps the host's transport into the `ctx.request` plugins call: JSON bodies, default method and
 * timeout, and an `IntegrationError` for non-2xx answers and network failures.
 *
 * @example
 * const request = createRequestFn({ transport, timeoutMs: 5000 });
 * await request('https://api.example.com/track', { json: { event: 'Signed Up' } });
 */
export function createRequestFn(options: RequestFnOptions): RequestFn {
  return async (url, init = {}) => {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(init.headers ?? {})) headers[k.toLowerCase()] = v;
    let body = init.body;
    if (init.json !== undefined) {
      body = JSON.stringify(init.json);
      headers['content-type'] ??= 'application/json';
    }
    const method = (init.method ?? (body === undefined ? 'GET' : 'POST')).toUpperCase();
    let response: TransportResponse;
    try {
      response = await options.transport(url, {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
        timeoutMs: init.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (err) {
      throw toIntegrationError(err);
    }
    if (init.throwHttpErrors !== false) {
      const error = errorFromResponse(response, options.errors);
      if (error) throw error;
    }
    return withJson(response);
  };
}
