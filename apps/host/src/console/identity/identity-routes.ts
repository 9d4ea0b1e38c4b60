import { Hono } from 'hono';
import type { ConsoleDeps, ConsoleEnv } from '../console-env.ts';
import { csrfMiddleware } from './csrf.ts';
import { inviteRoutes } from './invite-routes.tsx';
import { mfaRoutes } from './mfa-routes.tsx';
import { outboxRoutes } from './outbox-routes.tsx';
import { resetRoutes } from './reset-routes.tsx';
import { sessionMiddleware } from './session.ts';
import { signInRoutes } from './sign-in-routes.tsx';
import { workspaceRoutes } from './workspace-routes.tsx';

/**
 * Sign-in, sessions, CSRF, password reset, invitations, MFA and the workspace picker. Its
 * middleware runs for every console route mounted after it: it sets `c.var.session`,
 * `c.var.principal` and `c.var.csrfToken`, and refuses unsafe requests without a valid `_csrf`
 * (403). Guard pages with {@link requireSession}.
 *
 * @example
 * app.route('/', identityRoutes(deps));
 */
export function identityRoutes(deps: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  app.use('*', sessionMiddleware(deps), csrfMiddleware(deps));
  app.route('/', signInRoutes(deps));
  app.route('/', resetRoutes(deps));
  app.route('/', inviteRoutes(deps));
  app.route('/', mfaRoutes(deps));
  app.route('/', workspaceRoutes(deps));
  app.route('/', outboxRoutes(deps));
  return app;
}
