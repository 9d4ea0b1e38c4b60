import { checkEmail, openIdentityStore } from '@junction/store';
import { Hono } from 'hono';
import type { ConsoleDeps, ConsoleEnv } from '../console-env.ts';
import { ssoRequiredFor } from '../sso/sso-policy.ts';
import { clientIp, readForm, safeNext } from './form.ts';
import { attemptLimiter, tooManyMessage } from './limits.ts';
import { createOwner } from './owner-account.ts';
import { passwordProblem, verifyPassword } from './password.ts';
import { endSession, startSession } from './session.ts';
import { SignInPage } from './views/sign-in-page.tsx';
import { SignOutPage } from './views/sign-out-page.tsx';
import { SignUpPage } from './views/sign-up-page.tsx';

/** Shown when the email's domain must sign in with single sign-on. */
export const SSO_REQUIRED = 'Your organisation requires single sign-on for this email: use "Sign in with SSO".';

function emailProblem(value: string | undefined): string | undefined {
  if (!value?.trim()) return 'Email is required.';
  try {
    checkEmail('email', value);
    return undefined;
  } catch {
    return 'Email must be an email address like name@example.com.';
  }
}

/**
 * `/` for visitors (first run → `/sign-up`, else `/sign-in`), sign-in, the first owner's sign-up
 * and sign-out.
 *
 * @example
 * app.route('/', signInRoutes(deps));
 */
export function signInRoutes(deps: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const identity = openIdentityStore(deps.store);
  const limiter = attemptLimiter(deps);
  const firstRun = async () => (await identity.credentials.countUsers()) === 0;

  app.get('/', async (c, next) => {
    if (await firstRun()) return c.redirect('/sign-up', 303);
    if (!c.var.session) return c.redirect('/sign-in', 303);
    await next();
  });

  app.get('/sign-in', async (c) => {
    if (await firstRun()) return c.redirect('/sign-up', 303);
    const next = c.req.query('next');
    const notice = c.req.query('reset') === '1' ? 'Your password was changed. Sign in with the new one.' : undefined;
    return c.html(<SignInPage csrf={c.var.csrfToken} {...(next ? { next } : {})} {...(notice ? { notice } : {})} />);
  });

  app.post('/sign-in', async (c) => {
    const form = await readForm(c);
    const next = safeNext(c.req.query('next'));
    const email = (form.email ?? '').trim();
    const errors = { ...(emailProblem(email) ? { email: emailProblem(email) } : {}), ...(form.password ? {} : { password: 'Password is required.' }) };
    const view = { csrf: c.var.csrfToken, email, ...(next !== '/' ? { next } : {}) };
    if (errors.email || errors.password) return c.html(<SignInPage {...view} errors={errors} alert="Check the highlighted fields." />, 422);
    const decision = limiter.take(`${email.toLowerCase()}|${clientIp(c)}`);
    if (!decision.allowed) {
      c.header('retry-after', String(Math.ceil(decision.retryAfterMs / 1000)));
      return c.html(<SignInPage {...view} alert={tooManyMessage(decision.retryAfterMs)} />, 429);
    }
    if (await ssoRequiredFor(deps.store, email)) return c.html(<SignInPage {...view} alert={SSO_REQUIRED} />, 403);
    const creds = await identity.credentials.byEmail(email);
    if (!(await verifyPassword(creds?.passwordHash, form.password ?? '')) || !creds) {
      return c.html(<SignInPage {...view} errors={{ password: 'Email or password is incorrect.' }} alert="Email or password is incorrect." />, 401);
    }
    const session = await startSession(c, deps, { userId: creds.userId, method: 'password' });
    return c.redirect(session.mfaVerified ? next : `/mfa/challenge${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`, 303);
  });

  app.get('/sign-up', async (c) => {
    if (!(await firstRun())) return c.redirect('/sign-in', 303);
    const workspace = (await deps.store.workspaces.list())[0];
    return c.html(<SignUpPage csrf={c.var.csrfToken} workspaceName={workspace?.name ?? 'your first workspace'} />);
  });

  app.post('/sign-up', async (c) => {
    if (!(await firstRun())) return c.redirect('/sign-in', 303);
    const form = await readForm(c);
    const values = { name: (form.name ?? '').trim(), email: (form.email ?? '').trim() };
    const errors = {
      ...(values.name ? {} : { name: 'Your name is required.' }),
      ...(emailProblem(values.email) ? { email: emailProblem(values.email) } : {}),
      ...(passwordProblem(form.password, values.email) ? { password: passwordProblem(form.password, values.email) } : {}),
    };
    let workspace = (await deps.store.workspaces.list())[0];
    if (errors.name || errors.email || errors.password) {
      return c.html(<SignUpPage csrf={c.var.csrfToken} workspaceName={workspace?.name ?? 'your first workspace'} values={values} errors={errors} alert="Check the highlighted fields." />, 422);
    }
    workspace ??= await deps.store.workspaces.create({ slug: 'demo', name: 'Demo workspace' });
    const user = await createOwner(deps.store, workspace.id, { email: values.email, name: values.name, password: form.password ?? '' });
    await startSession(c, deps, { userId: user.id, method: 'password', workspaceId: workspace.id });
    return c.redirect('/', 303);
  });

  app.get('/sign-out', (c) => c.html(<SignOutPage csrf={c.var.csrfToken} {...(c.var.session ? { email: c.var.session.email } : {})} />));

  app.post('/sign-out', async (c) => {
    await endSession(c, deps);
    return c.redirect('/sign-in', 303);
  });

  return app;
}
