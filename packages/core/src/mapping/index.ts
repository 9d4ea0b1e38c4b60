/**
 * The action-field mapping language (`@path`, `@template`, `@literal`, `@if`, `@arrayPath`,
 * `@merge`, `@case`, `@replace`, `@json`). See ./README.md.
 */
export { compileMapping, type MappingOptions, resolveMapping } from './compile-mapping.ts';
export { formatMappingIssues, MappingError } from './mapping-error.ts';
export {
  compileMappingPath,
  FORBIDDEN_PATH_KEYS,
  type MappingPathSegment,
  type ParsedMappingPath,
  parseMappingPath,
} from './mapping-path.ts';
export {
  compileMappingTemplate,
  type MappingTemplatePart,
  type ParsedMappingTemplate,
  parseMappingTemplate,
  renderTemplateValue,
} from './mapping-template.ts';
export {
  type ArrayPathDirective,
  type CaseDirective,
  type FieldMapping,
  type IfBranches,
  type IfDirective,
  type JsonDirective,
  type LiteralDirective,
  MAPPING_DIRECTIVES,
  MAX_MAPPING_DEPTH,
  type MappingDirective,
  type MappingDirectiveName,
  type MappingIssue,
  type MappingLiteral,
  type MappingResolver,
  type MergeDirective,
  type PathDirective,
  type ReplaceDirective,
  type TemplateDirective,
} from './mapping-types.ts';
export { validateMapping } from './validate-mapping.ts';
