import type { SettingsCipher } from '../../secrets/index.ts';

/** The settings schema the OIDC client secret is sealed under (AES-256-GCM, field-bound). */
const SECRET_SCHEMA = { type: 'object', properties: { clientSecret: { type: 'string', 'x-secret': true } } } as const;

/**
 * Seals an OIDC client secret with the host's settings cipher (what the store keeps).
 *
 * @example
 * const sealed = sealClientSecret(cipher, 'oidc-client-secret'); // '{"clientSecret":"enc:v1:…"}'
 */
export function sealClientSecret(cipher: SettingsCipher, secret: string): string {
  return cipher.seal(SECRET_SCHEMA, { clientSecret: secret });
}

/**
 * Opens a sealed OIDC client secret (for the token request only; never shown or logged).
 *
 * @example
 * const secret = openClientSecret(cipher, connection.oidc.clientSecretSealed);
 */
export function openClientSecret(cipher: SettingsCipher, sealed: string): string {
  const value = cipher.open(SECRET_SCHEMA, sealed).clientSecret;
  if (typeof value !== 'string' || value === '') throw new Error('the SSO connection has no OIDC client secret');
  return value;
}
