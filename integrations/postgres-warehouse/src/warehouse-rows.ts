import type { FlatValue } from './column-types.ts';
import { eventTableName, snakeCase } from './snake-case.ts';

/**
 * The fields the loader reads from a (mapped) event: the action's payload.
 *
 * @example
 * const p: WarehousePayload = { type: 'track', messageId: 'm-1', event: 'Order Completed', properties: { total: 9.5 } };
 */
export interface WarehousePayload {
  type: 'identify' | 'track' | 'page' | 'screen' | 'group' | 'alias';
  messageId: string;
  event?: string | undefined;
  name?: string | null | undefined;
  category?: string | null | undefined;
  userId?: string | null | undefined;
  anonymousId?: string | null | undefined;
  groupId?: string | null | undefined;
  previousId?: string | null | undefined;
  properties?: Record<string, unknown> | undefined;
  traits?: Record<string, unknown> | undefined;
  context?: Record<string, unknown> | undefined;
  timestamp?: string | undefined;
  originalTimestamp?: string | undefined;
  sentAt?: string | undefined;
  receivedAt?: string | undefined;
}

/**
 * One row for one table; `columns` holds `id` and every non-null value, by column name.
 *
 * @example
 * const row: WarehouseRow = { table: 'tracks', columns: new Map([['id', 'm-1'], ['event', 'order_completed']]) };
 */
export interface WarehouseRow {
  table: string;
  columns: Map<string, FlatValue>;
}

/** Columns the loader owns: a property or trait with one of these names is dropped (as in Segment). */
export const RESERVED_COLUMNS: ReadonlySet<string> = new Set([
  'id',
  'uuid',
  'uuid_ts',
  'loaded_at',
  'received_at',
  'sent_at',
  'timestamp',
  'original_timestamp',
  'anonymous_id',
  'user_id',
  'event',
  'event_text',
  'group_id',
  'previous_id',
]);

const TABLE_OF = { identify: 'identifies', page: 'pages', screen: 'screens', group: 'groups', alias: 'aliases' } as const;

function put(out: Map<string, FlatValue>, column: string, value: unknown): void {
  if (value === null || value === undefined || !column || out.has(column)) return;
  if (typeof value === 'string') out.set(column, value.replaceAll('\u0000', ''));
  else if (typeof value === 'number') {
    if (Number.isFinite(value)) out.set(column, value);
  } else if (typeof value === 'boolean') out.set(column, value);
  else out.set(column, JSON.stringify(value)); // arrays (and anything else) are stringified
}

/**
 * Flattens an object into columns: nested objects joined with `_` (`address.street` →
 * `address_street`), arrays stringified as JSON, nulls skipped, every key snake_cased. Reserved
 * names and columns already set are skipped (the first writer wins).
 *
 * @example
 * const out = new Map();
 * flattenInto(out, { library: { name: 'analytics.js' } }, 'context');
 * out.get('context_library_name'); // 'analytics.js'
 */
export function flattenInto(out: Map<string, FlatValue>, value: Record<string, unknown>, prefix = '', reserved?: ReadonlySet<string>): void {
  for (const [key, child] of Object.entries(value)) {
    const part = snakeCase(key);
    if (!part) continue;
    const column = prefix ? `${prefix}_${part}` : part;
    if (child !== null && typeof child === 'object' && !Array.isArray(child)) {
      flattenInto(out, child as Record<string, unknown>, column, reserved);
    } else if (!reserved?.has(column)) {
      put(out, column, child);
    }
  }
}

function common(p: WarehousePayload): Map<string, FlatValue> {
  const out = new Map<string, FlatValue>();
  put(out, 'id', p.messageId);
  put(out, 'received_at', p.receivedAt);
  put(out, 'sent_at', p.sentAt);
  put(out, 'timestamp', p.timestamp);
  put(out, 'original_timestamp', p.originalTimestamp);
  put(out, 'anonymous_id', p.anonymousId);
  put(out, 'user_id', p.userId);
  return out;
}

function withCustom(base: Map<string, FlatValue>, p: WarehousePayload, custom?: Record<string, unknown>): Map<string, FlatValue> {
  const out = new Map(base);
  if (p.context) flattenInto(out, p.context, 'context');
  if (custom) flattenInto(out, custom, '', RESERVED_COLUMNS);
  return out;
}

/**
 * The rows one event becomes, in Segment's warehouse schema: track → `tracks` (standard and
 * context columns) and its event table (plus properties); identify → `identifies` (traits) and,
 * with a userId, a `users` row (id = userId, traits); page/screen → `pages`/`screens` (name,
 * category, properties); group → `groups` (group_id, traits); alias → `aliases` (previous_id).
 *
 * @example
 * rowsForEvent({ type: 'track', messageId: 'm-1', event: 'Order Completed', properties: { total: 9.5 } }).map((r) => r.table);
 * // ['tracks', 'order_completed']
 */
export function rowsForEvent(p: WarehousePayload): WarehouseRow[] {
  const base = common(p);
  if (p.type === 'track') {
    const event = p.event ?? '';
    put(base, 'event', eventTableName(event) ?? snakeCase(event));
    put(base, 'event_text', event);
    const rows: WarehouseRow[] = [{ table: 'tracks', columns: withCustom(base, p) }];
    const table = eventTableName(event);
    if (table) rows.push({ table, columns: withCustom(base, p, p.properties) });
    return rows;
  }
  if (p.type === 'identify') {
    const rows: WarehouseRow[] = [{ table: 'identifies', columns: withCustom(base, p, p.traits) }];
    if (p.userId) {
      const user = new Map<string, FlatValue>();
      put(user, 'id', p.userId);
      put(user, 'received_at', p.receivedAt);
      if (p.traits) flattenInto(user, p.traits, '', RESERVED_COLUMNS);
      rows.push({ table: 'users', columns: user });
    }
    return rows;
  }
  if (p.type === 'page' || p.type === 'screen') {
    put(base, 'name', p.name);
    put(base, 'category', p.category);
    return [{ table: TABLE_OF[p.type], columns: withCustom(base, p, p.properties) }];
  }
  if (p.type === 'group') put(base, 'group_id', p.groupId);
  if (p.type === 'alias') put(base, 'previous_id', p.previousId);
  return [{ table: TABLE_OF[p.type], columns: withCustom(base, p, p.traits) }];
}
