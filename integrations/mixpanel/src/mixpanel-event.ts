import { createHash } from 'node:crypto';
import type { MixpanelEvent } from './mixpanel-client.ts';

/** Properties Mixpanel reserves; event properties of the same name are dropped. */
const RESERVED = new Set(['time', 'distinct_id', '$insert_id', '$user_id', '$device_id', 'token', 'id', '$anon_id', '$identified_id']);

const UTM: ReadonlyArray<readonly [string, string]> = [
  ['source', 'utm_source'],
  ['medium', 'utm_medium'],
  ['name', 'utm_campaign'],
  ['term', 'utm_term'],
  ['content', 'utm_content'],
];

/**
 * A Mixpanel `$insert_id`: kept when it is 1–36 letters, digits or dashes (Mixpanel's rule), else
 * the first 36 hex characters of its SHA-256, so retries of the same event still deduplicate.
 *
 * @example
 * toInsertId('6f1d-42'); // '6f1d-42'
 * toInsertId('ajs-next-1736935200000-0f6a2c2e-5d1b-4c3e-9a57-1234567890ab').length; // 36
 */
export function toInsertId(id: string): string {
  return /^[A-Za-z0-9-]{1,36}$/.test(id) ? id : createHash('sha256').update(id).digest('hex').slice(0, 36);
}

/**
 * Milliseconds since the epoch for an ISO date or a number (seconds below 10^11, else ms).
 * Returns `undefined` for anything else.
 *
 * @example
 * toMillis('2025-01-15T10:00:00.000Z'); // 1736935200000
 * toMillis(1736935200); // 1736935200000
 */
export function toMillis(value: string | number | undefined): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? (value < 1e11 ? Math.round(value * 1000) : Math.round(value)) : undefined;
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * The mapped fields of the track action.
 *
 * @example
 * const p: TrackPayload = { event: 'Signed Up', distinct_id: 'u1', time: '2025-01-15T10:00:00Z' };
 */
export interface TrackPayload {
  event: string;
  distinct_id?: string;
  user_id?: string;
  device_id?: string;
  insert_id?: string;
  time?: string | number;
  ip?: string;
  url?: string;
  referrer?: string;
  os?: string;
  utm?: Record<string, unknown>;
  event_properties?: Record<string, unknown>;
}

/**
 * Builds an Import API event: the event properties (reserved names dropped) plus `time` (ms),
 * `distinct_id` (`""` when unknown, as Mixpanel asks), `$insert_id`, `$user_id`, `$device_id`
 * (so Mixpanel's ID merge links anonymous and identified activity), `ip`, `$current_url`,
 * `$referrer`, `$os`, UTM parameters, `mp_lib: "junction"` and the optional `source_name`.
 *
 * @example
 * toMixpanelEvent({ event: 'Signed Up', distinct_id: 'u1', insert_id: 'm1', time: 1736935200000 }, undefined);
 * // { event: 'Signed Up', properties: { time: 1736935200000, distinct_id: 'u1', $insert_id: 'm1', mp_lib: 'junction' } }
 */
export function toMixpanelEvent(payload: TrackPayload, sourceName: string | undefined): MixpanelEvent {
  const time = toMillis(payload.time) ?? Date.now();
  const distinctId = payload.distinct_id ?? '';
  const properties: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(payload.event_properties ?? {})) if (!RESERVED.has(key)) properties[key] = value;
  for (const [from, to] of UTM) if (payload.utm?.[from] !== undefined) properties[to] = payload.utm[from];
  const extra: Record<string, unknown> = {
    time,
    distinct_id: distinctId,
    $insert_id: toInsertId(payload.insert_id ?? `${payload.event}|${distinctId}|${time}`),
    $user_id: payload.user_id,
    $device_id: payload.device_id,
    ip: payload.ip,
    $current_url: payload.url,
    $referrer: payload.referrer || undefined,
    $os: payload.os,
    mp_lib: 'junction',
    source_name: sourceName,
  };
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) properties[key] = value;
  return { event: payload.event, properties };
}
