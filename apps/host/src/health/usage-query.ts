import type { Context } from 'hono';
import { ApiError } from '../admin/api-error.ts';

/**
 * All values of a list query parameter in any of the forms clients send: `name=a,b`,
 * repeated `name=a&name=b`, `name[]=a` and the SDK's `name[0]=a`.
 *
 * @example
 * listParam(c, 'groupBy'); // ['eventName', 'source']
 */
export function listParam(c: Context, name: string): string[] | undefined {
  const all = c.req.queries();
  const out: string[] = [];
  let seen = false;
  for (const [key, values] of Object.entries(all)) {
    if (key !== name && !key.startsWith(`${name}[`)) continue;
    seen = true;
    for (const v of values) out.push(...v.split(',').map((x) => x.trim()).filter((x) => x !== ''));
  }
  return seen ? out : undefined;
}

/**
 * A required ISO-8601 time parameter, normalised to `toISOString()`; 422 naming it otherwise.
 *
 * @example
 * isoParam('startTime', '2026-03-01T00:00:00Z'); // '2026-03-01T00:00:00.000Z'
 */
export function isoParam(name: string, value: string | undefined): string {
  if (value === undefined || value === '') throw new ApiError(422, `${name} is required (ISO-8601)`, name);
  const ms = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(ms)) throw new ApiError(422, `${name} must be an ISO-8601 timestamp, got ${JSON.stringify(value)}`, name);
  return new Date(ms).toISOString();
}

/**
 * The usage period of `period` (start of a usage month, ISO-8601): its first day and the first day
 * of the next month (`YYYY-MM-DD`), and both as unix seconds.
 *
 * @example
 * usagePeriod('2026-03-01'); // { fromDay: '2026-03-01', toDay: '2026-04-01', start: 1772323200, end: 1775001600 }
 */
export function usagePeriod(period: string | undefined): { fromDay: string; toDay: string; start: number; end: number } {
  const iso = isoParam('period', period);
  const d = new Date(iso);
  const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  const end = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
  return { fromDay: new Date(start).toISOString().slice(0, 10), toDay: new Date(end).toISOString().slice(0, 10), start: start / 1000, end: end / 1000 };
}

/**
 * Every UTC day from `fromDay` (inclusive) to `toDay` (exclusive) and not after `lastDay`.
 *
 * @example
 * daysOf('2026-03-01', '2026-04-01', '2026-03-02'); // ['2026-03-01', '2026-03-02']
 */
export function daysOf(fromDay: string, toDay: string, lastDay: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${fromDay}T00:00:00Z`); ; t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    if (day >= toDay || day > lastDay) break;
    days.push(day);
  }
  return days;
}
