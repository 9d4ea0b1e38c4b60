/** Bucket sizes of delivery counts over time (Segment's delivery-overview granularities). */
export const GRANULARITIES = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;

/**
 * One of {@link GRANULARITIES}.
 *
 * @example
 * const g: Granularity = 'hour';
 */
export type Granularity = keyof typeof GRANULARITIES;

/** Named windows of Event Delivery and their default granularity. */
export const WINDOWS = { '10m': [600_000, 'minute'], '1h': [3_600_000, 'minute'], '24h': [86_400_000, 'hour'], '7d': [604_800_000, 'hour'], '14d': [1_209_600_000, 'day'], '30d': [2_592_000_000, 'day'] } as const;

/** Longest range per granularity (Segment's limits). */
const MAX_RANGE: Record<Granularity, number> = { minute: 4 * 3_600_000, hour: 14 * 86_400_000, day: 30 * 86_400_000 };

/**
 * A time window cut into buckets: `from` inclusive, `to` exclusive, both on bucket boundaries.
 *
 * @example
 * const w: DeliveryWindow = { from: '2025-01-31T11:00:00.000Z', to: '2025-01-31T12:00:00.000Z', granularity: 'minute' };
 */
export interface DeliveryWindow {
  from: string;
  to: string;
  granularity: Granularity;
}

/** A bad window parameter; `field` names it. */
export class WindowError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.name = 'WindowError';
    this.field = field;
  }
}

/**
 * The start of the bucket holding `ms`.
 *
 * @example
 * bucketStart(Date.parse('2025-01-31T12:34:56Z'), 'hour'); // '2025-01-31T12:00:00.000Z'
 */
export function bucketStart(ms: number, granularity: Granularity): string {
  const size = GRANULARITIES[granularity];
  return new Date(Math.floor(ms / size) * size).toISOString();
}

function granularityOf(text: string | undefined, fallback: Granularity): Granularity {
  if (text === undefined || text === '') return fallback;
  const g = text.toLowerCase();
  if (!Object.hasOwn(GRANULARITIES, g)) throw new WindowError('granularity', `granularity must be one of minute, hour, day (got ${JSON.stringify(text)})`);
  return g as Granularity;
}

function time(field: string, text: string): number {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new WindowError(field, `${field} must be an ISO-8601 timestamp, got ${JSON.stringify(text)}`);
  return ms;
}

/**
 * Reads a window: a named `window` (10m, 1h, 24h, 7d, 14d, 30d; default 24h) ending now, or
 * `startTime`/`endTime` (ISO-8601, end exclusive); `granularity` defaults by length. Bounds are
 * widened to whole buckets (the end includes the current bucket). Too long for the granularity
 * (minute ≤ 4 h, hour ≤ 14 d, day ≤ 30 d) → {@link WindowError}.
 *
 * @example
 * readWindow({ window: '1h' }, Date.parse('2025-01-31T12:34:56Z')); // { from: '…T11:34:00.000Z', to: '…T12:35:00.000Z', granularity: 'minute' }
 */
export function readWindow(q: { window?: string | undefined; startTime?: string | undefined; endTime?: string | undefined; granularity?: string | undefined }, now: number): DeliveryWindow {
  let start: number;
  let end: number;
  let fallback: Granularity;
  if (q.startTime !== undefined || q.endTime !== undefined) {
    if (q.startTime === undefined || q.endTime === undefined) throw new WindowError(q.startTime === undefined ? 'startTime' : 'endTime', 'startTime and endTime go together');
    start = time('startTime', q.startTime);
    end = time('endTime', q.endTime);
    if (end <= start) throw new WindowError('endTime', 'endTime must be after startTime');
    fallback = end - start <= MAX_RANGE.minute ? 'minute' : end - start <= MAX_RANGE.hour ? 'hour' : 'day';
  } else {
    const name = q.window ?? '24h';
    if (!Object.hasOwn(WINDOWS, name)) throw new WindowError('window', `window must be one of ${Object.keys(WINDOWS).join(', ')} (got ${JSON.stringify(name)})`);
    const [length, g] = WINDOWS[name as keyof typeof WINDOWS];
    end = now + 1; // include the current moment
    start = now - length;
    fallback = g;
  }
  const granularity = granularityOf(q.granularity, fallback);
  const size = GRANULARITIES[granularity];
  const from = Math.floor(start / size) * size;
  const to = Math.ceil(end / size) * size;
  if (to - from > MAX_RANGE[granularity] + size) {
    throw new WindowError('granularity', `a ${granularity} granularity allows at most ${MAX_RANGE[granularity] / 3_600_000} hours; use a coarser granularity or a shorter window`);
  }
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), granularity };
}

/**
 * Every bucket start of a window, in order.
 *
 * @example
 * bucketTimes({ from: '2025-01-31T10:00:00.000Z', to: '2025-01-31T12:00:00.000Z', granularity: 'hour' }); // ['…T10:00:00.000Z', '…T11:00:00.000Z']
 */
export function bucketTimes(w: DeliveryWindow): string[] {
  const size = GRANULARITIES[w.granularity];
  const out: string[] = [];
  for (let t = Date.parse(w.from); t < Date.parse(w.to); t += size) out.push(new Date(t).toISOString());
  return out;
}
