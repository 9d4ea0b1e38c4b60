/**
 * Types of the action-field mapping language. See ./README.md for the language itself.
 */

/**
 * A JSON scalar: resolves to itself.
 * @example
 * const m: MappingLiteral = 'junction';
 */
export type MappingLiteral = string | number | boolean | null;

/**
 * `{ "@path": "$.properties.revenue" }`: the value at a path of the payload (missing → undefined).
 * @example
 * const m: PathDirective = { '@path': '$.properties["my key"][0]' };
 */
export type PathDirective = { '@path': string };

/**
 * `{ "@template": "Hello {{traits.name}}" }`: a string with `{{path}}` placeholders (missing → "").
 * @example
 * const m: TemplateDirective = { '@template': 'Order {{properties.orderId}}' };
 */
export type TemplateDirective = { '@template': string };

/**
 * `{ "@literal": value }`: the value as-is; directives inside it are not resolved.
 * @example
 * const m: LiteralDirective = { '@literal': { '@path': 'not resolved' } };
 */
export type LiteralDirective = { '@literal': unknown };

/**
 * The branches shared by both forms of `@if`.
 * @example
 * const b: IfBranches = { else: 'anonymous' };
 */
export type IfBranches = { then?: FieldMapping; else?: FieldMapping };

/**
 * `@if`: `then` when the condition holds, else `else` (a missing branch resolves to undefined).
 * `exists` holds when the value is not undefined/null; `blank` holds when it is not
 * undefined/null/"" (i.e. "exists and is not an empty string").
 * @example
 * const m: IfDirective = { '@if': { exists: { '@path': '$.userId' }, then: 'known', else: 'anonymous' } };
 */
export type IfDirective = {
  '@if': ({ exists: FieldMapping } | { blank: FieldMapping }) & IfBranches;
};

/**
 * `@arrayPath`: `[source, itemShape?]`; each item of the source array is mapped with `itemShape`,
 * whose paths are relative to the item.
 * @example
 * const m: ArrayPathDirective = { '@arrayPath': ['$.properties.products', { sku: { '@path': '$.id' } }] };
 */
export type ArrayPathDirective = {
  '@arrayPath': [source: string | FieldMapping] | [source: string | FieldMapping, itemShape: FieldMapping];
};

/**
 * `@merge`: shallow-merges the objects; `right` lets later objects win, `left` earlier ones.
 * @example
 * const m: MergeDirective = { '@merge': { objects: [{ plan: 'free' }, { '@path': '$.traits' }], direction: 'right' } };
 */
export type MergeDirective = {
  '@merge': { objects: FieldMapping[]; direction: 'left' | 'right' };
};

/**
 * `@case`: lower- or upper-cases a string (other values pass through).
 * @example
 * const m: CaseDirective = { '@case': { operator: 'lower', value: { '@path': '$.traits.email' } } };
 */
export type CaseDirective = {
  '@case': { operator: 'lower' | 'upper'; value: FieldMapping };
};

/**
 * `@replace`: replaces a literal (non-regex) pattern; global and case-sensitive by default.
 * @example
 * const m: ReplaceDirective = { '@replace': { value: { '@path': '$.event' }, pattern: ' ', replacement: '_' } };
 */
export type ReplaceDirective = {
  '@replace': {
    value: FieldMapping;
    pattern: string;
    replacement?: string;
    pattern2?: string;
    replacement2?: string;
    global?: boolean;
    ignorecase?: boolean;
  };
};

/**
 * `@json`: `encode` a value to a JSON string, or `decode` a JSON string (invalid JSON passes through).
 * @example
 * const m: JsonDirective = { '@json': { mode: 'encode', value: { '@path': '$.properties' } } };
 */
export type JsonDirective = {
  '@json': { mode: 'encode' | 'decode'; value: FieldMapping };
};

/**
 * Every directive object.
 * @example
 * const d: MappingDirective = { '@template': '{{event}}' };
 */
export type MappingDirective =
  | PathDirective
  | TemplateDirective
  | LiteralDirective
  | IfDirective
  | ArrayPathDirective
  | MergeDirective
  | CaseDirective
  | ReplaceDirective
  | JsonDirective;

/**
 * A mapping: a literal, a directive, or an array / plain object whose values are mappings.
 * @example
 * const m: FieldMapping = { userId: { '@path': '$.userId' }, source: 'junction', tags: ['a', { '@path': '$.event' }] };
 */
export type FieldMapping = MappingLiteral | MappingDirective | FieldMapping[] | { [key: string]: FieldMapping };

/**
 * One problem found in a mapping: `path` says where in the mapping (e.g.
 * `fields.products.@arrayPath[1].sku`, "" for the root), `message` what is wrong.
 * @example
 * const issue: MappingIssue = { path: 'userId', message: 'unknown directive "@paht"; expected one of @path, …' };
 */
export type MappingIssue = { path: string; message: string };

/**
 * A compiled mapping: resolves against a payload (or, inside `@arrayPath`, an item).
 * @example
 * const r: MappingResolver = compileMapping({ '@path': '$.event' });
 * r({ event: 'Signed Up' }); // 'Signed Up'
 */
export type MappingResolver = (payload: unknown) => unknown;

/**
 * The directive names the language knows.
 * @example
 * MAPPING_DIRECTIVES.includes('@path'); // true
 */
export const MAPPING_DIRECTIVES = [
  '@path',
  '@template',
  '@literal',
  '@if',
  '@arrayPath',
  '@merge',
  '@case',
  '@replace',
  '@json',
] as const;

/**
 * One of {@link MAPPING_DIRECTIVES}.
 * @example
 * const name: MappingDirectiveName = '@merge';
 */
export type MappingDirectiveName = (typeof MAPPING_DIRECTIVES)[number];

/**
 * How deep a mapping (including `@literal` values) may nest; deeper mappings are rejected.
 * @example
 * MAX_MAPPING_DEPTH; // 64
 */
export const MAX_MAPPING_DEPTH = 64;
