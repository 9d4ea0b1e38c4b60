import { IntegrationError } from '@junction/core';

const path = (p: string) => ({ '@path': p }) as const;

/**
 * Who an object is about (one of external_id, user_alias, braze_id, email is required) and
 * whether it may create users; shared by every Braze action.
 *
 * @example
 * const fields = { type: 'object', properties: { ...identityFields, name: { type: 'string' } } } as const;
 */
export const identityFields = {
  external_id: { type: 'string', minLength: 1, title: 'External ID', default: path('$.userId') },
  user_alias: {
    type: 'object',
    properties: { alias_name: { type: 'string', minLength: 1 }, alias_label: { type: 'string', minLength: 1 } },
    required: ['alias_name', 'alias_label'],
    additionalProperties: false,
    title: 'User alias',
    description: 'Identifies users without an external ID, e.g. {"alias_name": anonymousId, "alias_label": "segment_anonymous_id"}.',
  },
  braze_id: { type: 'string', minLength: 1, title: 'Braze ID', default: path('$.properties.braze_id') },
  _update_existing_only: {
    type: 'boolean',
    title: 'Update existing users only',
    description: 'When true, Braze ignores objects about users that do not exist yet. Default false (users are created).',
    default: false,
  },
} as const;

/**
 * The identity part of a payload (see {@link identityFields}).
 *
 * @example
 * const p: BrazeIdentity = { external_id: 'user-1', _update_existing_only: false };
 */
export interface BrazeIdentity {
  external_id?: string;
  user_alias?: { alias_name: string; alias_label: string };
  braze_id?: string;
  email?: string;
  _update_existing_only?: boolean;
}

/**
 * The identifier fields of a `/users/track` object; throws `INVALID_PAYLOAD` when there is none.
 * `email` identifies the user only when no other identifier is present.
 *
 * @example
 * identityOf({ external_id: 'user-1', email: 'ada@example.com' }); // { external_id: 'user-1', _update_existing_only: false }
 */
export function identityOf(p: BrazeIdentity): Record<string, unknown> {
  const ids: Record<string, unknown> = {};
  if (p.external_id) ids.external_id = p.external_id;
  if (p.user_alias) ids.user_alias = p.user_alias;
  if (p.braze_id) ids.braze_id = p.braze_id;
  if (Object.keys(ids).length === 0 && p.email) ids.email = p.email;
  if (Object.keys(ids).length === 0) {
    throw new IntegrationError('INVALID_PAYLOAD', 'payload.external_id, payload.user_alias, payload.braze_id or payload.email is required by Braze (all are empty)');
  }
  return { ...ids, _update_existing_only: p._update_existing_only ?? false };
}

/**
 * An ISO-8601 time from a date string or epoch milliseconds; throws `INVALID_PAYLOAD` naming the field.
 *
 * @example
 * toIsoTime('2025-01-15T10:00:00.000Z', 'payload.time'); // '2025-01-15T10:00:00.000Z'
 */
export function toIsoTime(value: string | number | undefined, field: string): string {
  const date = value === undefined ? new Date() : new Date(value);
  if (Number.isNaN(date.getTime())) throw new IntegrationError('INVALID_PAYLOAD', `${field} "${value}" is not a date`);
  return date.toISOString();
}
