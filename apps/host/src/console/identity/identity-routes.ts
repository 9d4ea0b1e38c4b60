import { Hono } from 'hono';
import type { ConsoleDeps, ConsoleEnv } from '../console-env.ts';

/**
 * Sign-in, sessions, CSRF, password reset, invitations, MFA (placeholder: filled in by its owner).
 *
 * @example
 * app.route('/', identityRoutes(deps));
 */
export function identityRoutes(_deps: ConsoleDeps): Hono<ConsoleEnv> {
  return new Hono<ConsoleEnv>();
}
