/**
 * The destination filter, in the shape of Segment's Public API (`/destination/{id}/filters`).
 */

/** Most filters one destination may have (as Segment). */
export const MAX_FILTERS_PER_DESTINATION = 10;

/**
 * Action types, applied in this order across all of a destination's filters: sample → drop →
 * drop properties → allow properties.
 * @example
 * DESTINATION_FILTER_ACTION_TYPES.indexOf('DROP'); // 1
 */
export const DESTINATION_FILTER_ACTION_TYPES = ['SAMPLE', 'DROP', 'DROP_PROPERTIES', 'ALLOW_PROPERTIES'] as const;

/**
 * One of `DESTINATION_FILTER_ACTION_TYPES`.
 * @example
 * const t: DestinationFilterActionType = 'DROP_PROPERTIES';
 */
export type DestinationFilterActionType = (typeof DESTINATION_FILTER_ACTION_TYPES)[number];

/**
 * What a filter does to the events its `if` matches.
 * - DROP: the event is not sent.
 * - SAMPLE: only `percent` (a fraction, 0.1 = 10 %) of events are sent; with `path` (e.g.
 *   `userId`) a hash of that field decides, so the same user is always in or out.
 * - DROP_PROPERTIES: `fields` maps an object path (`properties`, `context.device`, `''` for the
 *   top level) to the keys removed from it.
 * - ALLOW_PROPERTIES: `fields` maps an object path to the only keys kept in it.
 * @example
 * const a: DestinationFilterAction = { type: 'DROP_PROPERTIES', fields: { properties: ['email'], context: ['ip'] } };
 */
export interface DestinationFilterAction {
  type: DestinationFilterActionType;
  fields?: Record<string, string[]>;
  percent?: number;
  path?: string;
}

/**
 * A destination filter: `if` is an FQL query (or `all`); the actions apply to matching events.
 * @example
 * const f: DestinationFilter = {
 *   id: 'df_1', title: 'No test users', if: 'match(userId, "test-*")',
 *   actions: [{ type: 'DROP' }], enabled: true,
 * };
 */
export interface DestinationFilter {
  id?: string;
  sourceId?: string;
  destinationId?: string;
  title: string;
  description?: string;
  if: string;
  actions: DestinationFilterAction[];
  enabled: boolean;
}

/**
 * One problem found by `validateFilter`: `field` is a path into the filter (`if`, `actions[0].percent`).
 * @example
 * const i: FilterIssue = { field: 'actions[0].percent', message: 'percent must be a number from 0 to 1 (0.1 = 10%), got 50' };
 */
export interface FilterIssue {
  field: string;
  message: string;
}
