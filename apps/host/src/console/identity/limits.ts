import { RateLimiter } from '../../tracking/rate-limiter.ts';
import type { ConsoleDeps } from '../console-env.ts';

/** Attempts allowed per minute (and in a burst) per key: email+IP for passwords, user for codes. */
export const ATTEMPTS_PER_MINUTE = 10;

/**
 * A per-key limiter of guesses (sign-in, reset requests, MFA codes): the host's token-bucket
 * {@link RateLimiter}, {@link ATTEMPTS_PER_MINUTE} a minute.
 *
 * @example
 * const limiter = attemptLimiter(deps);
 * if (!limiter.take(`${email}|${ip}`).allowed) return tooMany();
 */
export function attemptLimiter(deps: Pick<ConsoleDeps, 'now'>): RateLimiter {
  return new RateLimiter({ ratePerSecond: ATTEMPTS_PER_MINUTE / 60, burst: ATTEMPTS_PER_MINUTE, ...(deps.now ? { now: () => deps.now!().getTime() } : {}) });
}

/**
 * The text shown when a limiter refuses.
 *
 * @example
 * tooManyMessage(31_000); // 'Too many attempts. Try again in 31 seconds.'
 */
export function tooManyMessage(retryAfterMs: number): string {
  return `Too many attempts. Try again in ${Math.max(1, Math.ceil(retryAfterMs / 1000))} seconds.`;
}
