import { Hono } from 'hono';
import type { ConsoleDeps, ConsoleEnv } from '../console-env.ts';

/**
 * Single sign-on with OIDC and SAML 2.0 (placeholder: filled in by its owner).
 *
 * @example
 * app.route('/', ssoRoutes(deps));
 */
export function ssoRoutes(_deps: ConsoleDeps): Hono<ConsoleEnv> {
  return new Hono<ConsoleEnv>();
}
