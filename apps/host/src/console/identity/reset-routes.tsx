import { checkEmail, InvalidInputError, NotFoundError, openIdentityStore, PASSWORD_RESET_TTL_MINUTES } from '@junction/store';
import { Hono } from 'hono';
import type { ConsoleDeps, ConsoleEnv } from '../console-env.ts';
import { ssoRequiredFor } from '../sso/sso-policy.ts';
import { clientIp, readForm } from './form.ts';
import { attemptLimiter, tooManyMessage } from './limits.ts';
import { hashPassword, passwordProblem } from './password.ts';
import { SSO_REQUIRED } from './sign-in-routes.tsx';
import { ForgotPage } from './views/forgot-page.tsx';
import { ResetPage } from './views/reset-page.tsx';

/**
 * Password reset by emailed link: `/forgot-password` sends a single-use link (60 minutes) to the
 * account's email (the answer is the same whether or not the account exists), `/reset-password`
 * sets the new password and ends every session of the user.
 *
 * @example
 * app.route('/', resetRoutes(deps));
 */
export function resetRoutes(deps: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const identity = openIdentityStore(deps.store);
  const limiter = attemptLimiter(deps);
  const now = () => (deps.now ? deps.now() : new Date());
  const linkProblem = (error: unknown) => {
    if (error instanceof NotFoundError || error instanceof InvalidInputError) return error.message;
    throw error;
  };

  app.get('/forgot-password', (c) => c.html(<ForgotPage csrf={c.var.csrfToken} />));

  app.post('/forgot-password', async (c) => {
    const email = ((await readForm(c)).email ?? '').trim();
    try {
      checkEmail('email', email);
    } catch {
      return c.html(<ForgotPage csrf={c.var.csrfToken} email={email} error="Email must be an email address like name@example.com." />, 422);
    }
    const decision = limiter.take(`${email.toLowerCase()}|${clientIp(c)}`);
    if (!decision.allowed) return c.html(<ForgotPage csrf={c.var.csrfToken} email={email} alert={tooManyMessage(decision.retryAfterMs)} />, 429);
    if (await ssoRequiredFor(deps.store, email)) return c.html(<ForgotPage csrf={c.var.csrfToken} email={email} alert={SSO_REQUIRED} />, 403);
    const creds = await identity.credentials.byEmail(email);
    if (creds) {
      const { token } = await identity.passwordResets.create(creds.userId, { now: now() });
      const link = `${deps.baseUrl}/reset-password?token=${encodeURIComponent(token)}`;
      await deps.send({
        to: creds.email,
        subject: 'Reset your Junction password',
        text: `Someone asked to reset the password of your Junction account.\n\nChoose a new password here (the link works once, for ${PASSWORD_RESET_TTL_MINUTES} minutes):\n${link}\n\nIf it was not you, ignore this mail: your password stays as it is.\n`,
      });
    }
    return c.html(<ForgotPage csrf={c.var.csrfToken} sent />);
  });

  app.get('/reset-password', async (c) => {
    c.header('referrer-policy', 'no-referrer');
    const token = c.req.query('token') ?? '';
    try {
      await identity.passwordResets.check(token, now());
    } catch (error) {
      return c.html(<ResetPage csrf={c.var.csrfToken} invalid={linkProblem(error)} />, 410);
    }
    return c.html(<ResetPage csrf={c.var.csrfToken} token={token} />);
  });

  app.post('/reset-password', async (c) => {
    const form = await readForm(c);
    const token = form.token ?? '';
    let userId: string;
    try {
      ({ userId } = await identity.passwordResets.check(token, now()));
    } catch (error) {
      return c.html(<ResetPage csrf={c.var.csrfToken} invalid={linkProblem(error)} />, 410);
    }
    const creds = await identity.credentials.byUserId(userId);
    const problem = passwordProblem(form.password, creds?.email);
    if (problem) return c.html(<ResetPage csrf={c.var.csrfToken} token={token} error={problem} />, 422);
    try {
      await identity.passwordResets.consume(token, now());
    } catch (error) {
      return c.html(<ResetPage csrf={c.var.csrfToken} invalid={linkProblem(error)} />, 410);
    }
    await identity.credentials.setPasswordHash(userId, await hashPassword(form.password ?? ''));
    await identity.sessions.deleteForUser(userId);
    return c.redirect('/sign-in?reset=1', 303);
  });

  return app;
}
