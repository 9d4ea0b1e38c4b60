import type { MappingIssue } from './mapping-types.ts';

const SHOWN_ISSUES = 5;

/**
 * Thrown by `compileMapping` when a mapping is invalid; `.issues` lists every problem found.
 * @example
 * try {
 *   compileMapping({ '@paht': '$.x' });
 * } catch (error) {
 *   if (error instanceof MappingError) console.log(error.issues[0]?.message);
 * }
 */
export class MappingError extends Error {
  readonly issues: MappingIssue[];

  constructor(issues: MappingIssue[]) {
    super(formatMappingIssues(issues));
    this.name = 'MappingError';
    this.issues = issues;
  }
}

/**
 * One line summarising issues: `invalid mapping (2 issues): a.@path: …; b: …`.
 * @example
 * formatMappingIssues([{ path: '', message: 'unknown directive "@x"' }]);
 * // 'invalid mapping (1 issue): (root): unknown directive "@x"'
 */
export function formatMappingIssues(issues: readonly MappingIssue[]): string {
  const shown = issues.slice(0, SHOWN_ISSUES).map((i) => `${i.path === '' ? '(root)' : i.path}: ${i.message}`);
  if (issues.length > SHOWN_ISSUES) shown.push(`… and ${issues.length - SHOWN_ISSUES} more`);
  return `invalid mapping (${issues.length} issue${issues.length === 1 ? '' : 's'}): ${shown.join('; ')}`;
}
