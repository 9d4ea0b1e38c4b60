/**
 * Thrown by `parseFql` (and `compileFql`) when a query does not parse. `line` and `column` are
 * 1-based; `expected` lists what would have been accepted at that point.
 * @example
 * try {
 *   parseFql('event = ');
 * } catch (error) {
 *   if (error instanceof FqlSyntaxError) console.log(error.line, error.column, error.expected);
 *   // 1 9 ['a value']
 * }
 */
export class FqlSyntaxError extends Error {
  readonly line: number;
  readonly column: number;
  readonly expected: string[];
  /** The problem without the "FQL syntax error at L:C:" prefix. */
  readonly reason: string;

  constructor(reason: string, line: number, column: number, expected: string[] = []) {
    super(`FQL syntax error at ${line}:${column}: ${reason}`);
    this.name = 'FqlSyntaxError';
    this.reason = reason;
    this.line = line;
    this.column = column;
    this.expected = expected;
  }
}
