/**
 * Current time as ISO-8601 UTC text, the timestamp format of every store column.
 *
 * @example
 * nowIso(); // '2025-01-31T12:00:00.000Z'
 */
export function nowIso(): string {
  return new Date().toISOString();
}

/**
 * The UTC day of an ISO timestamp or Date as `yyyymmdd` (the segment suffix).
 *
 * @example
 * dayKey('2025-01-31T23:59:59.999Z'); // '20250131'
 */
export function dayKey(at: string | Date): string {
  const d = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(d.getTime())) throw new RangeError(`not a valid date: ${String(at)}`);
  return d.toISOString().slice(0, 10).replaceAll('-', '');
}
