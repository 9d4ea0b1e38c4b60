import { IntegrationError, type RequestFn } from '@junction/core';
import type { CustomerioSettings } from './customerio-settings.ts';

/**
 * Track API hosts by account region.
 *
 * @example
 * CUSTOMERIO_HOSTS.EU; // 'https://track-eu.customer.io'
 */
export const CUSTOMERIO_HOSTS = { US: 'https://track.customer.io', EU: 'https://track-eu.customer.io' } as const;

/**
 * Basic authentication for the Track API: `siteId:apiKey`.
 *
 * @example
 * trackAuth({ siteId: 'site-0001', apiKey: 'key-00001' }); // 'Basic c2l0ZS0wMDAxOmtleS0wMDAwMQ=='
 */
export function trackAuth(settings: CustomerioSettings): string {
  return `Basic ${Buffer.from(`${settings.siteId}:${settings.apiKey}`).toString('base64')}`;
}

/**
 * Sends a Track API v1 request (`/api/v1/…`) with Basic auth to the settings' region.
 *
 * @example
 * await track(request, settings, 'PUT', `/customers/${encodeURIComponent('user-1')}`, { email: 'ada@example.com' });
 */
export async function track(request: RequestFn, settings: CustomerioSettings, method: 'PUT' | 'POST', path: string, body: object): Promise<void> {
  await request(`${CUSTOMERIO_HOSTS[settings.region ?? 'US']}/api/v1${path}`, {
    method,
    headers: { authorization: trackAuth(settings) },
    json: body,
  });
}

/**
 * Unix seconds for an ISO date, a `Date.parse`-able string or a number (ms above 10^11, else s).
 * Returns `undefined` when the value is no date.
 *
 * @example
 * toUnixSeconds('2025-01-15T10:00:00.000Z'); // 1736935200
 */
export function toUnixSeconds(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.floor(value > 1e11 ? value / 1000 : value) : undefined;
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Converts top-level ISO 8601 date-time strings to Unix seconds (Customer.io segments and
 * campaigns treat dates as Unix timestamps).
 *
 * @example
 * convertDates({ trial_end: '2025-02-01T00:00:00Z', plan: 'pro' }); // { trial_end: 1738368000, plan: 'pro' }
 */
export function convertDates(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) out[key] = typeof value === 'string' && ISO_DATE.test(value) ? toUnixSeconds(value) : value;
  return out;
}

/**
 * Sends an event for a person (`POST /customers/{id}/events`) or, without an ID, an anonymous
 * event (`POST /events` with `anonymous_id`). Throws `INVALID_PAYLOAD` when there is neither.
 *
 * @example
 * await sendEvent(request, settings, { id: 'user-1', body: { name: 'Signed Up', data: {}, timestamp: 1736935200 } });
 */
export async function sendEvent(
  request: RequestFn,
  settings: CustomerioSettings,
  who: { id?: string | undefined; anonymousId?: string | undefined; body: Record<string, unknown> },
): Promise<void> {
  if (who.id) return track(request, settings, 'POST', `/customers/${encodeURIComponent(who.id)}/events`, who.body);
  if (who.anonymousId) return track(request, settings, 'POST', '/events', { ...who.body, anonymous_id: who.anonymousId });
  throw new IntegrationError('INVALID_PAYLOAD', 'payload.id or payload.anonymous_id is required to send an event to Customer.io (both are empty)');
}
