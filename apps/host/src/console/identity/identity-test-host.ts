/**
 * Test support for the identity routes: the console (and the admin API) served over real HTTP on
 * 127.0.0.1 on a real SQLite file, a clock the test moves, and a browser-like client with a cookie jar.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { openStore, type Store, type Workspace } from '@junction/store';
import { Hono } from 'hono';
import { adminRoutes } from '../../admin/admin-routes.ts';
import { createCatalog } from '../../catalog/index.ts';
import { createSettingsCipher } from '../../secrets/index.ts';
import type { ConsoleDeps, ConsoleEnv } from '../console-env.ts';
import { identityRoutes } from './identity-routes.ts';
import { createDevOutbox } from './mail.ts';
import { requireSession } from './session.ts';

/** A running test host. */
export interface IdentityTestHost {
  baseUrl: string;
  store: Store;
  deps: ConsoleDeps;
  workspace: Workspace;
  outbox: ReturnType<typeof createDevOutbox>;
  /** Moves the clock forward. */
  advance(ms: number): void;
  now(): Date;
  close(): Promise<void>;
}

/**
 * Starts the console's identity routes (and a `/probe` page guarded by `requireSession`) on 127.0.0.1 with a fresh SQLite store holding one workspace.
 *
 * @example
 * const host = await startIdentityHost();
 * const ada = new Browser(host.baseUrl);
 */
export async function startIdentityHost(options: { plan?: string } = {}): Promise<IdentityTestHost> {
  const dir = mkdtempSync(join(tmpdir(), 'junction-identity-'));
  const store = await openStore({ dataDir: dir });
  const workspace = await store.workspaces.create({ slug: 'demo', name: 'Demo workspace', ...(options.plan ? { plan: options.plan } : {}) });
  const cipher = await createSettingsCipher({ dataDir: dir, env: {} });
  const admin = { store, catalog: createCatalog({ dataDir: dir }), cipher };
  const adminApp = adminRoutes(admin);
  const outbox = createDevOutbox();
  let clock = Date.now();
  const holder: { app?: Hono } = {};
  const server = serve({ fetch: (req, env) => holder.app!.fetch(req, env), port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const deps: ConsoleDeps = { store, admin, adminApp, baseUrl, send: outbox.send, outbox, now: () => new Date(clock) };
  // Like console-app.ts: identity first, then routes that rely on its middleware (here a probe).
  const consoleRoutes = new Hono<ConsoleEnv>();
  consoleRoutes.route('/', identityRoutes(deps));
  consoleRoutes.get('/probe', requireSession(), (c) => c.json({ email: c.var.session?.email, workspaceId: c.var.principal?.workspaceId, roles: c.var.principal?.roles }));
  consoleRoutes.post('/probe', requireSession(), (c) => c.json({ ok: true }));
  const app = new Hono();
  app.route('/api', adminApp);
  app.route('/', consoleRoutes);
  holder.app = app;
  return {
    baseUrl,
    store,
    deps,
    workspace,
    outbox,
    advance: (ms) => {
      clock += ms;
    },
    now: () => new Date(clock),
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One answer as the test reads it. */
export interface Page {
  status: number;
  location: string | null;
  html: string;
  setCookies: string[];
}

/**
 * A browser: keeps cookies, does not follow redirects, posts forms with the page's `_csrf`.
 *
 * @example
 * const b = new Browser(baseUrl);
 * const page = await b.submit('/sign-in', { email, password });
 */
export class Browser {
  readonly cookies = new Map<string, string>();
  readonly baseUrl: string;
  constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }

  async request(path: string, init: RequestInit = {}): Promise<Page> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(new URL(path, this.baseUrl), { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) } });
    const setCookies = res.headers.getSetCookie();
    for (const line of setCookies) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (/max-age=0/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return { status: res.status, location: res.headers.get('location'), html: await res.text(), setCookies };
  }

  get(path: string): Promise<Page> {
    return this.request(path);
  }

  /** POSTs a form as is (no CSRF token added). */
  post(path: string, form: Record<string, string>): Promise<Page> {
    return this.request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
  }

  /** GETs `formPage` (default: `action`), takes its `_csrf` and POSTs the form to `action`. */
  async submit(action: string, form: Record<string, string>, formPage = action): Promise<Page> {
    const page = await this.get(formPage);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.html)?.[1];
    if (!csrf) throw new Error(`no _csrf on ${formPage} (status ${page.status}, location ${page.location})`);
    return this.post(action, { ...form, _csrf: csrf });
  }
}
