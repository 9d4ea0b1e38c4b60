/**
 * ISO-8601 timestamps as Segment clients send them. Accepted (Junction's documented tolerance):
 * `YYYY-MM-DD`, optionally followed by `T` (or a space) `hh:mm[:ss[.fraction]]` and an offset
 * `Z`, `±hh:mm`, `±hhmm` or `±hh`. Month and day may be one digit (`2015-2-02T00:30:08.276Z` appears
 * in Segment's own HTTP API docs). No offset means UTC. Fractions beyond milliseconds are truncated.
 */

const ISO_PATTERN =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function offsetMinutes(offset: string | undefined): number | undefined {
  if (offset === undefined || offset === 'Z' || offset === 'z') return 0;
  const sign = offset.startsWith('-') ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 23 || minutes > 59) return undefined;
  return sign * (hours * 60 + minutes);
}

function digits(text: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/** Fast path for the canonical `YYYY-MM-DDThh:mm:ss.sssZ` that every SDK sends; undefined otherwise. */
function parseCanonical(text: string): number | undefined {
  if (text[4] !== '-' || text[7] !== '-' || text[10] !== 'T' || text[13] !== ':' || text[16] !== ':') return undefined;
  if (text[19] !== '.' || text[23] !== 'Z') return undefined;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  const ms = digits(text, 20, 3);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || ms < 0) return undefined;
  if (year < 100) return undefined; // Date.UTC maps years 0–99 to 1900–1999; let the general path handle them
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}

/**
 * Parses an ISO-8601 timestamp into epoch milliseconds, or `undefined` when the text is not one
 * (wrong shape, or an impossible date such as February 30th).
 *
 * @example
 * parseIsoTimestamp('2024-03-01T12:00:00+01:00'); // 1709290800000
 * parseIsoTimestamp('yesterday'); // undefined
 */
export function parseIsoTimestamp(text: string): number | undefined {
  if (text.length === 24) {
    const fast = parseCanonical(text);
    if (fast !== undefined) return fast;
  }
  if (text.length > 40) return undefined;
  const m = ISO_PATTERN.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', off] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const offset = offsetMinutes(off);
  if (offset === undefined) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, Number(frac.slice(0, 3).padEnd(3, '0')));
  return date.getTime() - offset * 60_000;
}

/**
 * Whether `text` is an ISO-8601 timestamp Junction accepts.
 *
 * @example
 * isIsoTimestamp('2012-12-02T00:30:08.276Z'); // true
 * isIsoTimestamp('02/12/2012'); // false
 */
export function isIsoTimestamp(text: string): boolean {
  return parseIsoTimestamp(text) !== undefined;
}

/**
 * Re-formats an accepted timestamp as ISO-8601 UTC with milliseconds (`toISOString()`), or
 * `undefined` when it is not one.
 *
 * @example
 * toUtcIso('2024-03-01T12:00:00+0100'); // '2024-03-01T11:00:00.000Z'
 */
export function toUtcIso(text: string): string | undefined {
  const ms = parseIsoTimestamp(text);
  return ms === undefined ? undefined : new Date(ms).toISOString();
}

const DAY_MS = 86_400_000;
const PAD2 = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const PAD3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
let dayStart = Number.NaN;
let dayPrefix = '';

/**
 * `new Date(ms).toISOString()`, faster for instants on the same UTC day as the previous call (the
 * `YYYY-MM-DDT` prefix is remembered). Throws `RangeError` as `toISOString` does for invalid times.
 *
 * @example
 * formatIsoTimestamp(Date.UTC(2024, 0, 1, 12, 0, 7, 500)); // '2024-01-01T12:00:07.500Z'
 */
export function formatIsoTimestamp(ms: number): string {
  const offset = ms - dayStart;
  if (offset >= 0 && offset < DAY_MS && Number.isInteger(ms)) {
    const hours = Math.floor(offset / 3_600_000);
    const minutes = Math.floor(offset / 60_000) % 60;
    const seconds = Math.floor(offset / 1000) % 60;
    return `${dayPrefix}${PAD2[hours]}:${PAD2[minutes]}:${PAD2[seconds]}.${PAD3[offset % 1000]}Z`;
  }
  const iso = new Date(ms).toISOString();
  // Only 4-digit years have the fixed 24-character shape (years beyond are written ±YYYYYY).
  if (iso.length === 24 && Number.isInteger(ms)) {
    dayStart = ms - (((ms % DAY_MS) + DAY_MS) % DAY_MS);
    dayPrefix = iso.slice(0, 11);
  }
  return iso;
}

/**
 * Whether `text` is already in `toISOString()` form (`YYYY-MM-DDThh:mm:ss.sssZ`, valid date and
 * time), so that re-formatting its instant would give `text` back.
 *
 * @example
 * isCanonicalIso('2024-01-01T10:00:00.000Z'); // true
 * isCanonicalIso('2024-01-01T10:00:00Z'); // false
 */
export function isCanonicalIso(text: string): boolean {
  return text.length === 24 && parseCanonical(text) !== undefined;
}

/**
 * Whether a text that {@link parseIsoTimestamp} accepted is in `toISOString()` form. For such a
 * text the separators alone decide (the parser has checked the digits and the date), so this is
 * {@link isCanonicalIso} without parsing a second time. Meaningless for other texts.
 *
 * @example
 * hasCanonicalShape('2024-01-01T10:00:00.000Z'); // true
 * hasCanonicalShape('2024-01-01 10:00:00.000Z'); // false
 */
export function hasCanonicalShape(parsed: string): boolean {
  return (
    parsed.length === 24 && parsed[4] === '-' && parsed[7] === '-' && parsed[10] === 'T' && parsed[13] === ':' &&
    parsed[16] === ':' && parsed[19] === '.' && parsed[23] === 'Z'
  );
}
