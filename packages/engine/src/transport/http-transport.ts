import type { HttpTransport, TransportRequest, TransportResponse } from '@junction/core';
import { Agent, type Dispatcher } from 'undici';
import { dispatchCall } from './dispatch-call.ts';

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
  /**
   * Requests sent on one socket before the first answer (HTTP/1.1 pipelining), per destination
   * unless `forDestination` says otherwise. 1 (the default) turns it off. Above 1, requests are
   * marked idempotent: if the socket drops, undici re-sends the ones behind the first, which the
   * destination may then receive twice (delivery is at-least-once).
   */
  pipelining?: number;
}

/**
 * Per-destination settings of {@link TransportPool.forDestination}.
 *
 * @example
 * pool.forDestination('dest_1', { pipelining: 1 }); // this destination never pipelines
 */
export interface DestinationTransportOptions {
  /** Overrides the pool's `pipelining` for this destination (1: off). */
  pipelining?: number;
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
  /**
   * The transport of one destination (the same function for the same id). A changed `pipelining`
   * applies to the next request: the destination's sockets are closed once their requests finish.
   */
  forDestination(destinationId: string, options?: DestinationTransportOptions): HttpTransport;
  /** Closes every agent, letting in-flight requests finish. Idempotent. */
  close(): Promise<void>;
  /** Requests in flight per destination id. */
  stats(): Record<string, { inFlight: number }>;
}

/** Default body cap: 64 KB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;

interface Slot {
  agent: Agent | undefined;
  pipelining: number;
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

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`createTransportPool: ${name} must be an integer >= 1, got ${value}`);
  return value;
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

/**
 * Creates the pooled undici transport of the delivery engine. Each destination gets its own Agent
 * (keep-alive, HTTP/1.1 pipelining only when asked for, never follows redirects). Each request is bounded by its `timeoutMs`
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
  const pipelining = options.pipelining === undefined ? 1 : positiveInteger('pipelining', options.pipelining);
  const retiring = new Set<Promise<void>>();
  const slots = new Map<string, Slot>();
  let closed = false;
  let closing: Promise<void> | undefined;

  // The connect timeout is per Agent in undici: taken from the destination's first request (its
  // policy's timeoutMs); the per-request deadline still bounds every request to its own timeoutMs.
  const agentFor = (slot: Slot, timeoutMs: number): Agent => {
    slot.agent ??= new Agent({ connections, pipelining: slot.pipelining, keepAliveTimeout, connectTimeout: timeoutMs });
    return slot.agent;
  };

  const send = (slot: Slot, url: string, request: TransportRequest): Promise<PooledResponse> => {
    if (closed) return Promise.reject(Object.assign(new Error('transport pool is closed'), { code: 'UND_ERR_CLOSED' }));
    const { timeoutMs } = request;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) return Promise.reject(new RangeError(`transport: request.timeoutMs must be a positive number, got ${timeoutMs}`));
    if (url !== slot.lastUrl || !slot.lastTarget) {
      let parsed: URL;
      try {
        parsed = parseUrl(url);
      } catch (err) {
        return Promise.reject(err);
      }
      slot.lastTarget = { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
      slot.lastUrl = url;
    }
    const target = slot.lastTarget;
    const headers: Record<string, string> = {};
    for (const name in request.headers) headers[name.toLowerCase()] = request.headers[name]!;
    headers['user-agent'] ??= userAgent;
    const pipelined = slot.pipelining > 1;
    slot.inFlight++;
    return dispatchCall(
      agentFor(slot, timeoutMs),
      {
        origin: target.origin,
        path: target.path,
        method: request.method as Dispatcher.HttpMethod,
        headers,
        body: request.body ?? null,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        // undici pipelines only requests it may re-send (idempotent) and that do not block the socket.
        ...(pipelined ? { idempotent: true, blocking: false } : {}),
      },
      { timeoutMs, maxResponseBytes, signal: request.signal, onSettled: () => slot.inFlight-- },
    );
  };

  // An agent replaced by a new pipelining depth finishes its requests, then closes.
  const retire = (agent: Agent | undefined) => {
    if (!agent) return;
    const done: Promise<void> = agent.close().catch(() => {}).finally(() => retiring.delete(done));
    retiring.add(done);
  };

  return {
    forDestination(destinationId, destinationOptions) {
      const depth = destinationOptions?.pipelining === undefined ? pipelining : positiveInteger('pipelining', destinationOptions.pipelining);
      let slot = slots.get(destinationId);
      if (!slot) {
        const created: Slot = { agent: undefined, pipelining: depth, inFlight: 0, transport: (url, request) => send(created, url, request), lastUrl: '', lastTarget: undefined };
        slots.set(destinationId, created);
        slot = created;
      } else if (slot.pipelining !== depth) {
        slot.pipelining = depth;
        retire(slot.agent);
        slot.agent = undefined;
      }
      return slot.transport;
    },
    close() {
      closed = true;
      closing ??= Promise.all([...[...slots.values()].map((slot) => slot.agent?.close()), ...retiring]).then(() => undefined);
      return closing;
    },
    stats() {
      const out: Record<string, { inFlight: number }> = {};
      for (const [id, slot] of slots) out[id] = { inFlight: slot.inFlight };
      return out;
    },
  };
}
