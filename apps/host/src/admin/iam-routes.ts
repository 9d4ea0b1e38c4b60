import type { RouteDef } from './route-types.ts';

/**
 * IAM routes: users, invites, user groups, roles, permissions (placeholder: filled in by its owner).
 *
 * @example
 * iamRoutes().length; // 0
 */
export function iamRoutes(): RouteDef[] {
  return [];
}
