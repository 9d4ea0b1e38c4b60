import { Hono } from 'hono';
import type { ConsoleDeps, ConsoleEnv } from './console-env.ts';
import { identityRoutes } from './identity/identity-routes.ts';
import { pageRoutes } from './pages/page-routes.tsx';
import { ssoRoutes } from './sso/sso-routes.ts';

/**
 * The admin console, served by the host at `/`: sign-in, MFA and SSO (identity/, sso/) and the
 * pages (pages/), all on the admin API's routes through {@link adminCall}.
 *
 * @example
 * app.route('/', consoleApp({ store, admin, adminApp, baseUrl, send }));
 */
export function consoleApp(deps: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  app.route('/', identityRoutes(deps));
  app.route('/', ssoRoutes(deps));
  app.route('/', pageRoutes(deps));
  return app;
}
