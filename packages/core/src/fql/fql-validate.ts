/**
 * `validateFql`: the non-throwing check used before saving an expression.
 */
import { parseFql } from './fql-parser.ts';
import { FqlSyntaxError } from './fql-syntax-error.ts';

/**
 * Result of `validateFql`.
 * @example
 * const r: FqlValidation = { valid: false, message: 'FQL syntax error at 1:9: expected a value after "="', line: 1, column: 9 };
 */
export type FqlValidation = { valid: true } | { valid: false; message: string; line: number; column: number };

/**
 * Checks that an FQL query parses, without throwing.
 * @example
 * validateFql('event = "Signed Up"'); // { valid: true }
 * validateFql('event = '); // { valid: false, message: 'FQL syntax error at 1:9: expected a value after "="', line: 1, column: 9 }
 */
export function validateFql(source: string): FqlValidation {
  try {
    parseFql(source);
    return { valid: true };
  } catch (error) {
    if (error instanceof FqlSyntaxError) return { valid: false, message: error.message, line: error.line, column: error.column };
    return { valid: false, message: `FQL could not be parsed: ${(error as Error).message}`, line: 1, column: 1 };
  }
}
