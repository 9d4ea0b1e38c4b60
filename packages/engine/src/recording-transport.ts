import { type HttpTransport, parseRetryAfter, scrubSecrets, type TransportRequest, type TransportResponse } from '@junction/core';
import type { DestinationLimiter } from './policy/index.ts';

/**
 * One HTTP exchange as kept in the failed-event store (secrets redacted, bodies cut at 4 KB).
 *
 * @example
 * const x: Exchange = { request: { url, method: 'POST', headers: {}, body: '{}' }, response: { status: 400, headers: {}, body: 'bad' } };
 */
export interface Exchange {
  request: { url: string; method: string; headers: Record<string, string>; body: string };
  response: { status: number; headers: Record<string, string>; body: string } | null;
  error?: string;
}

const SENSITIVE = /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-key|x-signature|x-auth-token)$/i;
const MAX_BODY = 4096;

function cut(text: string): string {
  return text.length > MAX_BODY ? `${text.slice(0, MAX_BODY)}…` : text;
}

function headersOut(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k] = SENSITIVE.test(k) ? '[redacted]' : v;
  return out;
}

/**
 * Serialises part of an exchange for storage with every secret setting value scrubbed (credential
 * headers were already replaced by `[redacted]` when recorded).
 *
 * @example
 * redactForStorage(x.request, webhook.settings, settings); // '{"url":"…","headers":{"authorization":"[redacted]"}…}'
 */
export function redactForStorage(value: unknown, settingsSchema: object, settings: unknown): string {
  return scrubSecrets(settingsSchema, settings, JSON.stringify(value));
}

/**
 * One exchange as sent and received, before redaction: recording costs nothing per request, and
 * only the exchange that explains a failure is redacted and cut ({@link toExchange}).
 *
 * @example
 * const log: RawExchange[] = [];
 * const failing = log.at(-1) && toExchange(log.at(-1)!);
 */
export interface RawExchange {
  url: string;
  request: TransportRequest;
  response: TransportResponse | null;
  error?: string;
}

/**
 * The stored form of a recorded exchange: credential headers replaced by `[redacted]`, bodies cut at 4 KB.
 *
 * @example
 * const x = toExchange({ url, request: { method: 'POST', headers: { authorization: 'Bearer k' }, body: '{}', timeoutMs: 5000 }, response: null });
 * x.request.headers.authorization; // '[redacted]'
 */
export function toExchange(raw: RawExchange): Exchange {
  const { request, response } = raw;
  const body = request.body === undefined ? '' : typeof request.body === 'string' ? request.body : Buffer.from(request.body).toString('utf8');
  const out: Exchange = {
    request: { url: raw.url, method: request.method, headers: headersOut(request.headers), body: cut(body) },
    response: response ? { status: response.status, headers: headersOut(response.headers), body: cut(response.body) } : null,
  };
  if (raw.error !== undefined) out.error = raw.error;
  return out;
}

/**
 * Wraps a destination's transport: every request goes through its limiter (concurrency, rate,
 * 429 Retry-After pauses) and is recorded in `log` (so failures can keep the last exchange).
 *
 * @example
 * const log: RawExchange[] = [];
 * const transport = recordingTransport(pool.forDestination(id), limiter, log);
 */
export function recordingTransport(base: HttpTransport, limiter: DestinationLimiter, log: RawExchange[]): HttpTransport {
  return (url, request) =>
    limiter.run(async () => {
      const entry: RawExchange = { url, request, response: null };
      log.push(entry);
      try {
        const res = await base(url, request);
        entry.response = res;
        if (res.status === 429) limiter.pauseFor(parseRetryAfter(res.headers['retry-after']) ?? 1000);
        return res;
      } catch (err) {
        entry.error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
        throw err;
      }
    }, request.signal);
}
