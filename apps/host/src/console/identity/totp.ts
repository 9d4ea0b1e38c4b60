import { createHash, randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import type { SettingsCipher } from '../../secrets/index.ts';

/** TOTP parameters (RFC 6238 defaults that every authenticator app supports). */
export const TOTP_PARAMS = { algorithm: 'SHA1', digits: 6, period: 30, window: 1 } as const;

/** How many recovery codes an enrolment gives. */
export const RECOVERY_CODE_COUNT = 10;

const SEAL_SCHEMA = { type: 'object', properties: { totp: { type: 'string', 'x-secret': true } } } as const;

function totp(secret: string, label = 'user'): TOTP {
  return new TOTP({ issuer: 'Junction', label, algorithm: TOTP_PARAMS.algorithm, digits: TOTP_PARAMS.digits, period: TOTP_PARAMS.period, secret: Secret.fromBase32(secret) });
}

/**
 * A new random TOTP secret (160 bits, base32).
 *
 * @example
 * const secret = newTotpSecret(); // 'JBSWY3DPEHPK3PXP…'
 */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/**
 * The `otpauth://` URI an authenticator app imports.
 *
 * @example
 * totpUri(secret, 'ada@example.com'); // 'otpauth://totp/Junction:ada%40example.com?issuer=Junction&secret=…'
 */
export function totpUri(secret: string, email: string): string {
  return totp(secret, email).toString();
}

/**
 * Checks a 6-digit code (±1 step of 30 s) and returns the time step it belongs to (for replay
 * protection), or null when it is wrong.
 *
 * @example
 * const step = verifyTotp(secret, '123456', new Date());
 * if (step !== null && (await credentials.claimTotpStep(userId, step))) ok();
 */
export function verifyTotp(secret: string, code: string, now: Date): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totp(secret).validate({ token, timestamp: now.getTime(), window: TOTP_PARAMS.window });
  return delta === null ? null : Math.floor(now.getTime() / 1000 / TOTP_PARAMS.period) + delta;
}

/**
 * Fresh recovery codes, `xxxx-xxxx-xxxx` (60 bits each, base32 without look-alikes).
 *
 * @example
 * const codes = newRecoveryCodes(); // 10 codes like 'K7QM-3XWD-P9TA'
 */
export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return Array.from({ length: count }, () => {
    const chars = Array.from({ length: 12 }, () => alphabet[randomInt(alphabet.length)]).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
  });
}

/**
 * The stored form of a recovery code: SHA-256 of the code without dashes or spaces, upper-cased.
 *
 * @example
 * hashRecoveryCode('k7qm 3xwd p9ta') === hashRecoveryCode('K7QM-3XWD-P9TA'); // true
 */
export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(`recovery:${code.replace(/[\s-]+/g, '').toUpperCase()}`).digest('hex');
}

/**
 * Encrypts a TOTP secret for storage with the host's settings key.
 *
 * @example
 * await credentials.setPendingSecret(userId, sealTotpSecret(cipher, secret));
 */
export function sealTotpSecret(cipher: SettingsCipher, secret: string): string {
  return cipher.seal(SEAL_SCHEMA, { totp: secret });
}

/**
 * Decrypts a stored TOTP secret.
 *
 * @example
 * const secret = openTotpSecret(cipher, creds.mfaSecret);
 */
export function openTotpSecret(cipher: SettingsCipher, sealed: string): string {
  const value = cipher.open(SEAL_SCHEMA, sealed).totp;
  if (typeof value !== 'string') throw new Error('stored TOTP secret is unreadable');
  return value;
}
