import type { HttpTransport, TransportRequest, TransportResponse } from '@junction/core';
import { Agent } from 'undici';
import { readCappedBody } from './capped-body.ts';

/**
 * Options of {@link createTransportPool}.
 *
 * @example
 * const options: TransportPoolOptions = { connectionsPerOrigin: 16, maxResponseBytes: 32_768 };
 */
export interface TransportPoolOptions {
  /** Sockets per origin, per destination. Default 32. */
  connectionsPerOrigin?: number;
  /** How long an idle keep-alive socket is kept. Default 4 000 ms. */
  keepAliveTimeoutMs?: number;
  /** Bytes of a response body kept; the rest is discarded and `truncated` set. Default 64 KB. */
  maxResponseBytes?: number;
  /** Sent when the request has no `user-agent` header. Default `Junction/0.1`. */
  userAgent?: string;
}

/**
 * A {@link TransportResponse} with what the pool adds: whether the body was cut at the cap.
 *
 * @example
 * const res = (await transport(url, req)) as PooledResponse;
 * if (res.truncated) logger.warn('response body truncated');
 */
export interface PooledResponse extends TransportResponse {
  truncated: boolean;
}

/**
 * One undici Agent per destination, so a slow destination only exhausts its own sockets.
 *
 * @example
 * const pool = createTransportPool();
 * const res = await pool.forDestination('dest_1')('http://127.0.0.1:9000/hook', { method: 'POST', headers: {}, body: '{}', timeoutMs: 5000 });
 * await pool.close();
 */
export interface TransportPool {
  /** The transport of one destination (the same function for the same id). */
  forDestination(destinationId: string): HttpTransport;
  /** Closes every agent, letting in-flight requests finish. Idempotent. */
  close(): Promise<void>;
  /** Requests in flight per destination id. */
  stats(): Record<string, { inFlight: number }>;
}

/** Default body cap: 64 KB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;

interface Slot {
  agent: Agent | undefined;
  inFlight: number;
  transport: HttpTransport;
  /** The last URL parsed (a destination mostly posts to one URL): parsed once, not per request. */
  lastUrl: string;
  lastTarget: { origin: string; path: string } | undefined;
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`createTransportPool: options.${name} must be a positive number, got ${value}`);
  return value;
}

function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Parses a destination URL; the error never echoes the URL (it may hold an API key). */
function parseUrl(url: string): URL {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new TypeError('transport: url is not a valid absolute URL');
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new TypeError(`transport: url must use http: or https:, got ${target.protocol}`);
  }
  return target;
}

function timeoutError(timeoutMs: number, phase: string): DOMException {
  return new DOMException(`destination did not ${phase} within ${timeoutMs} ms`, 'TimeoutError');
}

/**
 * Creates the pooled undici transport of the delivery engine. Each destination gets its own Agent
 * (keep-alive, no pipelining, never follows redirects). Each request is bounded by its `timeoutMs`
 * from start to the last body byte: past it the request is aborted with a `TimeoutError`
 * (undici's connect/headers/body timeouts are set to the same value as a second line). Network
 * failures are thrown unchanged, so their `code` (`ECONNREFUSED`, `UND_ERR_*`) reaches
 * `classifyNetworkError`; HTTP statuses are returned, never thrown.
 *
 * @example
 * const pool = createTransportPool({ connectionsPerOrigin: 8 });
 * const transport = pool.forDestination(destination.id);
 * const res = await transport('https://api.example.com/track', { method: 'POST', headers: {}, body: '{}', timeoutMs: 5000 });
 */
export function createTransportPool(options: TransportPoolOptions = {}): TransportPool {
  const connections = positive('connectionsPerOrigin', options.connectionsPerOrigin, 32);
  const keepAliveTimeout = positive('keepAliveTimeoutMs', options.keepAliveTimeoutMs, 4_000);
  const maxResponseBytes = positive('maxResponseBytes', options.maxResponseBytes, DEFAULT_MAX_RESPONSE_BYTES);
  const userAgent = options.userAgent ?? 'Junction/0.1';
  const slots = new Map<string, Slot>();
  let closed = false;
  let closing: Promise<void> | undefined;

  // The connect timeout is per Agent in undici: taken from the destination's first request (its
  // policy's timeoutMs); the per-request deadline still bounds every request to its own timeoutMs.
  const agentFor = (slot: Slot, timeoutMs: number): Agent => {
    slot.agent ??= new Agent({ connections, pipelining: 1, keepAliveTimeout, connectTimeout: timeoutMs });
    return slot.agent;
  };

  const send = async (slot: Slot, url: string, request: TransportRequest): Promise<PooledResponse> => {
    if (closed) throw Object.assign(new Error('transport pool is closed'), { code: 'UND_ERR_CLOSED' });
    const { timeoutMs } = request;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new RangeError(`transport: request.timeoutMs must be a positive number, got ${timeoutMs}`);
    if (url !== slot.lastUrl || !slot.lastTarget) {
      const parsed = parseUrl(url);
      slot.lastTarget = { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
      slot.lastUrl = url;
    }
    const target = slot.lastTarget;
    const deadline = new AbortController();
    let gotHeaders = false;
    const timer = setTimeout(() => deadline.abort(timeoutError(timeoutMs, gotHeaders ? 'send the whole response body' : 'answer')), timeoutMs);
    // The caller's signal aborts the deadline's controller (cheaper than AbortSignal.any per request).
    const outer = request.signal;
    const onOuterAbort = () => deadline.abort(outer!.reason);
    if (outer?.aborted) onOuterAbort();
    else outer?.addEventListener('abort', onOuterAbort, { once: true });
    const signal = deadline.signal;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
    headers['user-agent'] ??= userAgent;
    slot.inFlight++;
    try {
      const res = await agentFor(slot, timeoutMs).request({
        origin: target.origin,
        path: target.path,
        method: request.method,
        headers,
        body: request.body ?? null,
        signal,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      gotHeaders = true;
      const body = await readCappedBody(res.body, maxResponseBytes);
      return { status: res.statusCode, headers: flattenHeaders(res.headers), body: body.text, truncated: body.truncated };
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onOuterAbort);
      slot.inFlight--;
    }
  };

  return {
    forDestination(destinationId) {
      let slot = slots.get(destinationId);
      if (!slot) {
        const created: Slot = { agent: undefined, inFlight: 0, transport: (url, request) => send(created, url, request), lastUrl: '', lastTarget: undefined };
        slots.set(destinationId, created);
        slot = created;
      }
      return slot.transport;
    },
    close() {
      closed = true;
      closing ??= Promise.all([...slots.values()].map((slot) => slot.agent?.close())).then(() => undefined);
      return closing;
    },
    stats() {
      const out: Record<string, { inFlight: number }> = {};
      for (const [id, slot] of slots) out[id] = { inFlight: slot.inFlight };
      return out;
    },
  };
}
