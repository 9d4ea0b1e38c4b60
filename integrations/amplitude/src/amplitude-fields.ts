/**
 * Field schemas shared by the Amplitude actions, with Segment-style default mappings, and the
 * helpers that turn mapped payloads into Amplitude events.
 */

const path = (p: string) => ({ '@path': p });

/**
 * Identity and context fields every Amplitude event carries (HTTP V2 event keys).
 *
 * @example
 * const fields = { type: 'object', properties: { ...identityFields, event_type: { type: 'string' } } } as const;
 */
export const identityFields = {
  user_id: { type: 'string', title: 'User ID', default: path('$.userId') },
  device_id: {
    type: 'string',
    title: 'Device ID',
    description: 'The device ID, else the anonymous ID.',
    default: {
      '@if': {
        exists: path('$.context.device.id'),
        // biome-ignore lint/suspicious/noThenProperty: "then" is the @if branch key of the mapping language
        then: path('$.context.device.id'),
        else: path('$.anonymousId'),
      },
    },
  },
  time: { type: ['string', 'number'], title: 'Time', description: 'ISO date or epoch milliseconds.', default: path('$.timestamp') },
  insert_id: { type: 'string', title: 'Insert ID', description: 'Deduplication key (7 days).', default: path('$.messageId') },
  session_id: {
    type: ['string', 'number'],
    title: 'Session ID',
    description: 'Session start time (epoch ms), as set by the Amplitude browser plugin.',
    default: path('$.integrations["Actions Amplitude"].session_id'),
  },
  app_version: { type: 'string', title: 'App version', default: path('$.context.app.version') },
  platform: { type: 'string', title: 'Platform', default: path('$.context.device.type') },
  os_name: { type: 'string', title: 'OS name', default: path('$.context.os.name') },
  os_version: { type: 'string', title: 'OS version', default: path('$.context.os.version') },
  device_brand: { type: 'string', title: 'Device brand', default: path('$.context.device.brand') },
  device_manufacturer: { type: 'string', title: 'Device manufacturer', default: path('$.context.device.manufacturer') },
  device_model: { type: 'string', title: 'Device model', default: path('$.context.device.model') },
  carrier: { type: 'string', title: 'Carrier', default: path('$.context.network.carrier') },
  country: { type: 'string', title: 'Country', default: path('$.context.location.country') },
  region: { type: 'string', title: 'Region', default: path('$.context.location.region') },
  city: { type: 'string', title: 'City', default: path('$.context.location.city') },
  language: { type: 'string', title: 'Language', default: path('$.context.locale') },
  ip: { type: 'string', title: 'IP address', default: path('$.context.ip') },
} as const;

/**
 * Payload keys handled specially by {@link toAmplitudeEvent} (not copied as they are).
 *
 * @example
 * SPECIAL_KEYS.has('time'); // true
 */
export const SPECIAL_KEYS = new Set(['time', 'session_id']);

function toMillis(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.round(value) : undefined;
  if (typeof value !== 'string') return undefined;
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * Builds an Amplitude event from a mapped payload: `time` and `session_id` in epoch
 * milliseconds, empty objects and `undefined` dropped, `library: "junction"`, and `extra` merged last.
 *
 * @example
 * toAmplitudeEvent({ user_id: 'user-1', time: '2025-01-15T10:00:00.000Z' }, { event_type: 'Signed Up' });
 * // { user_id: 'user-1', time: 1736935200000, library: 'junction', event_type: 'Signed Up' }
 */
export function toAmplitudeEvent(payload: Record<string, unknown>, extra: { event_type: string } & Record<string, unknown>) {
  const event: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(payload)) {
    if (value === undefined || SPECIAL_KEYS.has(key)) continue;
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0) continue;
    event[key] = value;
  }
  const time = toMillis(payload.time);
  if (time !== undefined) event.time = time;
  const session = toMillis(payload.session_id);
  if (session !== undefined) event.session_id = session;
  event.library = 'junction';
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) event[key] = value;
  return event as { event_type: string } & Record<string, unknown>;
}
