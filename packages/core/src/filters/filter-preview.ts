/**
 * `previewFilter`: what one filter would do to a payload (backs the admin API's preview endpoint).
 */
import type { DestinationFilter } from './destination-filter.ts';
import { compileFilters } from './filter-compile.ts';

/**
 * The preview of a filter: the payload given and the payload that would be sent (null = dropped).
 * @example
 * const p: FilterPreview = { inputPayload: { type: 'track' }, result: null };
 */
export interface FilterPreview {
  inputPayload: unknown;
  result: object | null;
}

/**
 * Applies one filter (as if enabled) to a payload, like Segment's
 * `POST /destination/filters/preview`. An invalid filter fails closed (`result: null`); call
 * `validateFilter` first to tell the user why.
 * @example
 * previewFilter(
 *   { title: 'No email', if: 'type = "identify"', actions: [{ type: 'DROP_PROPERTIES', fields: { traits: ['email'] } }], enabled: false },
 *   { type: 'identify', traits: { email: 'a@b.c', plan: 'pro' } },
 * );
 * // { inputPayload: { type: 'identify', traits: { email: 'a@b.c', plan: 'pro' } },
 * //   result: { type: 'identify', traits: { plan: 'pro' } } }
 */
export function previewFilter(filter: DestinationFilter, payload: unknown): FilterPreview {
  const asEnabled = (typeof filter === 'object' && filter !== null ? { ...filter, enabled: true } : filter) as DestinationFilter;
  return { inputPayload: payload, result: compileFilters([asEnabled])(payload).event };
}
