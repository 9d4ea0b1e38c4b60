import { compileMappingPath, type MappingPathSegment, parseMappingPath } from './mapping-path.ts';
import type { MappingResolver } from './mapping-types.ts';

/**
 * A tokenised template: literal text and placeholder paths, in order.
 * @example
 * const parts: MappingTemplatePart[] = [{ text: 'Hi ' }, { path: ['traits', 'name'] }];
 */
export type MappingTemplatePart = { text: string } | { path: MappingPathSegment[] };

/**
 * The outcome of {@link parseMappingTemplate}: its parts, or what is wrong and where (0-based).
 * @example
 * const parsed: ParsedMappingTemplate = parseMappingTemplate('{{a}}');
 * if (!parsed.ok) console.log(parsed.message);
 */
export type ParsedMappingTemplate =
  | { ok: true; parts: MappingTemplatePart[] }
  | { ok: false; message: string; position: number };

/**
 * Splits a mustache-style template into text and `{{path}}` placeholders (`{{{path}}}` is
 * accepted too and means the same; nothing is HTML-escaped). Placeholder paths use the
 * {@link parseMappingPath} syntax; the leading `$.` is optional. A lone `}}` is plain text.
 * @example
 * parseMappingTemplate('Hi {{traits.name}}!');
 * // { ok: true, parts: [{ text: 'Hi ' }, { path: ['traits', 'name'] }, { text: '!' }] }
 * parseMappingTemplate('Hi {{name'); // { ok: false, message: 'unterminated placeholder "{{" at position 3', position: 3 }
 */
export function parseMappingTemplate(template: string): ParsedMappingTemplate {
  const parts: MappingTemplatePart[] = [];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{{', i);
    if (open < 0) {
      parts.push({ text: template.slice(i) });
      break;
    }
    if (open > i) parts.push({ text: template.slice(i, open) });
    const triple = template[open + 2] === '{';
    const opener = triple ? '{{{' : '{{';
    const closer = triple ? '}}}' : '}}';
    const contentStart = open + opener.length;
    const close = template.indexOf(closer, contentStart);
    if (close < 0) return fail(`unterminated placeholder "${opener}" at position ${open}`, open);
    const raw = template.slice(contentStart, close);
    const content = raw.trim();
    if (content === '') return fail(`empty placeholder at position ${open}`, open);
    const parsed = parseMappingPath(content);
    if (!parsed.ok) {
      const at = contentStart + raw.indexOf(content) + parsed.position;
      return fail(`placeholder "${opener}${raw}${closer}" at position ${open}: ${parsed.message} of the path`, at);
    }
    parts.push({ path: parsed.segments });
    i = close + closer.length;
  }
  return { ok: true, parts };
}

/**
 * Compiles parsed parts into a resolver returning a string. Missing, null and undefined values
 * render as "", strings as-is, numbers and booleans with `String()`, objects and arrays as JSON.
 * @example
 * const parsed = parseMappingTemplate('{{a}}-{{b}}');
 * if (parsed.ok) compileMappingTemplate(parsed.parts)({ a: 1, b: { c: true } }); // '1-{"c":true}'
 */
export function compileMappingTemplate(parts: readonly MappingTemplatePart[]): MappingResolver {
  const pieces = parts.map((p) => ('text' in p ? p.text : compileMappingPath(p.path)));
  if (pieces.every((p) => typeof p === 'string')) {
    const constant = pieces.join('');
    return () => constant;
  }
  return (payload) => {
    let out = '';
    for (const piece of pieces) out += typeof piece === 'string' ? piece : renderTemplateValue(piece(payload));
    return out;
  };
}

/**
 * How a value is written into a template.
 * @example
 * renderTemplateValue(undefined); // ''
 * renderTemplateValue([1, 2]); // '[1,2]'
 */
export function renderTemplateValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') {
    try {
      return JSON.stringify(value) ?? '';
    } catch {
      return '';
    }
  }
  if (typeof value === 'function' || typeof value === 'symbol') return '';
  return String(value);
}

function fail(message: string, position: number): { ok: false; message: string; position: number } {
  return { ok: false, message, position };
}
