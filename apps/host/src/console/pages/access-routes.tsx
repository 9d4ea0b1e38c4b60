import { Hono } from 'hono';
import type { ConsoleDeps, ConsoleEnv } from '../console-env.ts';

/**
 * Access management pages: members, invites, groups, roles, tokens, labels (placeholder: filled in by its owner).
 *
 * @example
 * app.route('/', accessRoutes(deps));
 */
export function accessRoutes(_deps: ConsoleDeps): Hono<ConsoleEnv> {
  return new Hono<ConsoleEnv>();
}
