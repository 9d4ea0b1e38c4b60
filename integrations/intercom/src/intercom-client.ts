import { type HttpResponse, IntegrationError, type RequestFn } from '@junction/core';
import { intercomError } from './intercom-errors.ts';
import { DEFAULT_INTERCOM_VERSION, type IntercomSettings, intercomBaseUrl } from './intercom-settings.ts';

/**
 * Calls an Intercom REST path with the bearer token, `Intercom-Version` and `Accept: application/json`,
 * and returns the answer whatever its status (network failures still throw).
 *
 * @example
 * const response = await sendToIntercom(request, settings, 'POST', '/contacts', { role: 'user', email: 'ada@example.com' });
 */
export function sendToIntercom(request: RequestFn, settings: IntercomSettings, method: 'GET' | 'POST' | 'PUT', path: string, json?: unknown): Promise<HttpResponse> {
  return request(`${intercomBaseUrl(settings)}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${settings.accessToken}`,
      'intercom-version': settings.apiVersion ?? DEFAULT_INTERCOM_VERSION,
      accept: 'application/json',
    },
    ...(json === undefined ? {} : { json }),
    throwHttpErrors: false,
  });
}

/**
 * Like {@link sendToIntercom}, but throws the mapped `IntegrationError` for a non-2xx answer.
 *
 * @example
 * await intercomRequest(request, settings, 'POST', '/events', { event_name: 'signed-up', created_at: 1736935200, user_id: 'u1' });
 */
export async function intercomRequest(request: RequestFn, settings: IntercomSettings, method: 'GET' | 'POST' | 'PUT', path: string, json?: unknown): Promise<HttpResponse> {
  const response = await sendToIntercom(request, settings, method, path, json);
  const error = intercomError(response);
  if (error) throw error;
  return response;
}

/**
 * Reads a JSON object from a 2xx answer; `{}` for an empty or non-object body (Intercom answers
 * some writes with an empty 202).
 *
 * @example
 * jsonObject(response).id; // '6762f0dd1bb69f9f2193bb83'
 */
export function jsonObject(response: HttpResponse): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(response.body);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * Finds the one contact with this `external_id` (preferred) or `email` through
 * `POST /contacts/search`; `undefined` when none or several match, or neither is given.
 * Intercom's search index lags a few minutes behind contacts just created.
 *
 * @example
 * await findUniqueContact(request, settings, { external_id: 'user-1' }); // '6762f0dd1bb69f9f2193bb83' | undefined
 */
export async function findUniqueContact(request: RequestFn, settings: IntercomSettings, by: { external_id?: string | undefined; email?: string | undefined }): Promise<string | undefined> {
  const query = by.external_id ? { field: 'external_id', operator: '=', value: by.external_id } : by.email ? { field: 'email', operator: '=', value: by.email } : undefined;
  if (!query) return undefined;
  const body = jsonObject(await intercomRequest(request, settings, 'POST', '/contacts/search', { query }));
  const data = Array.isArray(body.data) ? (body.data as Array<{ id?: unknown }>) : [];
  const total = typeof body.total_count === 'number' ? body.total_count : data.length;
  const id = data[0]?.id;
  return total === 1 && data.length === 1 && typeof id === 'string' ? id : undefined;
}

/**
 * A time as Intercom wants it: UTC Unix seconds. Numbers are taken as seconds already, digit-only
 * strings too; other strings are parsed as dates (ISO 8601). Throws INVALID_PAYLOAD naming the field
 * for anything else.
 *
 * @example
 * toUnixSeconds('2025-01-15T10:00:00.000Z', 'payload.created_at'); // 1736935200
 */
export function toUnixSeconds(value: string | number, field: string): number {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.floor(value);
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value.trim());
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw new IntegrationError('INVALID_PAYLOAD', `${field} must be an ISO 8601 date or Unix seconds, got ${JSON.stringify(value)}`);
  return Math.floor(ms / 1000);
}

/**
 * Copies an object without its `undefined` values.
 *
 * @example
 * compact({ a: 1, b: undefined }); // { a: 1 }
 */
export function compact<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
