import { convertDates, toUnixSeconds } from './customerio-client.ts';

/**
 * Fields shared by the Customer.io event actions (Segment-style defaults).
 *
 * @example
 * const fields = { type: 'object', properties: { name: { type: 'string' }, ...eventFields } } as const;
 */
export const eventFields = {
  id: { type: 'string', minLength: 1, title: 'Person ID', description: 'The person the event belongs to; without it the event is anonymous.', default: { '@path': '$.userId' } },
  anonymous_id: { type: 'string', minLength: 1, title: 'Anonymous ID', description: 'Used for anonymous events; merged into the person when they are identified with it.', default: { '@path': '$.anonymousId' } },
  event_id: { type: 'string', minLength: 1, title: 'Event ID', description: 'Optional ULID that Customer.io uses to deduplicate the event.' },
  timestamp: { type: ['string', 'number'], title: 'Timestamp', description: 'Sent as Unix seconds.', default: { '@path': '$.timestamp' } },
  data: { type: 'object', title: 'Event data', description: 'Up to 100 000 bytes.', default: { '@path': '$.properties' } },
  convert_timestamp: { type: 'boolean', title: 'Convert dates', description: 'Convert ISO dates in the data to Unix seconds (default on).', default: true },
} as const;

/**
 * The mapped fields shared by the event actions.
 *
 * @example
 * const p: EventPayload = { id: 'user-1', timestamp: '2025-01-15T10:00:00Z', data: { plan: 'pro' } };
 */
export interface EventPayload {
  id?: string;
  anonymous_id?: string;
  event_id?: string;
  timestamp?: string | number;
  data?: Record<string, unknown>;
  convert_timestamp?: boolean;
}

/**
 * The body of a Track API event: `{ name, type?, id?, timestamp?, data }` (timestamp in Unix
 * seconds, dates in `data` converted unless `convert_timestamp` is false).
 *
 * @example
 * eventBody({ timestamp: '2025-01-15T10:00:00.000Z', data: { a: 1 } }, 'Signed Up');
 * // { name: 'Signed Up', timestamp: 1736935200, data: { a: 1 } }
 */
export function eventBody(payload: EventPayload, name: string, type?: 'page' | 'screen'): Record<string, unknown> {
  const data = payload.data ?? {};
  const timestamp = toUnixSeconds(payload.timestamp);
  return {
    name,
    ...(type ? { type } : {}),
    ...(payload.event_id ? { id: payload.event_id } : {}),
    ...(timestamp === undefined ? {} : { timestamp }),
    data: payload.convert_timestamp === false ? data : convertDates(data),
  };
}
