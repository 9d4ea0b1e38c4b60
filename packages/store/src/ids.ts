import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * A random base62 string of `length` characters (rejection sampling, no modulo bias).
 *
 * @example
 * randomBase62(8); // 'a9ZkQ03x'
 */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    const bytes = randomBytes(length * 2);
    for (const b of bytes) {
      // 248 = 4 * 62: values at or above it would bias the distribution.
      if (b < 248) out += ALPHABET[b % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

/**
 * A new record id: 24 base62 characters (~143 bits). Fixed length, so no id is a prefix of another.
 *
 * @example
 * newId(); // '3fKx0aZ9QmT1bC7dE2gH4jLp'
 */
export function newId(): string {
  return randomBase62(24);
}

/**
 * A new source write key: 32 base62 characters (~190 bits), safe in URLs and HTTP Basic auth.
 *
 * @example
 * newWriteKey(); // 'q8ZkX...'(32 chars)
 */
export function newWriteKey(): string {
  return randomBase62(32);
}
