import type { InProcessEnv } from '../admin/admin-routes.ts';
import type { Principal } from '../admin/permissions.ts';
import type { ConsoleDeps } from './console-env.ts';

/**
 * An admin API answer: `data` on success, Segment's `errors` otherwise.
 *
 * @example
 * const r: AdminAnswer<{ sources: unknown[] }> = { status: 200, data: { sources: [] } };
 */
export interface AdminAnswer<T> {
  status: number;
  data?: T;
  errors?: Array<{ type: string; message: string; field?: string }>;
}

/**
 * Calls the admin API in-process as `principal` (same routes, permissions, validation and audit
 * trail as over HTTP: the console writes no logic twice).
 *
 * @example
 * const r = await adminCall<{ sources: Source[] }>(deps, principal, 'GET', '/sources');
 * if (r.errors) showError(r.errors[0].message);
 */
export async function adminCall<T = Record<string, unknown>>(
  deps: Pick<ConsoleDeps, 'adminApp'>,
  principal: Principal,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<AdminAnswer<T>> {
  const env: InProcessEnv = { principal };
  const res = await deps.adminApp.request(
    path,
    { method, headers: { 'content-type': 'application/json', accept: 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) },
    env,
  );
  const json = (await res.json()) as { data?: T; errors?: AdminAnswer<T>['errors'] };
  return { status: res.status, ...(json.data !== undefined ? { data: json.data } : {}), ...(json.errors ? { errors: json.errors } : {}) };
}
