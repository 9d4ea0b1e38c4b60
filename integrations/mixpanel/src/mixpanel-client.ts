import { type ActionResult, errorFromResponse, errorResult, IntegrationError, type RequestFn } from '@junction/core';
import { failedRecords, mixpanelErrors } from './mixpanel-errors.ts';
import type { MixpanelSettings } from './mixpanel-settings.ts';

/**
 * Ingestion API hosts by data-residency region.
 *
 * @example
 * MIXPANEL_HOSTS.EU; // 'https://api-eu.mixpanel.com'
 */
export const MIXPANEL_HOSTS = {
  US: 'https://api.mixpanel.com',
  EU: 'https://api-eu.mixpanel.com',
  IN: 'https://api-in.mixpanel.com',
} as const;

/**
 * The most events (or profile updates) Mixpanel accepts in one request.
 *
 * @example
 * events.length <= MIXPANEL_MAX_BATCH; // true
 */
export const MIXPANEL_MAX_BATCH = 2000;

/**
 * An event as the Import API takes it.
 *
 * @example
 * const e: MixpanelEvent = { event: 'Signed Up', properties: { time: 1736935200000, distinct_id: 'u1', $insert_id: 'm1' } };
 */
export interface MixpanelEvent {
  event: string;
  properties: Record<string, unknown>;
}

/**
 * The ingestion host for the settings' region (US when unset).
 *
 * @example
 * apiBase({ projectToken: 't0k3n-123', region: 'IN' }); // 'https://api-in.mixpanel.com'
 */
export function apiBase(settings: MixpanelSettings): string {
  return MIXPANEL_HOSTS[settings.region ?? 'US'];
}

function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/**
 * The Import API credentials: a service account (Basic user:secret + `project_id`), else the
 * project API secret (Basic secret:), else the project token (Basic token:).
 *
 * @example
 * importAuth({ projectToken: 't0k3n-123' }); // { authorization: 'Basic dDBrM24tMTIzOg==' }
 */
export function importAuth(settings: MixpanelSettings): { authorization: string; projectId?: string } {
  const { serviceAccountUsername: user, serviceAccountSecret: secret, projectId } = settings;
  if (user && secret && projectId) return { authorization: basic(user, secret), projectId };
  return { authorization: basic(settings.apiSecret ?? settings.projectToken, '') };
}

function rejected(record: { field?: string; message?: string; insert_id?: string }): ActionResult {
  const detail = [record.field, record.message].filter(Boolean).join(': ') || 'failed validation';
  return { status: 'error', code: 'PAYLOAD_REJECTED', retryable: false, httpStatus: 400, message: `Mixpanel rejected the event (${detail})` };
}

/**
 * POSTs events to the Import API and returns one result per event. A 400 listing
 * `failed_records` fails only those events (Mixpanel ingested the others); any other failure
 * fails every event with the classified error.
 *
 * @example
 * const results = await importEvents(request, settings, [{ event: 'Signed Up', properties: { distinct_id: 'u1', time: 1, $insert_id: 'a' } }]);
 */
export async function importEvents(request: RequestFn, settings: MixpanelSettings, events: MixpanelEvent[]): Promise<ActionResult[]> {
  const auth = importAuth(settings);
  const params = new URLSearchParams({ strict: settings.strictMode === false ? '0' : '1' });
  if (auth.projectId) params.set('project_id', auth.projectId);
  const response = await request(`${apiBase(settings)}/import?${params}`, {
    method: 'POST',
    headers: { authorization: auth.authorization },
    json: events,
    throwHttpErrors: false,
  });
  if (response.status >= 200 && response.status < 300) return events.map(() => ({ status: 'success' }));
  const failed = response.status === 400 ? failedRecords(response.body) : undefined;
  if (failed && failed.length > 0) {
    const byIndex = new Map(failed.map((f) => [f.index, f]));
    return events.map((_, i) => {
      const f = byIndex.get(i);
      return f ? rejected(f) : { status: 'success' };
    });
  }
  const error = errorFromResponse(response, mixpanelErrors) ?? new IntegrationError('UNKNOWN', `Mixpanel answered HTTP ${response.status}`);
  const result = errorResult(error);
  return events.map(() => result);
}

/**
 * POSTs profile updates to `/engage` or `/groups` (form-encoded `data=[…]`, `verbose=1` so a
 * rejected update is reported, `ip=0` so the server's IP is not used for geolocation). Throws the
 * classified error when Mixpanel refuses them.
 *
 * @example
 * await sendProfileUpdates(request, settings, 'engage', [{ $token, $distinct_id: 'u1', $set: { plan: 'pro' } }]);
 */
export async function sendProfileUpdates(request: RequestFn, settings: MixpanelSettings, path: 'engage' | 'groups', updates: object[]): Promise<void> {
  await request(`${apiBase(settings)}/${path}?verbose=1&ip=0`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({ data: JSON.stringify(updates) }).toString(),
  });
}

/**
 * Turns an error result back into the `IntegrationError` a `perform` throws.
 *
 * @example
 * const [result] = await importEvents(request, settings, [event]);
 * throwIfError(result!);
 */
export function throwIfError(result: ActionResult): void {
  if (result.status === 'success') return;
  throw new IntegrationError(result.code, result.message, {
    ...(result.httpStatus === undefined ? {} : { status: result.httpStatus }),
    retryable: result.retryable,
    ...(result.retryAfterMs === undefined ? {} : { retryAfterMs: result.retryAfterMs }),
  });
}
