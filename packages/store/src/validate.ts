import { InvalidInputError } from './errors.ts';

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * Checks a slug (lowercase letters, digits, dashes; 1–63 chars) and returns it.
 *
 * @example
 * checkSlug('workspace.slug', 'acme-inc'); // 'acme-inc'
 */
export function checkSlug(field: string, value: unknown): string {
  if (typeof value !== 'string' || !SLUG.test(value)) {
    throw new InvalidInputError(`${field} must be 1-63 chars of a-z, 0-9 and '-' starting with a letter or digit, got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * Checks a non-empty string of at most `max` characters and returns it.
 *
 * @example
 * checkText('source.name', 'Website'); // 'Website'
 */
export function checkText(field: string, value: unknown, max = 200): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > max) {
    throw new InvalidInputError(`${field} must be a non-empty string of at most ${max} characters, got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * Checks a plain JSON object (settings) and returns it serialised.
 *
 * @example
 * checkJsonObject('source.settings', { a: 1 }); // '{"a":1}'
 */
export function checkJsonObject(field: string, value: unknown): string {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidInputError(`${field} must be a JSON object`);
  }
  return JSON.stringify(value);
}

/**
 * Checks a boolean and returns it as 0/1 for storage.
 *
 * @example
 * checkBool('source.enabled', true); // 1
 */
export function checkBool(field: string, value: unknown): number {
  if (typeof value !== 'boolean') throw new InvalidInputError(`${field} must be a boolean, got ${JSON.stringify(value)}`);
  return value ? 1 : 0;
}
