/**
 * How long and how often a retryable delivery is retried.
 *
 * @example
 * const policy: RetryPolicy = { maxAgeMs: 3_600_000, initialDelayMs: 500, maxDelayMs: 60_000 };
 */
export interface RetryPolicy {
  /** Give up (→ failed-event store) when the next attempt would start later than this after the first. */
  maxAgeMs: number;
  /** Backoff ceiling of the first retry. */
  initialDelayMs: number;
  /** Backoff ceiling of any retry. */
  maxDelayMs: number;
}

/**
 * The host default, as Segment: randomised exponential backoff for 4 hours, 1 s up to 10 min.
 *
 * @example
 * const policy = resolveRetryPolicy(definition.delivery?.retry); // DEFAULT_RETRY_POLICY when unset
 */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxAgeMs: 4 * 60 * 60 * 1000,
  initialDelayMs: 1_000,
  maxDelayMs: 10 * 60 * 1000,
});

/**
 * Delay before the retry that follows failed attempt number `attempt` (1-based): exponential
 * backoff `min(maxDelayMs, initialDelayMs × 2^(attempt−1))` with **equal jitter**: half the ceiling
 * is fixed, the other half random, so the delay lies in [ceiling/2, ceiling]. Unlike full jitter it
 * never retries immediately, yet still spreads the retries of many events failing together.
 * Returns whole milliseconds.
 *
 * @example
 * retryDelay(1, DEFAULT_RETRY_POLICY) // 500 … 1000
 * retryDelay(3, DEFAULT_RETRY_POLICY) // 2000 … 4000
 * retryDelay(30, DEFAULT_RETRY_POLICY) // 300000 … 600000 (capped)
 */
export function retryDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`retryDelay: attempt must be an integer ≥ 1, got ${attempt}`);
  // 2^(attempt-1) overflows to Infinity for huge attempts; min() then caps it.
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (attempt - 1));
  const half = ceiling / 2;
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(half + r * half);
}

/**
 * Input of {@link nextRetryAt}.
 *
 * @example
 * const input: NextRetryInput = { attempt: 2, firstAttemptAt: t0, now: Date.now(), policy, retryAfterMs: 5000 };
 */
export interface NextRetryInput {
  /** Attempts made so far, including the one that just failed (1-based). */
  attempt: number;
  /** Epoch ms of the first attempt. */
  firstAttemptAt: number;
  /** Epoch ms now (when the attempt failed). */
  now: number;
  policy: RetryPolicy;
  /** The destination's Retry-After, in ms; the retry is never earlier than it. */
  retryAfterMs?: number | undefined;
  random?: () => number;
}

/**
 * When to retry after a retryable failure, or `undefined` when that would fall past
 * `firstAttemptAt + maxAgeMs` (give up: the event goes to the failed-event store).
 *
 * @example
 * nextRetryAt({ attempt: 1, firstAttemptAt: 0, now: 0, policy: DEFAULT_RETRY_POLICY }) // 500 … 1000
 * nextRetryAt({ attempt: 1, firstAttemptAt: 0, now: 0, policy: DEFAULT_RETRY_POLICY, retryAfterMs: 60_000 }) // 60000
 * nextRetryAt({ attempt: 9, firstAttemptAt: 0, now: 4 * 3_600_000, policy: DEFAULT_RETRY_POLICY }) // undefined
 */
export function nextRetryAt(input: NextRetryInput): number | undefined {
  const { attempt, firstAttemptAt, now, policy, retryAfterMs, random } = input;
  let delay = retryDelay(attempt, policy, random);
  if (retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs > delay) delay = Math.ceil(retryAfterMs);
  const at = now + delay;
  return at > firstAttemptAt + policy.maxAgeMs ? undefined : at;
}

const KEYS = ['maxAgeMs', 'initialDelayMs', 'maxDelayMs'] as const;

function pick(policy: Partial<RetryPolicy> | undefined, source: string): Partial<RetryPolicy> {
  const out: Partial<RetryPolicy> = {};
  for (const key of KEYS) {
    const value = policy?.[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new RangeError(`${source}.${key} must be a number ≥ 0, got ${String(value)}`);
    }
    out[key] = value;
  }
  return out;
}

/**
 * The retry policy of a destination: its override's fields win over the plugin's `delivery.retry`,
 * which wins over {@link DEFAULT_RETRY_POLICY}. Throws a `RangeError` naming the bad field.
 *
 * @example
 * resolveRetryPolicy({ maxAgeMs: 3_600_000, initialDelayMs: 500, maxDelayMs: 60_000 }, { maxAgeMs: 600_000 })
 * // { maxAgeMs: 600000, initialDelayMs: 500, maxDelayMs: 60000 }
 */
export function resolveRetryPolicy(pluginPolicy?: Partial<RetryPolicy>, destinationOverride?: Partial<RetryPolicy>): RetryPolicy {
  const merged: RetryPolicy = {
    ...DEFAULT_RETRY_POLICY,
    ...pick(pluginPolicy, 'delivery.retry'),
    ...pick(destinationOverride, 'destination retry override'),
  };
  if (merged.initialDelayMs > merged.maxDelayMs) {
    throw new RangeError(`retry policy: initialDelayMs (${merged.initialDelayMs}) must not exceed maxDelayMs (${merged.maxDelayMs})`);
  }
  return merged;
}
