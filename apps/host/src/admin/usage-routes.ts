import type { RouteDef } from './route-types.ts';

/**
 * Usage (MTU, API calls) and events volume routes (placeholder: filled in by its owner).
 *
 * @example
 * usageRoutes().length; // 0
 */
export function usageRoutes(): RouteDef[] {
  return [];
}
