import { classifyHttpStatus, type ErrorCode, errorCodeInfo, IntegrationError, parseRetryAfter, toIntegrationError } from '../errors/index.ts';
import type { HttpResponse, HttpTransport, RequestFn, RequestOptions, TransportRequest, TransportResponse, VendorResponse } from './integration-types.ts';

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

/**
 * The response with `json()`. Built as a literal (a spread plus a method costs ~3× the bytes in
 * V8); any other own field of the transport's answer (e.g. the pool's `truncated`) is copied too.
 */
function withJson(response: TransportResponse): HttpResponse {
  const { status, body } = response;
  const out: HttpResponse = {
    status,
    headers: response.headers,
    body,
    json() {
      try {
        return JSON.parse(body);
      } catch (err) {
        throw new IntegrationError('UNKNOWN', `destination answered HTTP ${status} with a body that is not JSON`, { cause: err });
      }
    },
  };
  for (const key in response) {
    if (key !== 'status' && key !== 'headers' && key !== 'body' && key !== 'json' && Object.hasOwn(response, key)) {
      (out as unknown as Record<string, unknown>)[key] = (response as unknown as Record<string, unknown>)[key];
    }
  }
  return out;
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
  const status = response.status;
  // A 2xx the plugin does not map is a success (what `classifyHttpStatus` says), without classifying.
  if (mapped === undefined && status >= 200 && status < 300 && Number.isInteger(status)) return undefined;
  const fallback = classifyHttpStatus(status);
  if (mapped === undefined && fallback.ok) return undefined;
  const code = mapped ?? (fallback.ok ? 'UNKNOWN' : fallback.code);
  const retryable = mapped !== undefined ? errorCodeInfo[mapped].retryable : !fallback.ok && fallback.retryable;
  const snippet = response.body.length > 300 ? `${response.body.slice(0, 300)}…` : response.body;
  const location = status >= 300 && status < 400 && response.headers.location ? ` to ${response.headers.location}` : '';
  return new IntegrationError(code, `destination answered HTTP ${status}${location}${snippet ? `: ${snippet}` : ''}`, {
    status,
    retryable,
    retryAfterMs: parseRetryAfter(response.headers['retry-after']),
  });
}

const NO_OPTIONS: RequestOptions = Object.freeze({});

/**
 * How `ctx.request` answers for one integration, built once: its vendor error mapping, its
 * default timeout and the answer handlers.
 *
 * @example
 * const policy = requestPolicy(definition.errors, 5000);
 */
export interface RequestPolicy {
  errors: ((response: VendorResponse) => ErrorCode | undefined) | undefined;
  timeoutMs: number;
  /** Throws the `IntegrationError` of a non-2xx answer, else adds `json()`. */
  checked: (response: TransportResponse) => HttpResponse;
}

/**
 * Builds a {@link RequestPolicy}.
 *
 * @example
 * const policy = requestPolicy(undefined, DEFAULT_TIMEOUT_MS);
 */
export function requestPolicy(errors: RequestPolicy['errors'], timeoutMs: number): RequestPolicy {
  return {
    errors,
    timeoutMs,
    checked: (response) => {
      const error = errorFromResponse(response, errors);
      if (error) throw error;
      return withJson(response);
    },
  };
}

const networkFailure = (err: unknown): never => {
  throw toIntegrationError(err);
};

/**
 * One `ctx.request` call, as {@link createRequestFn}'s function makes it, with the integration's
 * {@link RequestPolicy}. Not an async function: one promise chain, no await frame per request.
 *
 * @example
 * const res = await sendRequest(transport, requestPolicy(definition.errors, 5000), signal, url, { json: payload });
 */
export function sendRequest(transport: HttpTransport, policy: RequestPolicy, signal: AbortSignal | undefined, url: string, init: RequestOptions = NO_OPTIONS): Promise<HttpResponse> {
  let request: TransportRequest;
  try {
    const headers: Record<string, string> = {};
    const given = init.headers;
    if (given !== undefined && given !== null) {
      for (const name in given) if (Object.hasOwn(given, name)) headers[name.toLowerCase()] = given[name]!;
    }
    let body = init.body;
    if (init.json !== undefined) {
      body = JSON.stringify(init.json);
      headers['content-type'] ??= 'application/json';
    }
    const method = (init.method ?? (body === undefined ? 'GET' : 'POST')).toUpperCase();
    const timeoutMs = init.timeoutMs ?? policy.timeoutMs;
    if (body === undefined) request = signal ? { method, headers, timeoutMs, signal } : { method, headers, timeoutMs };
    else request = signal ? { method, headers, body, timeoutMs, signal } : { method, headers, body, timeoutMs };
  } catch (err) {
    return Promise.reject(err);
  }
  let answer: Promise<TransportResponse>;
  try {
    answer = Promise.resolve(transport(url, request));
  } catch (err) {
    return Promise.reject(toIntegrationError(err));
  }
  return answer.then(init.throwHttpErrors === false ? withJson : policy.checked, networkFailure);
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
  const { transport, signal } = options;
  const policy = requestPolicy(options.errors, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  return (url, init) => sendRequest(transport, policy, signal, url, init);
}
