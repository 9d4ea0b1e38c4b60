/** PostgreSQL truncates identifiers to 63 bytes; we do it ourselves so names stay predictable. */
const MAX_IDENTIFIER_BYTES = 63;

/** Tables of the warehouse schema an event table must not replace. */
export const RESERVED_TABLES: ReadonlySet<string> = new Set(['tracks', 'identifies', 'users', 'pages', 'screens', 'groups', 'aliases', 'accounts']);

function truncateBytes(value: string): string {
  let out = value;
  while (Buffer.byteLength(out, 'utf8') > MAX_IDENTIFIER_BYTES) out = out.slice(0, -1);
  return out;
}

/**
 * Segment's naming rule (go-snakecase): words split at case changes and at anything that is not a
 * letter or digit, joined with `_`, lower-cased. A leading digit gets a `_` prefix; the result is
 * cut to 63 bytes. Returns `''` when nothing is left.
 *
 * @example
 * snakeCase('Order Completed'); // 'order_completed'
 * snakeCase('accountType'); // 'account_type'
 * snakeCase('HTMLParser v2'); // 'html_parser_v2'
 */
export function snakeCase(value: string): string {
  const words = value
    .replace(/(\p{Ll}|\p{N})(\p{Lu})/gu, '$1_$2')
    .replace(/(\p{Lu}+)(\p{Lu}\p{Ll})/gu, '$1_$2')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  const joined = words.join('_');
  return truncateBytes(/^\p{N}/u.test(joined) ? `_${joined}` : joined);
}

/**
 * The table a track event's properties go to: its snake_cased name; names of the standard tables
 * (`pages`, `users`…) get a `_` prefix. `undefined` when the name has no letter or digit.
 *
 * @example
 * eventTableName('Order Completed'); // 'order_completed'
 * eventTableName('Pages'); // '_pages'
 */
export function eventTableName(event: string): string | undefined {
  const name = snakeCase(event);
  if (!name) return undefined;
  return RESERVED_TABLES.has(name) ? `_${name}` : name;
}

/**
 * Quotes an identifier for SQL (`"` doubled).
 *
 * @example
 * quoteIdent('order_completed'); // '"order_completed"'
 */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
