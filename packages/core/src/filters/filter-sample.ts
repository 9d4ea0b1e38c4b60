/**
 * Sampling for SAMPLE actions. With a path, the decision is a pure function of the field's value:
 * the MD5 digest of its JSON encoding is turned into a uniform real in (0, 1) with Campbell's
 * `random_real` construction (the one Segment's sampler documents). Note: @segment/tsub's JS port
 * of it reads MD5 as a hex string and so keeps every event; it cannot serve as an oracle.
 */
import { createHash } from 'node:crypto';

const MASK64 = (1n << 64n) - 1n;

/**
 * The deterministic sampling score of a value, uniform in (0, 1). A missing field hashes as
 * the text `undefined`, as Segment's JS port does.
 * @example
 * sampleScore('user-42') === sampleScore('user-42'); // true
 */
export function sampleScore(value: unknown): number {
  const digest = createHash('md5')
    .update(JSON.stringify(value) ?? 'undefined', 'utf8')
    .digest();
  let significand = digest.readBigUInt64BE(0);
  let exponent = -64;
  let shift = 0;
  while (shift < 64 && (significand & (1n << BigInt(63 - shift))) === 0n) shift += 1;
  if (shift !== 0) {
    exponent -= shift;
    const more = digest.readBigUInt64BE(8);
    significand = ((significand << BigInt(shift)) & MASK64) | (more >> BigInt(64 - shift));
  }
  significand |= 1n;
  return Number(significand) * 2 ** exponent;
}

/**
 * Whether an event is kept by a SAMPLE action keeping `percent` (0..1) of events. `value` is the
 * field at the action's path, or omitted for a random decision.
 * @example
 * keepSample(0.1, { hasPath: true, value: 'user-42' }); // same answer every time for user-42
 * keepSample(0.1, { hasPath: false }); // random
 */
export function keepSample(percent: number, key: { hasPath: boolean; value?: unknown }): boolean {
  if (percent <= 0) return false;
  if (percent >= 1) return true;
  if (!key.hasPath) return Math.random() < percent;
  return sampleScore(key.value) < percent;
}
