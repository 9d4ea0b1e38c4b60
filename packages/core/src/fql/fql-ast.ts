/**
 * The FQL syntax tree produced by `parseFql`. Every node carries the 1-based position of its
 * first character so tools can point at it.
 */

/**
 * A position in the FQL source: 1-based line and column, 0-based UTF-16 offset.
 * @example
 * const start: FqlPosition = { line: 1, column: 1, offset: 0 };
 */
export interface FqlPosition {
  line: number;
  column: number;
  offset: number;
}

/**
 * Comparison operators of FQL.
 * @example
 * const op: FqlComparisonOperator = '>=';
 */
export type FqlComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';

/**
 * Names of the built-in FQL functions.
 * @example
 * const fn: FqlFunctionName = 'lowercase';
 */
export type FqlFunctionName =
  | 'contains'
  | 'match'
  | 'length'
  | 'lowercase'
  | 'uppercase'
  | 'snakecase'
  | 'kebabcase'
  | 'titlecase'
  | 'typeof'
  | 'bool'
  | 'string'
  | 'number'
  | 'semver';

/**
 * A literal value: string, number, boolean or null.
 * @example
 * const v: FqlLiteralValue = 'Order Completed';
 */
export type FqlLiteralValue = string | number | boolean | null;

/**
 * A node of the FQL syntax tree.
 * @example
 * const node: FqlNode = {
 *   kind: 'compare', op: '=', pos: { line: 1, column: 1, offset: 0 },
 *   left: { kind: 'path', segments: ['event'], pos: { line: 1, column: 1, offset: 0 } },
 *   right: { kind: 'literal', value: 'Signed Up', pos: { line: 1, column: 9, offset: 8 } },
 * };
 */
export type FqlNode =
  | { kind: 'all'; pos: FqlPosition }
  | { kind: 'or'; children: FqlNode[]; pos: FqlPosition }
  | { kind: 'and'; children: FqlNode[]; pos: FqlPosition }
  | { kind: 'not'; operand: FqlNode; pos: FqlPosition }
  | { kind: 'compare'; op: FqlComparisonOperator; left: FqlNode; right: FqlNode; pos: FqlPosition }
  | { kind: 'in'; left: FqlNode; right: FqlNode; pos: FqlPosition }
  | { kind: 'call'; name: FqlFunctionName; args: FqlNode[]; pos: FqlPosition }
  | { kind: 'path'; segments: string[]; pos: FqlPosition }
  | { kind: 'literal'; value: FqlLiteralValue; pos: FqlPosition }
  | { kind: 'list'; items: FqlNode[]; pos: FqlPosition };
