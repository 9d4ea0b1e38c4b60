import type { Context } from 'hono';
import type { ResolvedDeps } from './admin-deps.ts';
import type { PageRequest } from './pagination.ts';
import type { Permission, Principal, ResourceRef } from './permissions.ts';

/**
 * An audit entry as a handler gives it; the framework adds workspace, actor and time and
 * redacts secrets in `before`/`after`.
 *
 * @example
 * await ctx.audit({ type: 'Source Created', resourceType: 'source', resourceId: s.id, resourceName: s.name, before: null, after: view });
 */
export interface AuditEntry {
  type: string;
  resourceType: string;
  resourceId: string;
  resourceName: string;
  before: unknown;
  after: unknown;
}

/** What a route handler gets. */
export interface RouteContext {
  c: Context;
  principal: Principal;
  deps: ResolvedDeps;
  param(name: string): string;
  query(name: string): string | undefined;
  /** The JSON body as an object (400 when it is not JSON or not an object, 413 when too large). */
  body(): Promise<Record<string, unknown>>;
  page(): PageRequest;
  audit(entry: AuditEntry): Promise<void>;
  /** Checks the route's permission on one resource: 404 when of another workspace, 403 when not allowed. */
  require(resource: ResourceRef): void;
}

/** A documented query parameter. */
export interface QueryParam {
  name: string;
  description: string;
  schema?: object;
}

/**
 * One row of the route table: the OpenAPI document and the Hono routes are both built from it.
 *
 * @example
 * const r: RouteDef = { method: 'get', path: '/labels', operationId: 'listLabels', summary: 'List Labels', tag: 'Labels', permission: 'label:read', handler: async (ctx) => ({ labels: [] }) };
 */
export interface RouteDef {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI-style path relative to `/api`, e.g. `/sources/{sourceId}`. */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  /** The permission the caller needs; null only for public routes (the OpenAPI document). */
  permission: Permission | null;
  /** Success status (default 200). */
  status?: 200 | 201;
  /** Audit event names a successful call records (required for mutations). */
  audit?: readonly string[];
  query?: readonly QueryParam[];
  /** JSON Schema of the request body. */
  body?: object;
  /** JSON Schema of `data` in the success response. */
  response?: object;
  /** True for a non-GET route that changes nothing (e.g. a preview): no audit entry required. */
  readOnly?: boolean;
  /**
   * `csv`: the handler returns CSV text. `sse`: the handler returns a streaming `Response` (Hono's
   * `streamSSE`), sent as is after auth and permission checks. Default `json` (wrapped in `{ data }`).
   */
  produces?: 'json' | 'csv' | 'sse';
  handler(ctx: RouteContext): Promise<unknown>;
}

/** The pagination query parameters, documented once. */
export const PAGINATION_QUERY: readonly QueryParam[] = [
  { name: 'pagination.count', description: 'Items per page, 1-1000 (default 100). `pagination[count]` is accepted too.', schema: { type: 'integer', minimum: 1, maximum: 1000 } },
  { name: 'pagination.cursor', description: 'Opaque cursor from a previous `pagination.next` or `pagination.previous`.', schema: { type: 'string' } },
];
