import { FqlSyntaxError, parseFql } from '@junction/core';
import { Hono } from 'hono';
import type { ConsoleEnv } from '../console-env.ts';

/** What `GET /assist/fql` answers. */
export type FqlCheck = { valid: true } | { valid: false; message: string; line: number; column: number };

/**
 * Parses an FQL query for the live validation of trigger fields (the admin API validates again
 * when the form is saved).
 *
 * @example
 * checkFql('event = '); // { valid: false, message: 'expected a value …', line: 1, column: 9 }
 */
export function checkFql(query: string): FqlCheck {
  try {
    parseFql(query);
    return { valid: true };
  } catch (error) {
    if (error instanceof FqlSyntaxError) return { valid: false, message: error.reason, line: error.line, column: error.column };
    return { valid: false, message: 'the query could not be parsed', line: 1, column: 1 };
  }
}

/**
 * Console helper endpoints for the pages' scripts: `GET /assist/fql?q=…` → {@link FqlCheck}.
 *
 * @example
 * app.route('/', assistRoutes());
 */
export function assistRoutes(): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  app.get('/assist/fql', (c) => c.json(checkFql(c.req.query('q') ?? ''), 200, { 'cache-control': 'no-store' }));
  return app;
}
