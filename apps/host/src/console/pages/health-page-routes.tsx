import { Hono } from 'hono';
import type { ConsoleDeps, ConsoleEnv } from '../console-env.ts';

/**
 * Workspace Health page (placeholder: filled in by its owner).
 *
 * @example
 * app.route('/', healthPageRoutes(deps));
 */
export function healthPageRoutes(_deps: ConsoleDeps): Hono<ConsoleEnv> {
  return new Hono<ConsoleEnv>();
}
