import type { Context } from 'hono';
import { Hono } from 'hono';
import { RateLimiter } from '../tracking/rate-limiter.ts';
import { responseType } from './accept-header.ts';
import { type AdminDeps, type ResolvedDeps, resolveDeps } from './admin-deps.ts';
import { ApiError, toApiError } from './api-error.ts';
import { scrubForAudit } from './audit-scrub.ts';
import { authenticate } from './auth.ts';
import { openApiDocument } from './openapi.ts';
import { readPageRequest } from './pagination.ts';
import { authorize, type Principal, type ResourceRef } from './permissions.ts';
import { readJsonBody } from './request-body.ts';
import { adminRouteTable } from './route-table.ts';
import type { RouteContext, RouteDef } from './route-types.ts';

function errorResponse(c: Context, error: unknown): Response {
  const api = toApiError(error);
  if (api.status === 500) console.error('admin api: unhandled error:', error instanceof Error ? error.message : String(error));
  return c.json({ errors: api.items }, api.status);
}

/**
 * The env the console passes to `adminApp.request(path, init, env)` to act as a signed-in user.
 *
 * @example
 * const res = await adminApp.request('/sources', {}, { principal } satisfies InProcessEnv);
 */
export interface InProcessEnv {
  principal: Principal;
}

function inProcessPrincipal(c: Context): Principal | undefined {
  const env = c.env as Partial<InProcessEnv> | undefined;
  const p = env?.principal;
  return p && typeof p === 'object' && typeof p.workspaceId === 'string' ? p : undefined;
}

function honoPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}

function makeContext(c: Context, deps: ResolvedDeps, principal: Principal, route: RouteDef, audited: { count: number }): RouteContext {
  return {
    c,
    principal,
    deps,
    param: (name) => c.req.param(name) ?? '',
    query: (name) => c.req.query(name),
    body: () => readJsonBody(c),
    page: () => readPageRequest(c.req.query()),
    async audit(entry) {
      await deps.admin.auditEvents.record({
        workspaceId: principal.workspaceId,
        actor: principal.tokenId,
        type: entry.type,
        resourceType: entry.resourceType,
        resourceId: entry.resourceId,
        resourceName: entry.resourceName,
        before: scrubForAudit(entry.before),
        after: scrubForAudit(entry.after),
      });
      audited.count++;
    },
    require(resource: ResourceRef) {
      if (resource.workspaceId !== principal.workspaceId) throw new ApiError(404, `${resource.type} "${resource.id}" not found`);
      if (route.permission && !authorize(principal, route.permission, resource)) {
        throw new ApiError(403, `this token may not ${route.permission.replace(':', ' ')} on ${resource.type} "${resource.id}"`);
      }
    },
  };
}

/**
 * The admin API (Segment Public API shape) as a Hono app; mount it at `/api`. Every route comes
 * from the route table: bearer token → permission check → handler → `{ data }`, with audit entries
 * enforced on mutations, rate-limit headers and Segment's error envelope.
 *
 * @example
 * app.route('/api', adminRoutes({ store, catalog: createCatalog({ dataDir }), cipher }));
 */
export function adminRoutes(input: AdminDeps): Hono {
  const deps = resolveDeps(input);
  const routes = adminRouteTable();
  const limiter = deps.rateLimit > 0 ? new RateLimiter({ ratePerSecond: deps.rateLimit, burst: deps.rateLimit * 2 }) : undefined;
  const app = new Hono();
  app.get('/openapi.json', (c) => c.json(openApiDocument(routes)));

  for (const route of routes) {
    const handle = async (c: Context): Promise<Response> => {
      try {
        const type = route.produces === 'sse' ? 'text/event-stream' : responseType(c.req.header('accept'), route.produces === 'csv');
        // The console calls in-process with its session's principal in the request env (never
        // reachable from HTTP: over the network, env holds the Node request/response).
        const principal = inProcessPrincipal(c) ?? (await authenticate(deps.admin.apiTokens, c.req.header('authorization')));
        if (limiter) {
          const decision = limiter.take(principal.tokenId);
          c.header('X-RateLimit-Limit', String(deps.rateLimit));
          c.header('X-RateLimit-Remaining', String(decision.remaining));
          c.header('X-RateLimit-Consumed', decision.allowed ? '1' : '0');
          c.header('X-RateLimit-Reset', String(Math.ceil((Date.now() + decision.retryAfterMs) / 1000)));
          if (!decision.allowed) {
            c.header('Retry-After', String(Math.ceil(decision.retryAfterMs / 1000)));
            throw new ApiError(429, `rate limit of ${deps.rateLimit} requests per second per token exceeded; retry after ${decision.retryAfterMs} ms`);
          }
        }
        const workspace: ResourceRef = { type: 'workspace', id: principal.workspaceId, workspaceId: principal.workspaceId };
        if (route.permission && !authorize(principal, route.permission, workspace)) {
          throw new ApiError(403, `this token (${principal.roles.join(', ')}) lacks the permission "${route.permission}"`);
        }
        const audited = { count: 0 };
        const data = await route.handler(makeContext(c, deps, principal, route, audited));
        if (route.produces === 'sse' && data instanceof Response) return data;
        if (route.method !== 'get' && !route.readOnly && audited.count === 0) throw new Error(`route ${route.operationId} changed state without an audit entry`);
        if (type === 'text/csv') return c.body(String(data), route.status ?? 200, { 'content-type': 'text/csv; charset=utf-8' });
        return c.body(JSON.stringify({ data }), route.status ?? 200, { 'content-type': type });
      } catch (error) {
        return errorResponse(c, error);
      }
    };
    app.on(route.method.toUpperCase(), honoPath(route.path), handle);
    // Mounted at /api, '/' serves `/api`; this serves `/api/` (the SDK's `basePath + '/'`).
    if (route.path === '/') app.on(route.method.toUpperCase(), '/:root{^$}', handle);
  }
  app.notFound((c) => c.json({ errors: [{ type: 'not-found', message: `no admin API route ${c.req.method} ${c.req.path}`, status: 404 }] }, 404));
  app.onError((error, c) => errorResponse(c, error));
  return app;
}
