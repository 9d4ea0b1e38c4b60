import { ApiError } from './api-error.ts';

/**
 * Pagination asked for: `pagination.count` (1–1000) and an opaque `pagination.cursor`. Both the
 * dotted form (`pagination.count=10`, Segment's docs) and the bracket form the SDK sends
 * (`pagination[count]=10`) are read.
 *
 * @example
 * const p: PageRequest = { count: 10, cursor: undefined };
 */
export interface PageRequest {
  count: number;
  cursor: string | undefined;
}

/**
 * Pagination returned: `current` always, `next`/`previous` when there are such pages.
 *
 * @example
 * const out: PageInfo = { current: 'eyJvIjowfQ', next: 'eyJvIjoxMH0', totalEntries: 25 };
 */
export interface PageInfo {
  current: string;
  next?: string;
  previous?: string;
  totalEntries?: number;
}

/** Count when the client sends none. */
export const DEFAULT_PAGE_COUNT = 100;
const MAX_COUNT = 1000;

/**
 * Reads the pagination query parameters; a bad count or cursor is a 400 naming the parameter.
 *
 * @example
 * readPageRequest({ 'pagination[count]': '2' }); // { count: 2, cursor: undefined }
 */
export function readPageRequest(query: Record<string, string | undefined>): PageRequest {
  const countText = query['pagination.count'] ?? query['pagination[count]'];
  const cursor = query['pagination.cursor'] ?? query['pagination[cursor]'];
  let count = DEFAULT_PAGE_COUNT;
  if (countText !== undefined) {
    count = Number(countText);
    if (!/^\d+$/.test(countText) || count < 1 || count > MAX_COUNT) {
      throw new ApiError(400, `pagination.count must be an integer from 1 to ${MAX_COUNT}, got ${JSON.stringify(countText)}`, 'pagination.count');
    }
  }
  return { count, cursor: cursor === '' ? undefined : cursor };
}

/**
 * Encodes a cursor: base64url JSON, opaque to clients.
 *
 * @example
 * encodeCursor({ o: 10 }); // 'eyJvIjoxMH0'
 */
export function encodeCursor(value: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/**
 * Decodes a cursor made by {@link encodeCursor}; anything else is a 400 naming `pagination.cursor`.
 *
 * @example
 * decodeCursor('eyJvIjoxMH0', (v) => typeof v.o === 'number'); // { o: 10 }
 */
export function decodeCursor<T extends Record<string, unknown>>(cursor: string, valid: (value: Record<string, unknown>) => boolean): T {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !valid(value as Record<string, unknown>)) {
    throw new ApiError(400, 'pagination.cursor is not a cursor this API returned; start again without it', 'pagination.cursor');
  }
  return value as T;
}

/**
 * One page of an in-memory list (offset cursors).
 *
 * @example
 * paginate([1, 2, 3], { count: 2, cursor: undefined }); // { items: [1, 2], pagination: { current, next, totalEntries: 3 } }
 */
export function paginate<T>(all: readonly T[], page: PageRequest): { items: T[]; pagination: PageInfo } {
  const offset = page.cursor === undefined ? 0 : decodeCursor<{ o: number }>(page.cursor, (v) => Number.isInteger(v.o) && (v.o as number) >= 0).o;
  const items = all.slice(offset, offset + page.count);
  const pagination: PageInfo = { current: encodeCursor({ o: offset }), totalEntries: all.length };
  if (offset + page.count < all.length) pagination.next = encodeCursor({ o: offset + page.count });
  if (offset > 0) pagination.previous = encodeCursor({ o: Math.max(0, offset - page.count) });
  return { items, pagination };
}
