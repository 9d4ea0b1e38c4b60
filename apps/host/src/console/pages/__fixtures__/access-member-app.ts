import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openIamStore, type Store } from '@junction/store';
import { Hono } from 'hono';
import { adminRoutes } from '../../../admin/admin-routes.ts';
import { userPrincipal } from '../../../admin/iam-principal.ts';
import { createCatalog } from '../../../catalog/index.ts';
import { createSettingsCipher } from '../../../secrets/index.ts';
import type { ConsoleDeps, ConsoleEnv } from '../../console-env.ts';
import { pageRoutes } from '../page-routes.tsx';
import { CSRF } from './page-test-app.ts';

/**
 * The pages as a real user of the page-test-app's workspace (same SQLite store), with the
 * principal `userPrincipal` computes from their grants: the workspace is switched to the Business
 * plan (where roles apply) and the user is added as a member holding `roleId` on the workspace.
 */
export async function memberPagesApp(store: Store, workspaceId: string, email: string, roleId: string) {
  const dir = mkdtempSync(join(tmpdir(), 'junction-console-member-'));
  const cipher = await createSettingsCipher({ dataDir: dir, env: {} });
  const admin = { store, catalog: createCatalog({ dataDir: dir }), cipher };
  const deps: ConsoleDeps = { store, admin, adminApp: adminRoutes(admin), baseUrl: 'http://localhost:8080', send: async () => {} };
  const iam = openIamStore(store);
  const user = await iam.users.ensure({ email, name: 'Member' });
  await iam.users.addToWorkspace(workspaceId, user.id);
  await iam.grants.replace(workspaceId, { type: 'user', id: user.id }, [{ roleId, resources: [{ id: workspaceId, type: 'WORKSPACE' }] }]);
  await store.workspaces.update(workspaceId, { plan: 'Business' });
  const app = new Hono<ConsoleEnv>();
  app.use('*', async (c, next) => {
    c.set('session', { id: 'ses_member', userId: user.id, email, workspaceId, mfaVerified: true, method: 'password', expiresAt: '2999-01-01T00:00:00.000Z' });
    c.set('principal', await userPrincipal(store, workspaceId, user.id));
    c.set('csrfToken', CSRF);
    await next();
  });
  app.route('/', pageRoutes(deps));
  return {
    user,
    get: (path: string) => app.request(path),
    post: (path: string, fields: Record<string, string>) => app.request(path, { method: 'POST', body: new URLSearchParams({ _csrf: CSRF, ...fields }), headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
}
