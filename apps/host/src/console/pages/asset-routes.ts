import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { Hono } from 'hono';
import type { ConsoleEnv } from '../console-env.ts';

const DIR = new URL('../static/', import.meta.url);
const TYPES: Record<string, string> = { css: 'text/css; charset=utf-8', js: 'text/javascript; charset=utf-8' };

interface Asset {
  body: string;
  type: string;
  hash: string;
}

const assets = new Map<string, Asset>();
for (const name of readdirSync(DIR)) {
  const type = TYPES[name.split('.').pop() ?? ''];
  if (!type) continue;
  const body = readFileSync(new URL(name, DIR), 'utf8');
  assets.set(name, { body, type, hash: createHash('sha256').update(body).digest('hex').slice(0, 12) });
}

/**
 * The URL of a static file of the console, versioned by its content (`/assets/console.css?v=…`),
 * so it can be cached for a year.
 *
 * @example
 * <link rel="stylesheet" href={assetUrl('console.css')} />
 */
export function assetUrl(name: string): string {
  const asset = assets.get(name);
  if (!asset) throw new Error(`console asset "${name}" does not exist in console/static/`);
  return `/assets/${name}?v=${asset.hash}`;
}

/**
 * Serves console/static/ at `/assets/<name>`: immutable for a year when asked with the current
 * `?v=` hash, else revalidated (ETag).
 *
 * @example
 * app.route('/', assetRoutes());
 */
export function assetRoutes(): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  app.get('/assets/:name', (c) => {
    const asset = assets.get(c.req.param('name'));
    if (!asset) return c.text('not found', 404);
    const etag = `"${asset.hash}"`;
    const cache = c.req.query('v') === asset.hash ? 'public, max-age=31536000, immutable' : 'public, max-age=0, must-revalidate';
    const headers = { 'content-type': asset.type, 'cache-control': cache, etag, 'x-content-type-options': 'nosniff' };
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers);
    return c.body(asset.body, 200, headers);
  });
  return app;
}
