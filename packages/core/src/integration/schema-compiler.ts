import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

/**
 * The keyword that marks a settings field as secret (encrypted at rest, redacted everywhere).
 *
 * @example
 * const apiKey = { type: 'string', [SECRET_KEYWORD]: true };
 */
export const SECRET_KEYWORD = 'x-secret';

/**
 * A problem found in a definition, settings or payload: a dotted path and a message.
 *
 * @example
 * const issue: Issue = { path: 'settings.url', message: 'is required' };
 */
export interface Issue {
  path: string;
  message: string;
}

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats(ajv);
ajv.addKeyword({ keyword: SECRET_KEYWORD, schemaType: 'boolean' });

const cache = new WeakMap<object, ValidateFunction>();

/**
 * Compiles a JSON Schema with ajv in strict mode (formats on; `x-secret` allowed), cached per
 * schema object. Throws ajv's error (it names the offending keyword) when the schema is invalid.
 *
 * @example
 * const validate = compileSchema({ type: 'object', properties: { url: { type: 'string', format: 'uri' } } });
 * validate({ url: 'https://example.com' }); // true
 */
export function compileSchema(schema: object): ValidateFunction {
  let validate = cache.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    cache.set(schema, validate);
  }
  return validate;
}

/**
 * Checks a schema compiles; returns the compile error message, or undefined when it is fine.
 *
 * @example
 * schemaError({ type: 'object', properties: { a: { type: 'strng' } } }); // 'schema is invalid: data/properties/a/type must be …'
 */
export function schemaError(schema: unknown): string | undefined {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return 'must be a JSON Schema object';
  try {
    compileSchema(schema);
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

function joinPath(base: string, pointer: string, extra?: string): string {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra) parts.push(extra);
  return [base, ...parts].filter((p) => p !== '').join('.');
}

function toIssue(base: string, e: ErrorObject): Issue {
  const params = e.params as Record<string, unknown>;
  if (e.keyword === 'required') return { path: joinPath(base, e.instancePath, String(params.missingProperty)), message: 'is required' };
  if (e.keyword === 'additionalProperties') {
    return { path: joinPath(base, e.instancePath, String(params.additionalProperty)), message: 'is not an allowed property' };
  }
  return { path: joinPath(base, e.instancePath) || base || '(root)', message: e.message ?? e.keyword };
}

/**
 * Validates data against a schema; returns every problem with its dotted path (values are never
 * echoed, so secrets cannot leak through messages).
 *
 * @example
 * validateAgainst({ type: 'object', required: ['url'] }, {}, 'settings'); // [{ path: 'settings.url', message: 'is required' }]
 */
export function validateAgainst(schema: object, data: unknown, basePath = ''): Issue[] {
  const validate = compileSchema(schema);
  if (validate(data)) return [];
  return (validate.errors ?? []).map((e) => toIssue(basePath, e));
}
