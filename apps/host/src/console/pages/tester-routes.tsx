import { Hono } from 'hono';
import type { ConsoleDeps, ConsoleEnv } from '../console-env.ts';

/**
 * Event Tester and live source debugger pages (placeholder: filled in by its owner).
 *
 * @example
 * app.route('/', testerRoutes(deps));
 */
export function testerRoutes(_deps: ConsoleDeps): Hono<ConsoleEnv> {
  return new Hono<ConsoleEnv>();
}
