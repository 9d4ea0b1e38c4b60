import type { RouteDef } from './route-types.ts';

/**
 * Event Delivery and delivery-overview routes (placeholder: filled in by its owner).
 *
 * @example
 * eventDeliveryRoutes().length; // 0
 */
export function eventDeliveryRoutes(): RouteDef[] {
  return [];
}
