import { type GrantInput, InvalidInputError, type InviteLinkPreview, NotFoundError, openIamStore, openIdentityStore } from '@junction/store';
import { Hono } from 'hono';
import type { Principal } from '../../admin/permissions.ts';
import { type AdminAnswer, adminCall } from '../admin-client.ts';
import type { ConsoleDeps, ConsoleEnv } from '../console-env.ts';
import { clientIp, readForm } from './form.ts';
import { attemptLimiter, tooManyMessage } from './limits.ts';
import { hashPassword, passwordProblem, verifyPassword } from './password.ts';
import { startSession } from './session.ts';
import { InvitePage } from './views/invite-page.tsx';

/**
 * Mails the link of a pending invite (a fresh token: an earlier link stops working). False when
 * the workspace has no pending invite for this email.
 *
 * @example
 * await mailInvite(deps, workspaceId, 'bo@example.com', 'Ada');
 */
export async function mailInvite(deps: ConsoleDeps, workspaceId: string, email: string, inviter?: string): Promise<boolean> {
  const issued = await openIdentityStore(deps.store).inviteLinks.issue(workspaceId, email);
  if (!issued) return false;
  const workspace = await deps.store.workspaces.get(workspaceId);
  const link = `${deps.baseUrl}/invite/accept?token=${encodeURIComponent(issued.token)}`;
  await deps.send({
    to: issued.invite.email,
    subject: `You are invited to ${workspace?.name ?? 'a Junction workspace'}`,
    text: `${inviter ?? 'A workspace owner'} invited you to the Junction workspace "${workspace?.name ?? workspaceId}".\n\nAccept the invitation here (valid until ${issued.invite.expiresAt}):\n${link}\n`,
  });
  return true;
}

/**
 * Invites people through the admin API (`POST /invites`: validation, permissions, audit trail) as
 * `principal`, then mails each invitee their link.
 *
 * @example
 * const r = await inviteByMail(deps, c.var.principal!, [{ email: 'bo@example.com', permissions: [{ roleId: 'SOURCE_ADMIN', resources: [{ id: ws, type: 'WORKSPACE' }] }] }]);
 * if (r.errors) showError(r.errors[0].message);
 */
export async function inviteByMail(deps: ConsoleDeps, principal: Principal, invites: readonly { email: string; permissions?: GrantInput[] }[]): Promise<AdminAnswer<unknown>> {
  const answer = await adminCall(deps, principal, 'POST', '/invites', { invites });
  if (!answer.errors) for (const invite of invites) await mailInvite(deps, principal.workspaceId, invite.email, principal.tokenName);
  return answer;
}

/**
 * `/invite/accept?token=…`: a new user picks a name and password, an existing one confirms with
 * theirs; then the invite is accepted (membership, the invite's grants and groups) and a session
 * starts in the workspace.
 *
 * @example
 * app.route('/', inviteRoutes(deps));
 */
export function inviteRoutes(deps: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const identity = openIdentityStore(deps.store);
  const limiter = attemptLimiter(deps);
  const now = () => (deps.now ? deps.now() : new Date());
  const preview = async (token: string): Promise<InviteLinkPreview | string> => {
    try {
      return await identity.inviteLinks.preview(token, now());
    } catch (error) {
      if (error instanceof NotFoundError || error instanceof InvalidInputError) return error.message;
      throw error;
    }
  };
  const modeOf = (p: InviteLinkPreview) => (p.existingUserId && p.hasPassword ? 'existing' : 'new');

  app.get('/invite/accept', async (c) => {
    c.header('referrer-policy', 'no-referrer');
    const token = c.req.query('token') ?? '';
    const p = await preview(token);
    if (typeof p === 'string') return c.html(<InvitePage csrf={c.var.csrfToken} invalid={p} />, 410);
    return c.html(<InvitePage csrf={c.var.csrfToken} token={token} workspaceName={p.workspaceName} email={p.invite.email} mode={modeOf(p)} />);
  });

  app.post('/invite/accept', async (c) => {
    const form = await readForm(c);
    const token = form.token ?? '';
    const p = await preview(token);
    if (typeof p === 'string') return c.html(<InvitePage csrf={c.var.csrfToken} invalid={p} />, 410);
    const mode = modeOf(p);
    const name = (form.name ?? '').trim();
    const view = { csrf: c.var.csrfToken, token, workspaceName: p.workspaceName, email: p.invite.email, mode, name } as const;
    if (mode === 'existing') {
      const decision = limiter.take(`${p.invite.email.toLowerCase()}|${clientIp(c)}`);
      if (!decision.allowed) return c.html(<InvitePage {...view} errors={{ password: tooManyMessage(decision.retryAfterMs) }} />, 429);
      const creds = await identity.credentials.byEmail(p.invite.email);
      if (!(await verifyPassword(creds?.passwordHash, form.password ?? ''))) return c.html(<InvitePage {...view} errors={{ password: 'Password is incorrect.' }} />, 401);
    } else {
      const errors = { ...(name ? {} : { name: 'Your name is required.' }), ...(passwordProblem(form.password, p.invite.email) ? { password: passwordProblem(form.password, p.invite.email) } : {}) };
      if (errors.name || errors.password) return c.html(<InvitePage {...view} errors={errors} />, 422);
    }
    let accepted: { user: { id: string }; workspaceId: string };
    try {
      accepted = await openIamStore(deps.store).invites.accept(token, { ...(name ? { name } : {}), now: now() });
    } catch (error) {
      if (error instanceof NotFoundError || error instanceof InvalidInputError) return c.html(<InvitePage csrf={c.var.csrfToken} invalid={error.message} />, 410);
      throw error;
    }
    if (mode === 'new') await identity.credentials.setPasswordHash(accepted.user.id, await hashPassword(form.password ?? ''));
    const session = await startSession(c, deps, { userId: accepted.user.id, method: 'invite', workspaceId: accepted.workspaceId });
    return c.redirect(session.mfaVerified ? '/' : '/mfa/challenge', 303);
  });

  return app;
}
