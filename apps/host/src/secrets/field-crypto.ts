import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretKey } from './secret-key.ts';

/** Prefix of an encrypted settings value: `enc:v1:<keyId>:<iv>:<ciphertext+tag>` (base64url). */
export const ENCRYPTED_PREFIX = 'enc:v1:';

/**
 * Thrown when a stored secret cannot be decrypted (another key, or tampered text). Names the field, never its value.
 *
 * @example
 * if (error instanceof SecretDecryptError) console.error(error.message);
 */
export class SecretDecryptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretDecryptError';
  }
}

/**
 * Encrypts one value with AES-256-GCM; the field path is bound as associated data, so a
 * ciphertext moved to another field does not decrypt.
 *
 * @example
 * encryptValue(key, 'apiKey', 'sk_live_123'); // 'enc:v1:1a2b3c4d:…:…'
 */
export function encryptValue(secret: SecretKey, path: string, value: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', secret.key, iv);
  cipher.setAAD(Buffer.from(`junction-settings:${path}`));
  const data = Buffer.concat([cipher.update(value, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${ENCRYPTED_PREFIX}${secret.keyId}:${iv.toString('base64url')}:${data.toString('base64url')}`;
}

/**
 * Decrypts a value made by {@link encryptValue}; throws {@link SecretDecryptError} naming the field.
 *
 * @example
 * decryptValue(key, 'apiKey', stored); // 'sk_live_123'
 */
export function decryptValue(secret: SecretKey, path: string, stored: string): string {
  const [keyId, iv, data] = stored.slice(ENCRYPTED_PREFIX.length).split(':');
  if (!keyId || !iv || !data) throw new SecretDecryptError(`settings.${path} holds a malformed encrypted value`);
  if (keyId !== secret.keyId) {
    throw new SecretDecryptError(`settings.${path} was encrypted with another key (id ${keyId}, current ${secret.keyId}): set JUNCTION_SECRET (or DATA_DIR/secret.key) to the key used before`);
  }
  const bytes = Buffer.from(data, 'base64url');
  try {
    const decipher = createDecipheriv('aes-256-gcm', secret.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(`junction-settings:${path}`));
    decipher.setAuthTag(bytes.subarray(-16));
    return Buffer.concat([decipher.update(bytes.subarray(0, -16)), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretDecryptError(`settings.${path} could not be decrypted: the stored value was altered`);
  }
}
