/**
 * Intercom keeps at most this many metadata keys per event (it ignores the rest).
 *
 * @example
 * Object.keys(metadata).length <= MAX_METADATA_KEYS;
 */
export const MAX_METADATA_KEYS = 10;

/**
 * Event metadata as sent, and the keys left out (with why).
 *
 * @example
 * const { metadata, dropped }: EventMetadata = toEventMetadata({ plan: 'pro' }); // dropped: []
 */
export interface EventMetadata {
  metadata: Record<string, unknown>;
  dropped: Array<{ key: string; reason: 'nested' | 'limit' }>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isRichLink = (v: Record<string, unknown>) => typeof v.url === 'string' && typeof v.value === 'string' && Object.keys(v).length === 2;
const isPrice = (v: Record<string, unknown>) => typeof v.amount === 'number' && typeof v.currency === 'string' && Object.keys(v).length === 2;

function scalar(key: string, value: unknown): unknown {
  if (typeof value === 'string' && key.endsWith('_date') && !/^\d+$/.test(value)) {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? value : Math.floor(ms / 1000);
  }
  return value;
}

/**
 * Builds Intercom event metadata from mapped values, deterministically: `price` first (from
 * `revenue` × 100, rounded, in `currency`, default USD — Intercom's monetary amount in cents), then
 * the other keys in order. `null`/`undefined` values are skipped; objects and arrays are dropped
 * (Intercom does not store nested JSON) except rich links `{url, value}` and amounts
 * `{amount, currency}`; keys ending in `_date` with a date string become Unix seconds; after
 * {@link MAX_METADATA_KEYS} keys the rest are dropped instead of left to Intercom to pick.
 *
 * @example
 * toEventMetadata({ order_id: 'o-42', products: [{}] }, { revenue: 99.5, currency: 'EUR' });
 * // { metadata: { price: { amount: 9950, currency: 'EUR' }, order_id: 'o-42' }, dropped: [{ key: 'products', reason: 'nested' }] }
 */
export function toEventMetadata(values: Record<string, unknown> | undefined, money: { revenue?: number | undefined; currency?: string | undefined } = {}): EventMetadata {
  const metadata: Record<string, unknown> = {};
  const dropped: EventMetadata['dropped'] = [];
  if (money.revenue !== undefined) metadata.price = { amount: Math.round(money.revenue * 100), currency: money.currency ?? 'USD' };
  for (const [key, value] of Object.entries(values ?? {})) {
    if (value === null || value === undefined || key in metadata) continue;
    if ((Array.isArray(value) || isObject(value)) && !(isObject(value) && (isRichLink(value) || isPrice(value)))) {
      dropped.push({ key, reason: 'nested' });
      continue;
    }
    if (Object.keys(metadata).length >= MAX_METADATA_KEYS) {
      dropped.push({ key, reason: 'limit' });
      continue;
    }
    metadata[key] = scalar(key, value);
  }
  return { metadata, dropped };
}
