import type { Store } from '@junction/store';
import { Hono } from 'hono';
import { type AdminDeps, adminRoutes } from './admin/index.ts';
import { consoleApp } from './console/console-app.ts';
import type { ConsoleDeps } from './console/console-env.ts';
import type { RateLimiter } from './tracking/rate-limiter.ts';
import { type TrackingDeps, trackingRoutes } from './tracking/tracking-routes.ts';

/** Options for {@link createApp}. */
export interface AppOptions {
  /** Storage; without it only `/health` is served. */
  store?: Store;
  /** Returns true once storage and workers are ready to serve. */
  ready?: () => boolean;
  /** Per-writeKey rate limit of the tracking API. */
  limiter?: RateLimiter;
  /** Ingest metrics recorder (tracking/ingest-recorder.ts). */
  ingest?: TrackingDeps['ingest'];
  /** Hook for events refused at ingest. */
  onRejected?: TrackingDeps['onRejected'];
  /** Server clock (tests). */
  now?: () => Date;
  /** The admin API's dependencies; without them `/api` is not served. */
  admin?: AdminDeps;
  /** The console's mail, base URL and cookie options; with `store` and `admin`, the console is served at `/`. */
  console?: Omit<ConsoleDeps, 'store' | 'admin' | 'adminApp'>;
}

/**
 * Builds the host's Hono application.
 *
 * @example
 * ```ts
 * const app = createApp({ store: await openStore({ dataDir: './.data' }) });
 * const res = await app.request('/health');
 * ```
 */
export function createApp(options: AppOptions = {}): Hono {
  const ready = options.ready ?? (() => true);
  const app = new Hono();
  app.get('/health', (c) => (ready() ? c.json({ status: 'ok' }) : c.json({ status: 'starting' }, 503)));
  if (options.store) {
    app.route(
      '/',
      trackingRoutes({
        store: options.store,
        ...(options.limiter ? { limiter: options.limiter } : {}),
        ...(options.onRejected ? { onRejected: options.onRejected } : {}),
        ...(options.ingest ? { ingest: options.ingest } : {}),
        ...(options.now ? { now: options.now } : {}),
      }),
    );
  }
  if (options.admin) {
    const adminApp = adminRoutes(options.admin);
    app.route('/api', adminApp);
    // Last: the console's middleware must not run before the APIs' own routes.
    if (options.store && options.console) app.route('/', consoleApp({ ...options.console, store: options.store, admin: options.admin, adminApp }));
  }
  app.onError((error, c) => {
    console.error('host: unhandled error:', error.message);
    return c.json({ errors: [{ type: 'internal', message: 'Internal error; the request was not applied.' }] }, 500);
  });
  return app;
}
