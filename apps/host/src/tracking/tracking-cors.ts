import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';

/** Retry-After must be exposed, or the browser hides it and analytics.js ignores it after a 429. */
const EXPOSED = ['Retry-After', 'X-RateLimit-Reset'];

/**
 * CORS for the tracking API: origin `*`, no credentials. Preflights are Hono's `cors()` (any
 * requested header allowed: analytics.js sends Authorization, X-Retry-Count and whatever its
 * `deliveryStrategy.config.headers` adds). Other requests get the same two headers as Hono's
 * middleware gives them, but set before the handler runs (`c.header`) rather than on `c.res`:
 * Hono's middleware creates a placeholder response there, and the handler's response is then
 * rebuilt from it through a body stream (undici `Response`, a `ReadableStream` written out by
 * @hono/node-server's slow path), on every tracking request.
 *
 * @example
 * app.use('/v1/*', trackingCors());
 */
export function trackingCors(): MiddlewareHandler {
  const preflight = cors({ origin: '*', maxAge: 86400, exposeHeaders: EXPOSED });
  const exposed = EXPOSED.join(',');
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') return preflight(c, next);
    c.header('Access-Control-Allow-Origin', '*');
    c.header('Access-Control-Expose-Headers', exposed);
    await next();
  };
}
