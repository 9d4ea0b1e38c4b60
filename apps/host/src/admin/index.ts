/** The admin API (Segment Public API shape) mounted at `/api`. */
export { type AdminDeps, resolveDeps } from './admin-deps.ts';
export { adminRoutes } from './admin-routes.ts';
export { ensureBootstrapToken } from './bootstrap-token.ts';
export { openApiDocument } from './openapi.ts';
export { authorize, type Permission, PERMISSIONS, type Principal, type ResourceRef, type RoleId, ROLES } from './permissions.ts';
export { adminRouteTable } from './route-table.ts';
export type { RouteContext, RouteDef } from './route-types.ts';
