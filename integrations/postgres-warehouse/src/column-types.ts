/**
 * What a column holds, as far as loading is concerned. New columns are created as `text`,
 * `double precision`, `boolean` or `timestamptz`; columns an admin altered are read back as one of these kinds.
 *
 * @example
 * const kind: ColumnKind = kindOfPgType('timestamp with time zone'); // 'timestamp'
 */
export type ColumnKind = 'text' | 'float' | 'integer' | 'boolean' | 'timestamp' | 'json' | 'uuid' | 'other';

/** A value as it comes out of the flattened event. */
export type FlatValue = string | number | boolean;

/** The SQL type a new column gets, per inferred kind. */
export const SQL_TYPE_OF: Readonly<Record<'text' | 'float' | 'boolean' | 'timestamp', string>> = {
  text: 'text',
  float: 'double precision',
  boolean: 'boolean',
  timestamp: 'timestamptz',
};

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const NUMERIC = /^\s*-?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?\s*$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * True for ISO-8601 date-times (`2025-01-15T10:00:00Z`, with or without zone and fraction) that parse.
 *
 * @example
 * isTimestamp('2025-01-15T10:00:00.000Z'); // true
 * isTimestamp('2025-01-15'); // false (dates stay text)
 */
export function isTimestamp(value: string): boolean {
  return ISO_TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value.replace(' ', 'T')));
}

/**
 * The kind a new column gets from the first value seen: numbers `float` (double precision holds
 * every JSON number exactly as JavaScript read it), booleans `boolean`, ISO date-times `timestamp`,
 * everything else `text`.
 *
 * @example
 * inferKind(99.5); // 'float'
 * inferKind('2025-01-15T10:00:00Z'); // 'timestamp'
 */
export function inferKind(value: FlatValue): 'text' | 'float' | 'boolean' | 'timestamp' {
  if (typeof value === 'number') return 'float';
  if (typeof value === 'boolean') return 'boolean';
  return isTimestamp(value) ? 'timestamp' : 'text';
}

/**
 * The kind of an existing column, from `information_schema.columns.data_type`.
 *
 * @example
 * kindOfPgType('character varying'); // 'text'
 */
export function kindOfPgType(dataType: string): ColumnKind {
  switch (dataType) {
    case 'text':
    case 'character varying':
    case 'character':
      return 'text';
    case 'double precision':
    case 'real':
    case 'numeric':
      return 'float';
    case 'smallint':
    case 'integer':
    case 'bigint':
      return 'integer';
    case 'boolean':
      return 'boolean';
    case 'timestamp with time zone':
    case 'timestamp without time zone':
    case 'date':
      return 'timestamp';
    case 'json':
    case 'jsonb':
      return 'json';
    case 'uuid':
      return 'uuid';
    default:
      return 'other';
  }
}

/** A conversion's outcome: the value to store, or a type conflict (stored as NULL). */
export type Coerced = { ok: true; value: FlatValue } | { ok: false };

/**
 * Converts a value for a column whose type is already set (the first type wins, as in Segment).
 * Lossless conversions happen (number → text, "12.5" → 12.5, "true" → true); anything else is a
 * conflict the loader stores as NULL and reports.
 *
 * @example
 * coerce('12.5', 'float'); // { ok: true, value: 12.5 }
 * coerce('soon', 'timestamp'); // { ok: false }
 */
export function coerce(value: FlatValue, kind: ColumnKind, maxLength?: number): Coerced {
  switch (kind) {
    case 'text': {
      const text = String(value);
      return { ok: true, value: maxLength ? [...text].slice(0, maxLength).join('') : text };
    }
    case 'float':
      if (typeof value === 'number') return { ok: true, value };
      return typeof value === 'string' && NUMERIC.test(value) ? { ok: true, value: Number(value) } : { ok: false };
    case 'integer': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && NUMERIC.test(value) ? Number(value) : Number.NaN;
      return Number.isSafeInteger(n) ? { ok: true, value: n } : { ok: false };
    }
    case 'boolean':
      if (typeof value === 'boolean') return { ok: true, value };
      return value === 'true' || value === 'false' ? { ok: true, value: value === 'true' } : { ok: false };
    case 'timestamp':
      return typeof value === 'string' && isTimestamp(value) ? { ok: true, value } : { ok: false };
    case 'json':
      return { ok: true, value: JSON.stringify(value) };
    case 'uuid':
      return typeof value === 'string' && UUID.test(value) ? { ok: true, value } : { ok: false };
    default:
      return { ok: false };
  }
}
