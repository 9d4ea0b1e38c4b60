/**
 * Finds the writeKey of a tracking request, as Segment's HTTP API accepts it: HTTP Basic with the
 * writeKey as username and an empty password, else a `writeKey` field in the JSON body.
 *
 * @example
 * ```ts
 * writeKeyOf('Basic ' + btoa('wk_123:'), {}); // 'wk_123'
 * writeKeyOf(undefined, { writeKey: 'wk_123' }); // 'wk_123'
 * ```
 */
export function writeKeyOf(authorization: string | undefined | null, body: unknown): string | undefined {
  if (authorization) {
    const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(authorization);
    if (match) {
      const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const user = colon === -1 ? decoded : decoded.slice(0, colon);
      if (user) return user;
    }
  }
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const key = (body as Record<string, unknown>).writeKey;
    if (typeof key === 'string' && key !== '') return key;
  }
  return undefined;
}
