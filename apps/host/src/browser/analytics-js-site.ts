import { readFile } from 'node:fs/promises';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';

/** The folder of analytics-next's browser bundles (`index.js` UMD, `standalone.js`, lazy chunks). */
export const ANALYTICS_NEXT_UMD = join(dirname(createRequire(import.meta.url).resolve('@segment/analytics-next/package.json')), 'dist', 'umd');

/** A customer's website on 127.0.0.1: serves analytics-next's own bundles and the pages a test registers. */
export interface AnalyticsSite {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Serves `html` at `path` (e.g. `/shop/pricing.html`; any query string is ignored when matching). */
  setPage(path: string, html: string): void;
  close(): Promise<void>;
}

/**
 * Starts the test-only website. Besides the registered pages it serves, unchanged from the npm package:
 * `/lib/analytics-next.js` (the UMD build, global `AnalyticsNext`), `/analytics.js/v1/<writeKey>/analytics.min.js`
 * (the standalone build the snippet loads) and `/analytics-next/bundles/<chunk>` (its lazy chunks).
 *
 * @example
 * ```ts
 * const site = await startAnalyticsSite();
 * site.setPage('/index.html', analyticsPage({ title: 'Home', writeKey, cdnURL: host.url }));
 * await page.goto(`${site.url}/index.html`);
 * ```
 */
export async function startAnalyticsSite(): Promise<AnalyticsSite> {
  const pages = new Map<string, string>();
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://site').pathname;
    const html = pages.get(path);
    if (html !== undefined) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
      return;
    }
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const file = bundleFile(path);
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    readFile(join(ANALYTICS_NEXT_UMD, file)).then(
      (body) => res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(body),
      () => res.writeHead(404, { 'content-type': 'text/plain' }).end('not found'),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setPage: (path, html) => pages.set(path, html),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function bundleFile(path: string): string | undefined {
  if (path === '/lib/analytics-next.js') return 'index.js';
  if (/^\/analytics\.js\/v1\/[^/]+\/analytics\.min\.js$/.test(path)) return 'standalone.js';
  const chunk = /^\/analytics-next\/bundles\/([\w.-]+\.js)$/.exec(path)?.[1];
  return chunk ? basename(chunk) : undefined;
}

/** JSON safe to embed inside an inline `<script>`. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** What {@link analyticsPage} and {@link snippetPage} put on the page. */
export interface PageSpec {
  title: string;
  writeKey: string;
  /** Where the settings document is fetched from: the Junction host. */
  cdnURL: string;
  /** analytics-next's `InitOptions` (integrations['Segment.io'].apiHost, deliveryStrategy, …). */
  options?: Record<string, unknown>;
  /** Extra HTML in the body (links, buttons). */
  body?: string;
}

/**
 * A page that loads the UMD build and calls `AnalyticsNext.AnalyticsBrowser.load({ writeKey, cdnURL }, options)`,
 * as an npm user's bundle would. The instance is `window.ajs`; `window.ajsLoad` resolves to `'loaded'` or
 * `'failed: <message>'`. A `#ping` button proves the page's own script still runs.
 *
 * @example
 * ```ts
 * site.setPage('/a.html', analyticsPage({ title: 'A', writeKey: 'wk', cdnURL: 'http://127.0.0.1:8080' }));
 * ```
 */
export function analyticsPage(spec: PageSpec): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${spec.title}</title>
<script src="/lib/analytics-next.js"></script>
<script>
  window.ajs = AnalyticsNext.AnalyticsBrowser.load(${scriptJson({ writeKey: spec.writeKey, cdnURL: spec.cdnURL })}, ${scriptJson(spec.options ?? {})});
  window.ajsLoad = new Promise((resolve) => window.ajs.then(() => resolve('loaded'), (e) => resolve('failed: ' + (e && e.message))));
</script></head><body>${pingButton}${spec.body ?? ''}</body></html>`;
}

/**
 * A page with a minimal snippet stub (`window.analytics` buffering calls, `_writeKey`, `_cdn` = the Junction
 * host, `_loadOptions`) that loads the standalone build from `/analytics.js/v1/<writeKey>/analytics.min.js`,
 * as a site using Segment's snippet does. `bufferedCalls` are queued before the library arrives.
 *
 * @example
 * ```ts
 * site.setPage('/s.html', snippetPage({ title: 'S', writeKey: 'wk', cdnURL: host.url }, [['page'], ['track', 'Hi']]));
 * ```
 */
export function snippetPage(spec: PageSpec, bufferedCalls: unknown[][]): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${spec.title}</title>
<script>
  (function () {
    var a = (window.analytics = []);
    ['track', 'page', 'identify', 'group', 'alias'].forEach(function (m) {
      a[m] = function () { a.push([m].concat(Array.prototype.slice.call(arguments))); return a; };
    });
    a._writeKey = ${scriptJson(spec.writeKey)};
    a._cdn = ${scriptJson(spec.cdnURL)};
    a._loadOptions = ${scriptJson(spec.options ?? {})};
    ${scriptJson(bufferedCalls)}.forEach(function (call) { a[call[0]].apply(a, call.slice(1)); });
  })();
</script>
<script async src="/analytics.js/v1/${encodeURIComponent(spec.writeKey)}/analytics.min.js"></script>
</head><body>${pingButton}${spec.body ?? ''}</body></html>`;
}

const pingButton = `<button id="ping" onclick="document.getElementById('pong').textContent = 'pong'">ping</button><output id="pong"></output>`;
