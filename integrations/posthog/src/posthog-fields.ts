/**
 * Field schemas shared by the PostHog actions (Segment-style defaults) and the helper that puts
 * optional values into event properties.
 */

/**
 * `distinct_id`: the user ID, else the anonymous ID.
 *
 * @example
 * const fields = { type: 'object', properties: { distinct_id: distinctIdField } } as const;
 */
export const distinctIdField = {
  type: 'string',
  minLength: 1,
  title: 'Distinct ID',
  description: 'The user ID, else the anonymous ID.',
  default: {
    '@if': {
      exists: { '@path': '$.userId' },
      // biome-ignore lint/suspicious/noThenProperty: "then" is the @if branch key of the mapping language
      then: { '@path': '$.userId' },
      else: { '@path': '$.anonymousId' },
    },
  },
} as const;

/**
 * `timestamp` (ISO 8601) and `ip` fields.
 *
 * @example
 * const fields = { type: 'object', properties: { ...timeAndIpFields } } as const;
 */
export const timeAndIpFields = {
  timestamp: { type: 'string', title: 'Timestamp', default: { '@path': '$.timestamp' } },
  ip: { type: 'string', title: 'IP address', description: 'Sent as $ip (GeoIP).', default: { '@path': '$.context.ip' } },
} as const;

/**
 * Adds each defined, non-empty value of `extra` to `properties` (later keys win).
 *
 * @example
 * withDefined({ a: 1 }, { $ip: undefined, $referrer: '', $current_url: 'https://x' }); // { a: 1, $current_url: 'https://x' }
 */
export function withDefined(properties: Record<string, unknown> | undefined, extra: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...properties };
  for (const [key, value] of Object.entries(extra)) if (value !== undefined && value !== '') out[key] = value;
  return out;
}
