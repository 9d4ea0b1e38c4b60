import { Hono } from 'hono';
import type { ConsoleDeps, ConsoleEnv } from '../console-env.ts';

/**
 * The audit trail page (placeholder: filled in by its owner).
 *
 * @example
 * app.route('/', auditPageRoutes(deps));
 */
export function auditPageRoutes(_deps: ConsoleDeps): Hono<ConsoleEnv> {
  return new Hono<ConsoleEnv>();
}
