import { ApiError } from './api-error.ts';

type Body = Record<string, unknown>;

/**
 * A string field of a request body: 422 naming the field when missing (if required) or not a string.
 *
 * @example
 * const slug = stringField(body, 'slug', true); // 'web'
 */
export function stringField(body: Body, field: string, required: true): string;
export function stringField(body: Body, field: string, required?: false): string | undefined;
export function stringField(body: Body, field: string, required = false): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) {
    if (required) throw new ApiError(422, `${field} is required`, field);
    return undefined;
  }
  if (typeof value !== 'string') throw new ApiError(422, `${field} must be a string, got ${typeof value}`, field);
  return value;
}

/**
 * A boolean field of a request body (422 naming the field when not a boolean).
 *
 * @example
 * boolField({ enabled: true }, 'enabled'); // true
 */
export function boolField(body: Body, field: string, required = false): boolean | undefined {
  const value = body[field];
  if (value === undefined || value === null) {
    if (required) throw new ApiError(422, `${field} is required`, field);
    return undefined;
  }
  if (typeof value !== 'boolean') throw new ApiError(422, `${field} must be true or false, got ${JSON.stringify(value)}`, field);
  return value;
}

/**
 * An object field of a request body (422 naming the field when not a JSON object).
 *
 * @example
 * objectField({ settings: { a: 1 } }, 'settings'); // { a: 1 }
 */
export function objectField(body: Body, field: string, required = false): Record<string, unknown> | undefined {
  const value = body[field];
  if (value === undefined || value === null) {
    if (required) throw new ApiError(422, `${field} is required`, field);
    return undefined;
  }
  if (typeof value !== 'object' || Array.isArray(value)) throw new ApiError(422, `${field} must be a JSON object`, field);
  return value as Record<string, unknown>;
}
