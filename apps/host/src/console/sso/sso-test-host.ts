import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { openAdminStore, openStore, type Store } from '@junction/store';
import { Hono } from 'hono';
import { adminRoutes } from '../../admin/admin-routes.ts';
import { createCatalog } from '../../catalog/index.ts';
import { createSettingsCipher } from '../../secrets/index.ts';
import type { ConsoleDeps, ConsoleEnv } from '../console-env.ts';
import { csrfMiddleware } from '../identity/csrf.ts';
import { sessionMiddleware } from '../identity/session.ts';
import { signInRoutes } from '../identity/sign-in-routes.tsx';
import { SSO_CROSS_SITE_POST, ssoRoutes } from './sso-routes.ts';

/** A console host on 127.0.0.1 with the SSO routes, identity's session and CSRF middleware, its password sign-in and the admin API. */
export interface SsoTestHost {
  url: string;
  store: Store;
  workspaceId: string;
  ownerToken: string;
  /** Calls the admin API with the workspace owner's token. */
  // biome-ignore lint/suspicious/noExplicitAny: test helper: response bodies are read by path in assertions.
  api(method: string, path: string, body?: unknown): Promise<{ status: number; json: any; text: string }>;
  close(): Promise<void>;
}

/**
 * Starts the test host (real SQLite store, settings cipher, admin API at `/api`, `/whoami` echoing
 * the session) with one workspace on the Business plan (roles apply).
 *
 * @example
 * const host = await startSsoTestHost();
 */
export async function startSsoTestHost(): Promise<SsoTestHost> {
  const dataDir = mkdtempSync(join(tmpdir(), 'junction-sso-'));
  const store = await openStore({ dataDir });
  const ws = await store.workspaces.create({ slug: 'acme', name: 'Acme', plan: 'business' });
  const owner = await openAdminStore(store).apiTokens.create({ workspaceId: ws.id, name: 'owner', role: 'WORKSPACE_OWNER' });
  const cipher = await createSettingsCipher({ dataDir, env: {} });
  const admin = { store, catalog: createCatalog({ dataDir }), cipher };
  const adminApp = adminRoutes(admin);
  const deps: ConsoleDeps = { store, admin, adminApp, baseUrl: 'http://127.0.0.1', send: async () => {} };
  const app = new Hono<ConsoleEnv>();
  app.route('/api', adminApp);
  app.use('*', sessionMiddleware(deps));
  const csrf = csrfMiddleware(deps);
  // Until identity's CSRF middleware skips it itself: the SAML ACS is posted cross-site by the IdP.
  app.use('*', (c, next) => (SSO_CROSS_SITE_POST.test(c.req.path) ? next() : csrf(c, next)));
  app.route('/', signInRoutes(deps));
  app.route('/', ssoRoutes(deps));
  app.get('/whoami', (c) => c.json({ session: c.var.session ?? null, roles: c.var.principal?.roles ?? [] }));
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  deps.baseUrl = url;
  return {
    url,
    store,
    workspaceId: ws.id,
    ownerToken: owner.plaintext,
    async api(method, path, body) {
      const res = await fetch(`${url}/api${path}`, { method, headers: { authorization: `Bearer ${owner.plaintext}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      const text = await res.text();
      return { status: res.status, json: text ? JSON.parse(text) : null, text };
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A cookie jar per origin, following redirects by hand (as a browser would, one jar per site).
 *
 * @example
 * const browser = new Browser(); const res = await browser.fetch(url);
 */
export class Browser {
  private readonly jars = new Map<string, Map<string, string>>();

  async fetch(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const origin = new URL(url).origin;
    const jar = this.jars.get(origin) ?? new Map<string, string>();
    this.jars.set(origin, jar);
    const headers: Record<string, string> = {};
    if (jar.size > 0) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(url, { method: init.method ?? (init.form ? 'POST' : 'GET'), headers, redirect: 'manual', ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}) });
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split('=')[1] ?? '') < Date.now()));
      if (expired || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    return res;
  }

  cookie(origin: string, name: string): string | undefined {
    return this.jars.get(origin)?.get(name);
  }
}

/**
 * The `_csrf` token of the first form of a page.
 *
 * @example
 * const token = csrfOf(await res.text());
 */
export function csrfOf(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m?.[1]) throw new Error('no _csrf field on the page');
  return m[1];
}
