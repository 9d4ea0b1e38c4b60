import { isIntegrationEnabled } from '@junction/core';
import type { CompiledSubscription, DestinationRuntime } from './destination-runtime.ts';

/**
 * Where one event goes for one destination: the subscriptions to run on the (filtered) event (may
 * be the runtime's own list: read it, do not change it), or why it goes nowhere (`filtered`: the integrations object or a destination filter; `discarded`:
 * disabled destination or no matching subscription).
 *
 * @example
 * const r: Route = { kind: 'deliver', event, subscriptions: [sub] };
 */
export type Route =
  | { kind: 'deliver'; event: object; subscriptions: CompiledSubscription[] }
  | { kind: 'filtered' | 'discarded'; reason: string; droppedBy?: string };

/**
 * The metrics code of a route that goes nowhere: the reason, plus the filter that dropped the
 * event (`FILTERED_BY_RULES:<filter id>`) so Event Delivery can say which filter.
 *
 * @example
 * metricCode({ kind: 'filtered', reason: 'FILTERED_BY_RULES', droppedBy: 'df_1' }); // 'FILTERED_BY_RULES:df_1'
 */
export function metricCode(route: { reason: string; droppedBy?: string }): string {
  return route.droppedBy ? `${route.reason}:${route.droppedBy}` : route.reason;
}

/**
 * Routes an event for a destination: enabled? → `integrations` object (by the destination's own
 * name when the object names it, else by the integration's name) → destination filters → every
 * enabled subscription whose FQL trigger matches the filtered event.
 *
 * @example
 * routeEvent(runtime, { type: 'track', event: 'Signed Up', integrations: { All: false } }); // { kind: 'filtered', reason: 'FILTERED_BY_INTEGRATIONS_OBJECT' }
 */
export function routeEvent(rt: DestinationRuntime, event: Record<string, unknown>): Route {
  if (!rt.destination.enabled) return { kind: 'discarded', reason: 'DESTINATION_DISABLED' };
  const integrations = event.integrations;
  const own = typeof integrations === 'object' && integrations !== null && Object.hasOwn(integrations, rt.destination.name);
  if (!isIntegrationEnabled(integrations, own ? rt.destination.name : rt.definition.name)) {
    return { kind: 'filtered', reason: 'FILTERED_BY_INTEGRATIONS_OBJECT' };
  }
  let routed: object = event;
  // No enabled filter: `rt.filters` would hand an object event back unchanged.
  if (rt.filtering !== false || typeof event !== 'object' || event === null || Array.isArray(event)) {
    const filtered = rt.filters(event);
    if (filtered.event === null) {
      return { kind: 'filtered', reason: 'FILTERED_BY_RULES', ...(filtered.droppedBy ? { droppedBy: filtered.droppedBy } : {}) };
    }
    routed = filtered.event;
  }
  const subscriptions = matching(rt.subscriptions, routed);
  if (subscriptions.length === 0) return { kind: 'discarded', reason: 'NO_MATCHING_MAPPING' };
  return { kind: 'deliver', event: routed, subscriptions };
}

/** The subscriptions whose trigger matches; `all` itself (not a copy) when every one matches. */
function matching(all: CompiledSubscription[], event: object): CompiledSubscription[] {
  let i = 0;
  while (i < all.length && all[i]!.matches(event)) i++;
  if (i === all.length) return all;
  const some = all.slice(0, i);
  for (i++; i < all.length; i++) if (all[i]!.matches(event)) some.push(all[i]!);
  return some;
}
