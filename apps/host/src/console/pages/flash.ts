import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { ConsoleDeps } from '../console-env.ts';
import type { PageContext } from './page-kit.ts';

const COOKIE = 'junction_flash';

/** A message shown once on the next page (after a redirect). */
export interface Flash {
  kind: 'notice' | 'alert';
  text: string;
}

function secure(deps: Pick<ConsoleDeps, 'secureCookies' | 'baseUrl'>): boolean {
  return deps.secureCookies ?? deps.baseUrl.startsWith('https:');
}

/**
 * Redirects (303) with a message for the next page (a short-lived HttpOnly, SameSite=Lax cookie).
 *
 * @example
 * return redirectWithFlash(c, deps, `/sources/${id}`, 'Source created.');
 */
export function redirectWithFlash(c: PageContext, deps: Pick<ConsoleDeps, 'secureCookies' | 'baseUrl'>, to: string, text: string, kind: Flash['kind'] = 'notice'): Response {
  const value = Buffer.from(JSON.stringify({ kind, text } satisfies Flash)).toString('base64url');
  setCookie(c, COOKIE, value, { path: '/', httpOnly: true, sameSite: 'Lax', secure: secure(deps), maxAge: 60 });
  return c.redirect(to, 303);
}

/**
 * Reads and clears the pending flash message.
 *
 * @example
 * const flash = takeFlash(c, deps); // { kind: 'notice', text: 'Source created.' } or undefined
 */
export function takeFlash(c: PageContext, deps: Pick<ConsoleDeps, 'secureCookies' | 'baseUrl'>): Flash | undefined {
  const raw = getCookie(c, COOKIE);
  if (!raw) return undefined;
  deleteCookie(c, COOKIE, { path: '/', secure: secure(deps) });
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<Flash>;
    if ((parsed.kind === 'notice' || parsed.kind === 'alert') && typeof parsed.text === 'string') return { kind: parsed.kind, text: parsed.text.slice(0, 500) };
  } catch {
    // A tampered or stale cookie is ignored.
  }
  return undefined;
}
