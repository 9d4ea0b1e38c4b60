import { Hono } from 'hono';
import type { ConsoleDeps, ConsoleEnv } from '../console-env.ts';
import { accessGroupRoutes } from './access-group-routes.tsx';
import { accessInviteRoutes } from './access-invite-routes.tsx';
import { accessLabelRoutes } from './access-label-routes.tsx';
import { accessMemberRoutes } from './access-member-routes.tsx';
import { accessTokenRoutes } from './access-token-routes.tsx';

/**
 * Access management pages, each on the admin API's IAM, token and label routes as the session's
 * principal (owner-only actions answer a 403 page for others): `/access` → `/access/members`;
 * `/access/members…` (roles, permissions, removal), `/access/invites…`, `/access/groups…`,
 * `/access/roles`, `/access/tokens…` (plaintext shown once), `/access/labels…`.
 *
 * @example
 * app.route('/', accessRoutes(deps));
 */
export function accessRoutes(deps: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  app.get('/access', (c) => c.redirect('/access/members', 303));
  app.route('/', accessMemberRoutes(deps));
  app.route('/', accessInviteRoutes(deps));
  app.route('/', accessGroupRoutes(deps));
  app.route('/', accessTokenRoutes(deps));
  app.route('/', accessLabelRoutes(deps));
  return app;
}
