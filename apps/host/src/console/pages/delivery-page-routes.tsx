import { Hono } from 'hono';
import type { ConsoleDeps, ConsoleEnv } from '../console-env.ts';

/**
 * Event Delivery pages (placeholder: filled in by its owner).
 *
 * @example
 * app.route('/', deliveryPageRoutes(deps));
 */
export function deliveryPageRoutes(_deps: ConsoleDeps): Hono<ConsoleEnv> {
  return new Hono<ConsoleEnv>();
}
