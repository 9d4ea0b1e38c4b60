import type { AnyIntegrationDefinition, DeliveryPolicy } from '@junction/core';
import { type RetryPolicy, resolveRetryPolicy } from './policy/index.ts';

/**
 * Per-destination engine options (stored with `delivery.config.setOptions`), over the plugin's
 * `delivery` policy. `ordered: false` turns per-user ordering off; `batch: false` sends per event.
 *
 * @example
 * const o: DestinationOptions = { ordered: false, retry: { maxAgeMs: 3_600_000 }, timeoutMs: 2000, concurrency: 4 };
 */
export interface DestinationOptions {
  ordered?: boolean;
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
  concurrency?: number;
  rateLimit?: { perSecond: number; burst?: number };
  batch?: { maxCount: number; maxBytes: number; maxWaitMs: number } | false;
}

/**
 * The effective delivery settings of one destination.
 *
 * @example
 * const r: ResolvedOptions = { ordered: true, retry: DEFAULT_RETRY_POLICY, timeoutMs: 10_000, concurrency: 10, rateLimit: undefined, batch: undefined };
 */
export interface ResolvedOptions {
  ordered: boolean;
  retry: RetryPolicy;
  timeoutMs: number | undefined;
  concurrency: number;
  rateLimit: DeliveryPolicy['rateLimit'];
  batch: DeliveryPolicy['batch'];
}

/** Requests in flight per destination when neither the plugin nor the destination says. */
export const DEFAULT_CONCURRENCY = 10;

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
  };
}
