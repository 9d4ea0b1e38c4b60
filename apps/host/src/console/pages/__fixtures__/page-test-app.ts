import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '@junction/store';
import { Hono } from 'hono';
import { adminRoutes } from '../../../admin/admin-routes.ts';
import type { Principal } from '../../../admin/permissions.ts';
import { createCatalog } from '../../../catalog/index.ts';
import { createSettingsCipher } from '../../../secrets/index.ts';
import { type AdminAnswer, adminCall } from '../../admin-client.ts';
import type { ConsoleDeps, ConsoleEnv } from '../../console-env.ts';
import { pageRoutes } from '../page-routes.tsx';

export const CSRF = 'test-csrf-token-0123456789';

/**
 * The pages behind a stand-in of the identity middleware (a signed-in owner of a seeded workspace;
 * `_csrf` form field or `x-csrf-token` header checked on POST), on a real SQLite store.
 */
export async function pageTestApp() {
  const dir = mkdtempSync(join(tmpdir(), 'junction-console-pages-'));
  const store: Store = await openStore({ dataDir: dir });
  const workspace = await store.workspaces.create({ slug: 'acme', name: 'Acme Inc' });
  const cipher = await createSettingsCipher({ dataDir: dir, env: {} });
  const admin = { store, catalog: createCatalog({ dataDir: dir }), cipher };
  const adminApp = adminRoutes(admin);
  const deps: ConsoleDeps = { store, admin, adminApp, baseUrl: 'http://localhost:8080', send: async () => {} };
  const principal: Principal = { kind: 'user', tokenId: 'usr_ada', tokenName: 'ada@example.com', workspaceId: workspace.id, roles: ['WORKSPACE_OWNER'] };
  const app = new Hono<ConsoleEnv>();
  app.use('*', async (c, next) => {
    c.set('session', { id: 'ses_1', userId: 'usr_ada', email: 'ada@example.com', workspaceId: workspace.id, mfaVerified: true, method: 'password', expiresAt: '2999-01-01T00:00:00.000Z' });
    c.set('principal', principal);
    c.set('csrfToken', CSRF);
    if (c.req.method === 'POST') {
      const given = c.req.header('x-csrf-token') ?? (await c.req.parseBody())._csrf;
      if (given !== CSRF) return c.text('csrf', 403);
    }
    await next();
  });
  app.route('/', pageRoutes(deps));
  let cookie = '';
  const remember = (res: Response) => {
    const set = res.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0]!;
    return res;
  };
  return {
    app,
    store,
    workspaceId: workspace.id,
    /** Calls the admin API as the same owner (to arrange and to check state). */
    admin: <T = Record<string, unknown>>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<AdminAnswer<T>> => adminCall<T>(deps, principal, method, path, body),
    get: async (path: string) => remember(await app.request(path, { headers: cookie ? { cookie } : {} })),
    post: async (path: string, fields: Record<string, string | string[]>, extra: { csrf?: string; headers?: Record<string, string> } = {}) => {
      const body = new URLSearchParams();
      body.append('_csrf', extra.csrf ?? CSRF);
      for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
      return remember(await app.request(path, { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded", ...(cookie ? { cookie } : {}), ...(extra.headers ?? {}) } }));
    },
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The text of an HTML page without tags (to look for what a user reads). */
export function textOf(html: string): string {
  return html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<[^>]+>/g, ' ').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}

/** Every POST form of a page carries the CSRF token. */
export function formsCarryCsrf(html: string): boolean {
  const forms = html.match(/<form[^>]*method="post"[\s\S]*?<\/form>/g) ?? [];
  return forms.length > 0 && forms.every((f) => f.includes(`name="_csrf" value="${CSRF}"`));
}
