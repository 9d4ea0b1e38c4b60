import { hash, verify } from '@node-rs/argon2';

/** Length limits of a password (the upper one bounds hashing work). */
export const PASSWORD_LIMITS = { min: 10, max: 200 } as const;

// Argon2id (the library's default algorithm) with OWASP's parameters: 19 MiB, 2 passes, 1 lane.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** A hash of a random password: unknown emails are checked against it so timing reveals nothing. */
let decoy: Promise<string> | undefined;

/**
 * Hashes a password with argon2id (PHC string, salt included).
 *
 * @example
 * const stored = await hashPassword('correct horse battery'); // '$argon2id$v=19$m=19456,t=2,p=1$…'
 */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/**
 * Checks a password against a stored argon2id hash; with no hash (unknown user, no password set)
 * it still spends the same work and returns false.
 *
 * @example
 * if (!(await verifyPassword(creds?.passwordHash, form.password))) return wrongPassword();
 */
export async function verifyPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  if (password.length > PASSWORD_LIMITS.max) return false;
  if (!stored) {
    decoy ??= hashPassword(`decoy-${Math.random()}`);
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/**
 * Checks a new password; returns the message to show next to the field, or undefined when fine.
 *
 * @example
 * passwordProblem('short', 'ada@example.com'); // 'Password must be at least 10 characters.'
 */
export function passwordProblem(password: unknown, email?: string): string | undefined {
  if (typeof password !== 'string' || password.length < PASSWORD_LIMITS.min) return `Password must be at least ${PASSWORD_LIMITS.min} characters.`;
  if (password.length > PASSWORD_LIMITS.max) return `Password must be at most ${PASSWORD_LIMITS.max} characters.`;
  if (email && password.trim().toLowerCase() === email.trim().toLowerCase()) return 'Password must not be your email address.';
  return undefined;
}
