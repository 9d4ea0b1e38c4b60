import { validateFql } from '../fql/index.ts';
import type { Issue } from './schema-compiler.ts';

/**
 * FQL problems of `source` at `path`, with line and column (empty when it parses).
 *
 * @example
 * fqlIssues('type = "track"', 'presets.0.trigger'); // []
 * fqlIssues('type = ', 'presets.0.trigger'); // [{ path: 'presets.0.trigger', message: "is not valid FQL (line 1, column 8): …" }]
 */
export function fqlIssues(source: string, path: string): Issue[] {
  if (source.trim() === '') return [{ path, message: 'must be a non-empty FQL query' }];
  const result = validateFql(source);
  if (result.valid) return [];
  return [{ path, message: `is not valid FQL (line ${result.line}, column ${result.column}): ${result.message}` }];
}
