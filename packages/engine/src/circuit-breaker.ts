/**
 * Settings of the per-destination circuit breaker.
 *
 * @example
 * const o: BreakerOptions = { threshold: 5, minProbeMs: 1_000, maxProbeMs: 60_000 };
 */
export interface BreakerOptions {
  /** Consecutive failed requests (every unit retryable) that open the breaker. */
  threshold: number;
  /** Wait before the first probe after opening. */
  minProbeMs: number;
  /** Ceiling of the doubling wait between probes. */
  maxProbeMs: number;
}

/** Defaults: 5 failed requests in a row open it; probes after 1 s, doubling up to 60 s. */
export const DEFAULT_BREAKER: Readonly<BreakerOptions> = Object.freeze({ threshold: 5, minProbeMs: 1_000, maxProbeMs: 60_000 });

/** `closed`: normal. `open`: the destination's lanes read nothing. `half-open`: one probe in flight. */
export type BreakerState = 'closed' | 'open' | 'half-open';

/**
 * What `engine.status().breakers` and `engine.summary()` report for a destination.
 *
 * @example
 * const s: BreakerStatus = { state: 'open', consecutiveFailures: 5, openedAt: '2026-11-26T10:00:00.000Z', nextProbeAt: '2026-11-26T10:00:04.000Z', probes: 2, lastErrorCode: 'DESTINATION_UNAVAILABLE' };
 */
export interface BreakerStatus {
  state: BreakerState;
  consecutiveFailures: number;
  /** When it last opened (ISO), while not closed. */
  openedAt: string | null;
  /** When the next probe may start (ISO), while open. */
  nextProbeAt: string | null;
  /** Failed probes since it opened. */
  probes: number;
  lastErrorCode: string | null;
}

/**
 * A destination's circuit breaker in one worker.
 *
 * @example
 * if (breaker.state() === 'closed' || breaker.tryProbe()) await deliver(); // then breaker.record(...)
 */
export interface CircuitBreaker {
  state(): BreakerState;
  /** Claims the probe when it is due (open → half-open); false otherwise. */
  tryProbe(): boolean;
  /** Gives a claimed probe back without an outcome (nothing was sent). */
  cancelProbe(): void;
  /** Outcome of one request: `ok` = the destination answered (success or a permanent error). */
  record(ok: boolean, errorCode?: string): void;
  /** Increments every time the breaker closes after being open (lanes then flush their retries). */
  closings(): number;
  status(): BreakerStatus;
}

/**
 * Creates a breaker: `threshold` failed requests in a row open it; while open nothing is sent
 * until a probe is due (`minProbeMs`, doubling with jitter up to `maxProbeMs`); a probe's success
 * closes it, its failure re-opens it with a longer wait.
 *
 * @example
 * const b = createCircuitBreaker(DEFAULT_BREAKER, Date.now);
 * for (let i = 0; i < 5; i++) b.record(false, 'TIMEOUT');
 * b.state(); // 'open'
 */
export function createCircuitBreaker(o: BreakerOptions, clock: () => number, random: () => number = Math.random): CircuitBreaker {
  let state: BreakerState = 'closed';
  let failures = 0;
  let openedAt: number | undefined;
  let nextProbeAt: number | undefined;
  let probes = 0;
  let lastErrorCode: string | null = null;
  let closings = 0;
  const open = () => {
    const ceiling = Math.min(o.maxProbeMs, o.minProbeMs * 2 ** Math.min(probes, 30));
    state = 'open';
    openedAt ??= clock();
    nextProbeAt = clock() + Math.round(ceiling / 2 + (random() * ceiling) / 2);
  };
  return {
    state: () => state,
    tryProbe() {
      if (state !== 'open' || clock() < (nextProbeAt ?? 0)) return false;
      state = 'half-open';
      return true;
    },
    cancelProbe() {
      if (state === 'half-open') state = 'open';
    },
    record(ok, errorCode) {
      if (ok) {
        if (state !== 'closed') closings++;
        state = 'closed';
        failures = 0;
        probes = 0;
        openedAt = undefined;
        nextProbeAt = undefined;
        return;
      }
      failures++;
      lastErrorCode = errorCode ?? lastErrorCode;
      if (state === 'half-open') {
        probes++;
        open();
      } else if (state === 'closed' && failures >= o.threshold) open();
    },
    closings: () => closings,
    status: () => ({
      state,
      consecutiveFailures: failures,
      openedAt: openedAt === undefined ? null : new Date(openedAt).toISOString(),
      nextProbeAt: state === 'open' && nextProbeAt !== undefined ? new Date(nextProbeAt).toISOString() : null,
      probes,
      lastErrorCode,
    }),
  };
}

/**
 * Validates breaker settings over the defaults; a `RangeError` names the bad field.
 *
 * @example
 * resolveBreaker({ threshold: 3 }); // { threshold: 3, minProbeMs: 1000, maxProbeMs: 60000 }
 */
export function resolveBreaker(raw: Partial<BreakerOptions> = {}): BreakerOptions {
  const out = { ...DEFAULT_BREAKER, ...raw };
  for (const k of ['threshold', 'minProbeMs', 'maxProbeMs'] as const) {
    const v = out[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new RangeError(`breaker.${k} must be a positive number, got ${JSON.stringify(v)}`);
  }
  if (out.maxProbeMs < out.minProbeMs) throw new RangeError(`breaker.maxProbeMs (${out.maxProbeMs}) must be >= breaker.minProbeMs (${out.minProbeMs})`);
  return out;
}
