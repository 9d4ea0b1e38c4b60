import type { RouteDef } from './route-types.ts';

/**
 * Workspace Health and incident routes (placeholder: filled in by its owner).
 *
 * @example
 * healthRoutes().length; // 0
 */
export function healthRoutes(): RouteDef[] {
  return [];
}
