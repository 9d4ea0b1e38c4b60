import type { RouteDef } from './route-types.ts';

/**
 * Event Tester routes (placeholder: filled in by its owner).
 *
 * @example
 * eventTesterRoutes().length; // 0
 */
export function eventTesterRoutes(): RouteDef[] {
  return [];
}
