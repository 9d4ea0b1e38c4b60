import type { RouteDef } from './route-types.ts';

/**
 * Warehouse routes (placeholder: filled in by its owner).
 *
 * @example
 * warehouseRoutes().length; // 0
 */
export function warehouseRoutes(): RouteDef[] {
  return [];
}
