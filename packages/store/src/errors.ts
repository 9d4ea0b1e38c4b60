/**
 * Base class of the errors the store throws on purpose (bad input, missing or conflicting records).
 *
 * @example
 * try { await store.workspaces.create({ slug: 'acme', name: 'Acme' }); }
 * catch (e) { if (e instanceof StoreError) console.log(e.code, e.message); }
 */
export class StoreError extends Error {
  readonly code: 'invalid' | 'not_found' | 'conflict';
  constructor(code: StoreError['code'], message: string) {
    super(message);
    this.name = 'StoreError';
    this.code = code;
  }
}

/**
 * Thrown when an argument is invalid; the message names the field.
 *
 * @example
 * throw new InvalidInputError('workspace.slug must match /^[a-z0-9][a-z0-9-]*$/, got "A B"');
 */
export class InvalidInputError extends StoreError {
  constructor(message: string) {
    super('invalid', message);
    this.name = 'InvalidInputError';
  }
}

/**
 * Thrown when a record referenced by id does not exist.
 *
 * @example
 * throw new NotFoundError('source "abc" not found');
 */
export class NotFoundError extends StoreError {
  constructor(message: string) {
    super('not_found', message);
    this.name = 'NotFoundError';
  }
}

/**
 * Thrown when a unique value (slug, write key) is already taken.
 *
 * @example
 * throw new ConflictError('workspace slug "acme" already exists');
 */
export class ConflictError extends StoreError {
  constructor(message: string) {
    super('conflict', message);
    this.name = 'ConflictError';
  }
}

/**
 * True when a database error is a unique-constraint violation (PostgreSQL 23505 or SQLite UNIQUE).
 *
 * @example
 * isUniqueViolation({ code: '23505' }); // true
 */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * True when a database error says a table does not exist (a segment dropped by retention).
 *
 * @example
 * isMissingTable({ code: '42P01' }); // true
 */
export function isMissingTable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  return e?.code === '42P01' || (typeof e?.message === 'string' && e.message.includes('no such table'));
}
