import { Hono } from 'hono';
import type { ConsoleDeps, ConsoleEnv } from '../console-env.ts';

/**
 * The console's pages (placeholder: filled in by its owner).
 *
 * @example
 * app.route('/', pageRoutes(deps));
 */
export function pageRoutes(_deps: ConsoleDeps): Hono<ConsoleEnv> {
  return new Hono<ConsoleEnv>();
}
