import { ConflictError, InvalidInputError, openAdminStore, openIamStore, openIdentityStore, type Workspace } from '@junction/store';
import { Hono } from 'hono';
import { authorize } from '../../admin/permissions.ts';
import type { ConsoleDeps, ConsoleEnv } from '../console-env.ts';
import { readForm } from './form.ts';
import { requireSession, selectWorkspace } from './session.ts';
import { AuthSettingsPage } from './views/auth-settings-page.tsx';
import { Layout, Message } from './views/layout.tsx';
import { WorkspacesPage } from './views/workspaces-page.tsx';

/**
 * The session side of workspaces: the picker (`/workspaces`), switching (`/workspaces/select`),
 * creating one (`/workspaces/new`: the creator becomes its owner and the session moves there), and
 * the workspace's authentication settings (`/settings/authentication`: require MFA).
 *
 * @example
 * app.route('/', workspaceRoutes(deps));
 */
export function workspaceRoutes(deps: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const iam = openIamStore(deps.store);
  const { authSettings } = openIdentityStore(deps.store);
  const anyWorkspace = requireSession({ workspace: false });
  const mine = async (userId: string) => (await Promise.all((await iam.users.workspacesOf(userId)).map((id) => deps.store.workspaces.get(id)))).filter((w): w is Workspace => w !== undefined);

  app.get('/workspaces', anyWorkspace, async (c) => c.html(<WorkspacesPage csrf={c.var.csrfToken} workspaces={await mine(c.var.session!.userId)} currentId={c.var.session!.workspaceId} />));

  app.post('/workspaces/select', anyWorkspace, async (c) => {
    const s = c.var.session!;
    const id = (await readForm(c)).workspaceId ?? '';
    if (!id || !(await iam.users.isMember(id, s.userId))) {
      return c.html(<WorkspacesPage csrf={c.var.csrfToken} workspaces={await mine(s.userId)} currentId={s.workspaceId} alert="That workspace does not exist or you are not a member of it." />, 404);
    }
    await selectWorkspace(c, deps, id);
    return c.redirect('/', 303);
  });

  app.post('/workspaces/new', anyWorkspace, async (c) => {
    const s = c.var.session!;
    const form = await readForm(c);
    const values = { name: (form.name ?? '').trim(), slug: (form.slug ?? '').trim() };
    const fail = async (errors: { name?: string; slug?: string }) =>
      c.html(<WorkspacesPage csrf={c.var.csrfToken} workspaces={await mine(s.userId)} currentId={s.workspaceId} values={values} errors={errors} alert="Check the highlighted fields." />, 422);
    if (!values.name) return fail({ name: 'Name is required.' });
    let workspace: Workspace;
    try {
      workspace = await deps.store.workspaces.create(values);
    } catch (error) {
      if (error instanceof ConflictError) return fail({ slug: `Slug "${values.slug}" is already taken.` });
      if (error instanceof InvalidInputError) return fail({ slug: 'Slug must be lower-case letters, digits and dashes (up to 63), starting with a letter or digit.' });
      throw error;
    }
    await iam.users.addToWorkspace(workspace.id, s.userId);
    await iam.grants.add(workspace.id, { type: 'user', id: s.userId }, [{ roleId: 'WORKSPACE_OWNER', resources: [{ id: workspace.id, type: 'WORKSPACE' }] }]);
    await selectWorkspace(c, deps, workspace.id);
    return c.redirect('/', 303);
  });

  const canEdit = (c: { var: ConsoleEnv['Variables'] }) => {
    const p = c.var.principal!;
    return authorize(p, 'workspace:write', { type: 'workspace', id: p.workspaceId, workspaceId: p.workspaceId });
  };
  const forbidden = () => (
    <Layout title="Authentication settings">
      <Message kind="alert">Only a workspace owner can change the authentication settings.</Message>
    </Layout>
  );

  app.get('/settings/authentication', requireSession(), async (c) => {
    if (!canEdit(c)) return c.html(forbidden(), 403);
    const settings = await authSettings.get(c.var.principal!.workspaceId);
    return c.html(<AuthSettingsPage csrf={c.var.csrfToken} requireMfa={settings.requireMfa} />);
  });

  app.post('/settings/authentication', requireSession(), async (c) => {
    if (!canEdit(c)) return c.html(forbidden(), 403);
    const p = c.var.principal!;
    const requireMfa = (await readForm(c)).requireMfa === 'on';
    const before = await authSettings.get(p.workspaceId);
    const after = await authSettings.set(p.workspaceId, { requireMfa });
    const workspace = await deps.store.workspaces.get(p.workspaceId);
    await openAdminStore(deps.store).auditEvents.record({
      workspaceId: p.workspaceId,
      type: 'Workspace Authentication Settings Updated',
      actor: p.tokenId,
      actorEmail: p.tokenName,
      resourceId: p.workspaceId,
      resourceType: 'workspace',
      resourceName: workspace?.name ?? p.workspaceId,
      before,
      after,
    });
    return c.html(<AuthSettingsPage csrf={c.var.csrfToken} requireMfa={after.requireMfa} notice="Saved." />);
  });

  return app;
}
