import type { HttpTransport } from '@junction/core';

/**
 * Options of {@link createFetchTransport}.
 *
 * @example
 * createFetchTransport({ routeTo: server.url });
 */
export interface FetchTransportOptions {
  /**
   * Send every request to this origin instead (e.g. the loopback server), keeping path and query and
   * telling the server the original host in `x-forwarded-host` / `x-forwarded-proto`. This is how
   * plugins with hard-coded vendor URLs are tested without touching the internet.
   */
  routeTo?: string;
}

/**
 * A real `HttpTransport` built on Node's fetch (undici): honours `timeoutMs` and `signal`, never
 * follows redirects, throws only for network failures.
 *
 * @example
 * const transport = createFetchTransport({ routeTo: server.url });
 * await transport('https://api.vendor.example/v1/track', { method: 'POST', headers: {}, body: '{}', timeoutMs: 1000 });
 */
export function createFetchTransport(options: FetchTransportOptions = {}): HttpTransport {
  return async (url, request) => {
    const headers = { ...request.headers };
    let target = url;
    if (options.routeTo) {
      const original = new URL(url);
      const route = new URL(options.routeTo);
      headers['x-forwarded-host'] = original.host;
      headers['x-forwarded-proto'] = original.protocol.replace(':', '');
      target = `${route.origin}${original.pathname}${original.search}`;
    }
    const timeout = AbortSignal.timeout(request.timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    const response = await fetch(target, { method: request.method, headers, body: request.body ?? null, redirect: 'manual', signal });
    const responseHeaders: Record<string, string> = {};
    response.headers.forEach((value, key) => {
      responseHeaders[key] = value;
    });
    return { status: response.status, headers: responseHeaders, body: await response.text() };
  };
}
