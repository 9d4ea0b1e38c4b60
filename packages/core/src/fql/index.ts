/**
 * Segment's Filter Query Language: parse, validate and compile to a predicate.
 */
export type { FqlComparisonOperator, FqlFunctionName, FqlLiteralValue, FqlNode, FqlPosition } from './fql-ast.ts';
export { FqlSyntaxError } from './fql-syntax-error.ts';
export { FQL_MAX_BYTES, FQL_MAX_DEPTH, parseFql } from './fql-parser.ts';
export { compileFql, compileFqlNode, type FqlPredicate } from './fql-compiler.ts';
export { type FqlValidation, validateFql } from './fql-validate.ts';
export { fqlEquals, fqlTypeOf } from './fql-values.ts';
export { compileGlob } from './fql-glob.ts';
