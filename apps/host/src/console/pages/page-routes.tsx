import { Hono } from 'hono';
import type { ConsoleDeps, ConsoleEnv } from '../console-env.ts';
import { requireSession } from '../identity/session.ts';
import { assetRoutes } from './asset-routes.ts';
import { assistRoutes } from './assist-routes.ts';
import { catalogRoutes } from './catalog-routes.tsx';
import { destinationRoutes } from './destination-routes.tsx';
import { filterRoutes } from './filter-routes.tsx';
import { settingsRoutes } from './settings-routes.tsx';
import { sourceRoutes } from './source-routes.tsx';
import { subscriptionRoutes } from './subscription-routes.tsx';
import { accessRoutes } from './access-routes.tsx';
import { auditPageRoutes } from './audit-page-routes.tsx';
import { deliveryPageRoutes } from './delivery-page-routes.tsx';
import { healthPageRoutes } from './health-page-routes.tsx';
import { ssoSettingsRoutes } from './sso-settings-routes.tsx';
import { testerRoutes } from './tester-routes.tsx';

/** Path prefixes of the pages (each needs a signed-in session with a workspace). */
const GUARDED = ['/settings', '/sources', '/destinations', '/catalog', '/assist', '/access', '/audit', '/workspace-health', '/event-delivery'] as const;

/**
 * The console's pages, on the admin API through `adminCall` as the session's principal
 * (`c.var.principal`, set by the identity middleware, which also checks `_csrf` on every POST):
 * `/` → `/sources`; `/settings`; `/sources…`; `/catalog…`; `/destinations…` (settings,
 * subscriptions, filters); `/assist/fql`; static files at `/assets/…`.
 *
 * @example
 * app.route('/', pageRoutes(deps));
 */
export function pageRoutes(deps: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  app.route('/', assetRoutes());
  for (const prefix of GUARDED) {
    app.use(prefix, requireSession());
    app.use(`${prefix}/*`, requireSession());
  }
  app.get('/', requireSession(), (c) => c.redirect('/sources', 303));
  app.route('/', assistRoutes());
  app.route('/', settingsRoutes(deps));
  app.route('/', sourceRoutes(deps));
  app.route('/', catalogRoutes(deps));
  app.route('/', destinationRoutes(deps));
  app.route('/', subscriptionRoutes(deps));
  app.route('/', filterRoutes(deps));
  app.route('/', accessRoutes(deps));
  app.route('/', auditPageRoutes(deps));
  app.route('/', ssoSettingsRoutes(deps));
  app.route('/', healthPageRoutes(deps));
  app.route('/', deliveryPageRoutes(deps));
  app.route('/', testerRoutes(deps));
  return app;
}
