import { auditRoutes } from './audit-routes.ts';
import { catalogRoutes } from './catalog-routes.ts';
import { destinationRoutes } from './destination-routes.ts';
import { filterRoutes } from './filter-routes.ts';
import { labelRoutes } from './label-routes.ts';
import type { RouteDef } from './route-types.ts';
import { sourceRoutes } from './source-routes.ts';
import { subscriptionRoutes } from './subscription-routes.ts';
import { tokenRoutes } from './token-routes.ts';
import { iamRoutes } from './iam-routes.ts';
import { eventDeliveryRoutes } from './event-delivery-routes.ts';
import { eventTesterRoutes } from './event-tester-routes.ts';
import { healthRoutes } from './health-routes.ts';
import { usageRoutes } from './usage-routes.ts';
import { warehouseRoutes } from './warehouse-routes.ts';
import { workspaceRoutes } from './workspace-routes.ts';
import { ssoAdminRoutes } from './sso-routes.ts';

/**
 * Every admin API route, in one table (the Hono app and the OpenAPI document are built from it).
 * Static paths come before parameterised ones that could shadow them.
 *
 * @example
 * adminRouteTable().map((r) => `${r.method.toUpperCase()} ${r.path}`); // ['GET /', 'PATCH /', 'GET /sources', …]
 */
export function adminRouteTable(): RouteDef[] {
  return [
    ...workspaceRoutes(),
    ...sourceRoutes(),
    ...destinationRoutes(),
    ...subscriptionRoutes(),
    ...filterRoutes(),
    ...catalogRoutes(),
    ...labelRoutes(),
    ...tokenRoutes(),
    ...auditRoutes(),
    ...iamRoutes(),
    ...eventDeliveryRoutes(),
    ...eventTesterRoutes(),
    ...healthRoutes(),
    ...usageRoutes(),
    ...warehouseRoutes(),
    ...ssoAdminRoutes(),
  ];
}
