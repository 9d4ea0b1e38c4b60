import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * The posted form's text fields (files ignored; `_csrf` included).
 *
 * @example
 * const form = await readForm(c); // { email: 'ada@example.com', password: '…' }
 */
export async function readForm(c: Context): Promise<Record<string, string>> {
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) return {};
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(await c.req.parseBody())) if (typeof value === 'string') out[key] = value;
  return out;
}

/**
 * A redirect target after sign-in: a path on this host, else `/` (no open redirects).
 *
 * @example
 * safeNext('//evil.example'); // '/'
 * safeNext('/sources?x=1'); // '/sources?x=1'
 */
export function safeNext(next: string | undefined): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || /[\r\n]/.test(next)) return '/';
  return next;
}

/**
 * The client's address (the socket's; `unknown` when served in-process).
 *
 * @example
 * limiter.take(`${email}|${clientIp(c)}`);
 */
export function clientIp(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
