import { Hono } from 'hono';
import type { ConsoleDeps, ConsoleEnv } from '../console-env.ts';

/**
 * SSO connections settings page (placeholder: filled in by its owner).
 *
 * @example
 * app.route('/', ssoSettingsRoutes(deps));
 */
export function ssoSettingsRoutes(_deps: ConsoleDeps): Hono<ConsoleEnv> {
  return new Hono<ConsoleEnv>();
}
