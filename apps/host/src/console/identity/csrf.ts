import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { ConsoleDeps, ConsoleEnv } from '../console-env.ts';
import { SSO_CROSS_SITE_POST } from '../sso/sso-routes.ts';
import { readCookie, writeCookie } from './cookies.ts';
import { csrfTokenFor, requestSecret } from './session.ts';

/** Paths the console leaves alone (the APIs have their own authentication). */
const NOT_CONSOLE = /^\/(api|v1)(\/|$)/;

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Middleware (after the session middleware): sets `c.var.csrfToken` (derived from the session id,
 * or from an anonymous `junction_csrf` cookie before sign-in) and refuses with 403 any POST, PUT,
 * PATCH or DELETE whose `_csrf` form field (or `x-csrf-token` header) does not match.
 *
 * @example
 * app.use('*', sessionMiddleware(deps), csrfMiddleware(deps));
 */
export function csrfMiddleware(deps: ConsoleDeps): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    if (NOT_CONSOLE.test(c.req.path)) return next();
    // The SAML ACS is posted cross-site by the IdP; the signed response bound to a request id sent
    // from here is its check (sso/saml-flow.ts).
    if (c.req.method === 'POST' && SSO_CROSS_SITE_POST.test(c.req.path)) return next();
    let secret = requestSecret(c);
    if (!secret) {
      secret = readCookie(c, deps, 'csrf');
      if (!secret) {
        secret = randomBytes(24).toString('base64url');
        writeCookie(c, deps, 'csrf', secret);
      }
    }
    const expected = csrfTokenFor(secret);
    c.set('csrfToken', expected);
    if (['GET', 'HEAD', 'OPTIONS'].includes(c.req.method)) return next();
    let given = c.req.header('x-csrf-token');
    if (!given) {
      const type = c.req.header('content-type') ?? '';
      if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
        const value = (await c.req.parseBody())._csrf;
        if (typeof value === 'string') given = value;
      }
    }
    if (!given || !same(given, expected)) {
      return c.html(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Form expired</title></head><body><main><h1>This form has expired</h1><p role="alert">The security token of the form is missing or out of date (CSRF check). Go back, reload the page and submit again.</p></main></body></html>',
        403,
      );
    }
    await next();
  };
}
