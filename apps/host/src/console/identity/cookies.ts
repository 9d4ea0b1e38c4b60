import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { ConsoleDeps } from '../console-env.ts';

/** Which cookie: the session, or the anonymous CSRF secret of forms shown before sign-in. */
export type ConsoleCookie = 'session' | 'csrf';

/**
 * Whether cookies are Secure (`deps.secureCookies`, else when the base URL is https).
 *
 * @example
 * secureCookies({ baseUrl: 'https://cdp.example.com' }); // true
 */
export function secureCookies(deps: Pick<ConsoleDeps, 'baseUrl' | 'secureCookies'>): boolean {
  return deps.secureCookies ?? deps.baseUrl.startsWith('https:');
}

/**
 * The cookie's name: `__Host-junction_session` / `__Host-junction_csrf` when Secure (bound to this
 * host, path `/`), else `junction_session` / `junction_csrf`.
 *
 * @example
 * cookieName('session', true); // '__Host-junction_session'
 */
export function cookieName(kind: ConsoleCookie, secure: boolean): string {
  return `${secure ? '__Host-' : ''}junction_${kind}`;
}

/**
 * Reads one of the console's cookies.
 *
 * @example
 * const raw = readCookie(c, deps, 'session');
 */
export function readCookie(c: Context, deps: Pick<ConsoleDeps, 'baseUrl' | 'secureCookies'>, kind: ConsoleCookie): string | undefined {
  const value = getCookie(c, cookieName(kind, secureCookies(deps)));
  return value && /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : undefined;
}

/**
 * Sets one of the console's cookies: HttpOnly, SameSite=Lax, path `/`, Secure when https.
 *
 * @example
 * writeCookie(c, deps, 'session', id, 7 * 86_400);
 */
export function writeCookie(c: Context, deps: Pick<ConsoleDeps, 'baseUrl' | 'secureCookies'>, kind: ConsoleCookie, value: string, maxAgeSeconds?: number): void {
  const secure = secureCookies(deps);
  setCookie(c, cookieName(kind, secure), value, { httpOnly: true, sameSite: 'Lax', path: '/', secure, ...(maxAgeSeconds ? { maxAge: Math.floor(maxAgeSeconds) } : {}) });
}

/**
 * Removes one of the console's cookies.
 *
 * @example
 * clearCookie(c, deps, 'session');
 */
export function clearCookie(c: Context, deps: Pick<ConsoleDeps, 'baseUrl' | 'secureCookies'>, kind: ConsoleCookie): void {
  const secure = secureCookies(deps);
  deleteCookie(c, cookieName(kind, secure), { path: '/', secure, httpOnly: true, sameSite: 'Lax' });
}
