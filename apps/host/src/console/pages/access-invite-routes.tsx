import type { GrantInput } from '@junction/store';
import { Hono } from 'hono';
import { authorize } from '../../admin/permissions.ts';
import type { ConsoleDeps, ConsoleEnv } from '../console-env.ts';
import { inviteByMail, mailInvite } from '../identity/index.ts';
import { AccessTabs, principalOf, GrantFields, type GrantValues, grantFieldAlias, grantValues, loadScopeChoices, NO_GRANT, type ScopeChoices, toPermission } from './access-kit.tsx';
import { redirectWithFlash } from './flash.ts';
import { ActionButton, ErrorSummary, Input, PostForm } from './form-parts.tsx';
import { problem, render } from './layout.tsx';
import { api, FieldErrors, formError, type PageContext, readForm } from './page-kit.ts';

function InvitePage(props: { csrf: string; invites: string[]; choices: ScopeChoices; email: string; v: GrantValues; errors: FieldErrors }) {
  return (
    <>
      <AccessTabs current="invites" />
      <h2>Invite someone</h2>
      <ErrorSummary errors={props.errors} />
      <PostForm action="/access/invites" csrf={props.csrf} label="Invite someone">
        <Input name="email" type="email" label="Email" value={props.email} autocomplete="off" error={props.errors.for('email')} hint="They get a link by mail to join this workspace." required />
        <GrantFields choices={props.choices} v={props.v} errors={props.errors} />
        <button type="submit">Send invitation</button>
      </PostForm>
      <h2>Pending invitations</h2>
      {props.invites.length === 0 ? <p>No pending invitations.</p> : null}
      <ul>
        {props.invites.map((email) => (
          <li data-testid="invite">
            {email} <ActionButton action="/access/invites/resend" csrf={props.csrf} label={`Resend to ${email}`} fields={{ email }} />{' '}
            <ActionButton action="/access/invites/cancel" csrf={props.csrf} label={`Cancel invitation of ${email}`} fields={{ email }} danger />
          </li>
        ))}
      </ul>
    </>
  );
}

async function page(c: PageContext, deps: ConsoleDeps, email = '', v: GrantValues = NO_GRANT, errors = new FieldErrors()) {
  const r = await api<{ invites: string[] }>(deps, c, 'GET', '/invites?pagination.count=1000');
  if (!r.data) return problem(c, deps, 'access', r);
  const body = <InvitePage csrf={c.var.csrfToken} invites={r.data.invites} choices={await loadScopeChoices(deps, c)} email={email} v={v} errors={errors} />;
  return render(c, deps, { title: 'Invites', section: 'access', status: errors.any ? 422 : 200 }, body);
}

/**
 * Invites: `GET /access/invites` (pending ones and the invite form), `POST /access/invites`
 * (`inviteByMail`: the admin API's `POST /invites`, then the mail with the link), resend (a
 * renewed invite and a fresh link), `POST /access/invites/cancel` (`DELETE /invites?emails=`).
 *
 * @example
 * app.route('/', accessInviteRoutes(deps));
 */
export function accessInviteRoutes(deps: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  app.get('/access/invites', (c) => page(c, deps));
  app.post('/access/invites', async (c) => {
    const principal = principalOf(c);
    const form = await readForm(c);
    const email = form.get('email').trim();
    const v = grantValues(form);
    // No role chosen: the invitee joins with none (their groups' roles, or owner on Free/Team).
    const permission = v.roleId === '' && v.scope === 'workspace' ? undefined : toPermission(principal.workspaceId, v);
    const problems = [...(email === '' ? [formError('email', 'Email: enter the address to invite.')] : []), ...(Array.isArray(permission) ? permission : [])];
    if (problems.length > 0) return page(c, deps, email, v, new FieldErrors(problems));
    const permissions = (permission && !Array.isArray(permission) ? [permission] : []) as GrantInput[];
    const r = await inviteByMail(deps, principal, [{ email, permissions }]);
    if (r.status === 422 || r.status === 409) return page(c, deps, email, v, new FieldErrors(r.errors, grantFieldAlias));
    if (r.errors) return problem(c, deps, 'access', r);
    return redirectWithFlash(c, deps, '/access/invites', `Invitation sent to ${email}.`);
  });
  app.post('/access/invites/resend', async (c) => {
    const email = (await readForm(c)).get('email');
    const principal = principalOf(c);
    // A fresh link for a pending invite (its grants stay): the admin API's permission for invites.
    if (!authorize(principal, 'iam:write', { type: 'workspace', id: principal.workspaceId, workspaceId: principal.workspaceId })) {
      return problem(c, deps, 'access', { status: 403, errors: [{ message: 'Only workspace owners can send invitations.' }] });
    }
    if (!(await mailInvite(deps, principal.workspaceId, email, principal.tokenName))) return problem(c, deps, 'access', { status: 404, errors: [{ message: `No pending invitation for ${email}.` }] });
    return redirectWithFlash(c, deps, '/access/invites', `Invitation sent again to ${email}.`);
  });
  app.post('/access/invites/cancel', async (c) => {
    const email = (await readForm(c)).get('email');
    const r = await api(deps, c, 'DELETE', `/invites?emails=${encodeURIComponent(email)}`);
    if (r.status !== 200) return problem(c, deps, 'access', r);
    return redirectWithFlash(c, deps, '/access/invites', `Invitation of ${email} cancelled.`);
  });
  return app;
}
