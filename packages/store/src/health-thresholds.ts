import { InvalidInputError } from './errors.ts';

/**
 * A pair of limits: crossing `degraded` makes a resource degraded, crossing `failing` failing.
 *
 * @example
 * const l: Limit = { degraded: 0.05, failing: 0.5 };
 */
export interface Limit {
  degraded: number;
  failing: number;
}

/**
 * Workspace Health thresholds (per workspace; defaults in {@link DEFAULT_HEALTH_THRESHOLDS}).
 * Rates are fractions 0–1. `destinationSuccessRate` is a lower bound; every other limit an upper one.
 *
 * @example
 * const t: HealthThresholds = { ...DEFAULT_HEALTH_THRESHOLDS, windowMinutes: 30 };
 */
export interface HealthThresholds {
  /** The recent window metrics are read over, in minutes. */
  windowMinutes: number;
  /** Rates are judged only when the window holds at least this many events (or delivery attempts). */
  minEvents: number;
  /** Rejected ÷ (accepted + rejected) events at ingest. */
  sourceRejectedRate: Limit;
  /** Delivered ÷ (delivered + retried + failed) attempts; below the limit is bad. */
  destinationSuccessRate: Limit;
  destinationLatencyP99Ms: Limit;
  /** Events not yet resolved (past the cursors plus queued retries). */
  destinationBacklog: Limit;
  /** Age of the oldest unresolved event. */
  destinationOldestAgeMs: Limit;
  /** Time to write the storage probe row. */
  storageWriteLatencyMs: Limit;
  /** A resource must stay healthy this long before its incident closes (recovery notice). */
  recoveryHoldSeconds: number;
}

/** Defaults, documented in docs/workspace-health.md. */
export const DEFAULT_HEALTH_THRESHOLDS: Readonly<HealthThresholds> = Object.freeze({
  windowMinutes: 10,
  minEvents: 20,
  sourceRejectedRate: { degraded: 0.05, failing: 0.5 },
  destinationSuccessRate: { degraded: 0.95, failing: 0.5 },
  destinationLatencyP99Ms: { degraded: 5_000, failing: 30_000 },
  destinationBacklog: { degraded: 10_000, failing: 100_000 },
  destinationOldestAgeMs: { degraded: 15 * 60_000, failing: 60 * 60_000 },
  storageWriteLatencyMs: { degraded: 500, failing: 5_000 },
  recoveryHoldSeconds: 120,
});

const LIMITS = ['sourceRejectedRate', 'destinationSuccessRate', 'destinationLatencyP99Ms', 'destinationBacklog', 'destinationOldestAgeMs', 'storageWriteLatencyMs'] as const;
const RATES = new Set<string>(['sourceRejectedRate', 'destinationSuccessRate']);

function num(path: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new InvalidInputError(`${path} must be a number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * Merges a partial patch (`{ windowMinutes: 5, sourceRejectedRate: { failing: 0.2 } }`) onto
 * `base` and checks the result; throws InvalidInputError naming the bad field.
 *
 * @example
 * mergeThresholds(DEFAULT_HEALTH_THRESHOLDS, { minEvents: 1 }).minEvents; // 1
 */
export function mergeThresholds(base: HealthThresholds, patch: unknown, at = 'thresholds'): HealthThresholds {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) throw new InvalidInputError(`${at} must be an object`);
  const p = patch as Record<string, unknown>;
  const known = new Set<string>(Object.keys(DEFAULT_HEALTH_THRESHOLDS));
  for (const key of Object.keys(p)) if (!known.has(key)) throw new InvalidInputError(`${at}.${key} is not a threshold (known: ${[...known].join(', ')})`);
  const out: HealthThresholds = structuredClone(base);
  if (p.windowMinutes !== undefined) out.windowMinutes = num(`${at}.windowMinutes`, p.windowMinutes, 1, 1440);
  if (p.minEvents !== undefined) out.minEvents = num(`${at}.minEvents`, p.minEvents, 0, 1e9);
  if (p.recoveryHoldSeconds !== undefined) out.recoveryHoldSeconds = num(`${at}.recoveryHoldSeconds`, p.recoveryHoldSeconds, 0, 86_400);
  for (const name of LIMITS) {
    const v = p[name];
    if (v === undefined) continue;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new InvalidInputError(`${at}.${name} must be an object { degraded, failing }`);
    const max = RATES.has(name) ? 1 : 1e12;
    const limit = v as Record<string, unknown>;
    for (const k of Object.keys(limit)) if (k !== 'degraded' && k !== 'failing') throw new InvalidInputError(`${at}.${name}.${k} is not allowed (degraded, failing)`);
    if (limit.degraded !== undefined) out[name].degraded = num(`${at}.${name}.degraded`, limit.degraded, 0, max);
    if (limit.failing !== undefined) out[name].failing = num(`${at}.${name}.failing`, limit.failing, 0, max);
    const { degraded, failing } = out[name];
    const lower = name === 'destinationSuccessRate';
    if (lower ? failing > degraded : failing < degraded) {
      throw new InvalidInputError(`${at}.${name}.failing must be ${lower ? 'at most' : 'at least'} degraded (${degraded}), got ${failing}`);
    }
  }
  return out;
}
