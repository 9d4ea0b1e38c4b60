import type { AnyIntegrationDefinition, DeliveryPolicy } from '@junction/core';
import { type RetryPolicy, resolveRetryPolicy } from './policy/index.ts';

/**
 * Per-destination engine options (stored with `delivery.config.setOptions`), over the plugin's
 * `delivery` policy. `ordered: false` turns per-user ordering off; `batch: false` sends per event;
 * `pipelining: 1` never sends a request on a socket before the previous answer arrived.
 *
 * @example
 * const o: DestinationOptions = { ordered: false, retry: { maxAgeMs: 3_600_000 }, timeoutMs: 2000, concurrency: 4, pipelining: 1 };
 */
export interface DestinationOptions {
  ordered?: boolean;
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
  concurrency?: number;
  rateLimit?: { perSecond: number; burst?: number };
  batch?: { maxCount: number; maxBytes: number; maxWaitMs: number } | false;
  /** HTTP/1.1 requests in flight per socket (1: no pipelining). Default {@link DEFAULT_PIPELINING}. */
  pipelining?: number;
}

/**
 * The effective delivery settings of one destination.
 *
 * @example
 * const r: ResolvedOptions = { ordered: true, retry: DEFAULT_RETRY_POLICY, timeoutMs: 10_000, concurrency: 10, rateLimit: undefined, batch: undefined, pipelining: 1 };
 */
export interface ResolvedOptions {
  ordered: boolean;
  retry: RetryPolicy;
  timeoutMs: number | undefined;
  concurrency: number;
  rateLimit: DeliveryPolicy['rateLimit'];
  batch: DeliveryPolicy['batch'];
  pipelining: number;
}

/** Requests in flight per destination when neither the plugin nor the destination says. */
export const DEFAULT_CONCURRENCY = 10;

/**
 * HTTP/1.1 pipelining depth per socket unless a destination sets `pipelining`: 1, none. Many SaaS
 * endpoints sit behind proxies that handle pipelining badly, and a slow answer holds back the
 * requests queued behind it, so a destination opts in (e.g. `pipelining: 4` for a collector of its
 * own, which halves the transport's CPU per request: bench/delivery). Pipelined requests are marked
 * idempotent: when a socket drops, the requests behind the first are sent again, so a destination
 * may receive an event twice (delivery is at-least-once anyway).
 */
export const DEFAULT_PIPELINING = 1;

function positive(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new RangeError(`destination options.${name} must be a positive number, got ${JSON.stringify(value)}`);
  return value;
}

/**
 * Merges a destination's options over its plugin's delivery policy; throws a `RangeError` naming
 * the bad option.
 *
 * @example
 * resolveOptions(webhook, { ordered: false }).batch; // { maxCount: 100, maxBytes: 512000, maxWaitMs: 1000 }
 */
export function resolveOptions(definition: AnyIntegrationDefinition, raw: Record<string, unknown> = {}): ResolvedOptions {
  const o = raw as DestinationOptions;
  const plugin = definition.delivery ?? {};
  if (o.ordered !== undefined && typeof o.ordered !== 'boolean') throw new RangeError(`destination options.ordered must be a boolean, got ${JSON.stringify(o.ordered)}`);
  const concurrency = positive('concurrency', o.concurrency) ?? plugin.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(concurrency)) throw new RangeError(`destination options.concurrency must be an integer, got ${concurrency}`);
  if (o.rateLimit !== undefined) positive('rateLimit.perSecond', o.rateLimit?.perSecond);
  const pipelining = positive('pipelining', o.pipelining) ?? DEFAULT_PIPELINING;
  if (!Number.isInteger(pipelining)) throw new RangeError(`destination options.pipelining must be an integer, got ${pipelining}`);
  let batch = plugin.batch;
  if (o.batch === false) batch = undefined;
  else if (o.batch !== undefined) {
    for (const k of ['maxCount', 'maxBytes'] as const) positive(`batch.${k}`, o.batch[k]);
    batch = o.batch;
  }
  return {
    ordered: o.ordered ?? true,
    retry: resolveRetryPolicy(plugin.retry, o.retry),
    timeoutMs: positive('timeoutMs', o.timeoutMs) ?? plugin.timeoutMs,
    concurrency,
    rateLimit: o.rateLimit ?? plugin.rateLimit,
    batch,
    pipelining,
  };
}
