import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The header carrying the signature.
 *
 * @example
 * req.headers[SIGNATURE_HEADER]; // 'sha256=…'
 */
export const SIGNATURE_HEADER = 'x-signature';

/**
 * Signs a raw request body: `sha256=` + hex HMAC-SHA256 keyed with the shared secret.
 *
 * @example
 * signBody('{"a":1}', 'whsec_0123456789'); // 'sha256=5c0f…'
 */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/**
 * For receivers: checks an `X-Signature` header against the raw body, in constant time.
 *
 * @example
 * verifySignature(rawBody, process.env.WEBHOOK_SECRET!, req.headers['x-signature']); // true | false
 */
export function verifySignature(body: string, secret: string, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(signBody(body, secret));
  const given = Buffer.from(header.trim());
  return given.length === expected.length && timingSafeEqual(given, expected);
}
