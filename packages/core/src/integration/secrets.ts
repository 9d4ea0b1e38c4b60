import type { JSONSchema } from 'json-schema-to-ts';
import { SECRET_KEYWORD } from './schema-compiler.ts';

type SchemaNode = Exclude<JSONSchema, boolean> & { [SECRET_KEYWORD]?: unknown };

function walk(schema: SchemaNode, prefix: string, out: string[]): void {
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    if (typeof child !== 'object') continue;
    const path = prefix ? `${prefix}.${key}` : key;
    if ((child as SchemaNode)[SECRET_KEYWORD] === true) out.push(path);
    else walk(child as SchemaNode, path, out);
  }
}

/**
 * Dotted paths of the settings fields marked `"x-secret": true` (nested objects included).
 *
 * @example
 * secretFields({ type: 'object', properties: { apiKey: { type: 'string', 'x-secret': true } } }); // ['apiKey']
 */
export function secretFields(schema: object): string[] {
  const out: string[] = [];
  walk(schema as SchemaNode, '', out);
  return out;
}

/**
 * How a secret is shown: `••••` plus its last 4 characters when it is at least 12 long (enough to
 * recognise a key without revealing it), else `••••` alone.
 *
 * @example
 * maskSecret('sk_live_abcdef123456'); // '••••3456'
 * maskSecret('short'); // '••••'
 */
export function maskSecret(value: unknown): string {
  if (typeof value !== 'string' || value.length < 12) return '••••';
  return `••••${value.slice(-4)}`;
}

function getPath(obj: unknown, path: string[]): unknown {
  let cur = obj;
  for (const key of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/**
 * A copy of `settings` with every secret field masked (see {@link maskSecret}); safe to return
 * from APIs and to log.
 *
 * @example
 * redactSettings(schema, { url: 'https://x', sharedSecret: 'whsec_0123456789abcd' });
 * // { url: 'https://x', sharedSecret: '••••abcd' }
 */
export function redactSettings<T>(schema: object, settings: T): T {
  const copy = structuredClone(settings) as unknown;
  for (const path of secretFields(schema)) {
    const keys = path.split('.');
    const parent = getPath(copy, keys.slice(0, -1));
    const last = keys.at(-1)!;
    if (typeof parent === 'object' && parent !== null && last in parent) {
      const record = parent as Record<string, unknown>;
      if (record[last] !== undefined && record[last] !== null && record[last] !== '') record[last] = maskSecret(record[last]);
    }
  }
  return copy as T;
}

/**
 * Replaces every occurrence of the settings' secret values in `text` by `[redacted]` — as is,
 * URL-encoded, JSON-escaped and base64 (as in Basic auth). Used on error messages before they are
 * stored or shown.
 *
 * @example
 * scrubSecrets(schema, { apiKey: 'k-123456' }, 'bad key k-123456'); // 'bad key [redacted]'
 */
export function scrubSecrets(schema: object, settings: unknown, text: string): string {
  let out = text;
  for (const path of secretFields(schema)) {
    const value = getPath(settings, path.split('.'));
    if (typeof value !== 'string' || value.length < 4) continue;
    const forms = [value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1), Buffer.from(value).toString('base64')];
    for (const form of forms) out = out.split(form).join('[redacted]');
  }
  return out;
}
