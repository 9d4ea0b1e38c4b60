import { Hono } from 'hono';

/** Options for {@link createApp}. */
export interface AppOptions {
  /** Returns true once storage and workers are ready to serve. */
  ready?: () => boolean;
}

/**
 * Builds the host's Hono application.
 *
 * @example
 * ```ts
 * const app = createApp();
 * const res = await app.request('/health');
 * ```
 */
export function createApp(options: AppOptions = {}): Hono {
  const ready = options.ready ?? (() => true);
  const app = new Hono();
  app.get('/health', (c) =>
    ready() ? c.json({ status: 'ok' }) : c.json({ status: 'starting' }, 503),
  );
  return app;
}
