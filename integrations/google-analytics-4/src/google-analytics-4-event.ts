import { IntegrationError } from '@junction/core';
import { REQUEST_KEYS } from './google-analytics-4-fields.ts';
import { eventNameProblem, GA4_LIMITS, paramNameProblem, RESERVED_USER_PROPERTY_NAMES } from './google-analytics-4-rules.ts';
import type { GoogleAnalytics4Settings } from './google-analytics-4-settings.ts';

type Scalar = string | number | boolean;

/**
 * What every GA4 action's payload holds (event-specific parameters are the other keys).
 *
 * @example
 * const p: Ga4Payload = { client_id: 'anon-1', currency: 'EUR', value: 9.5 };
 */
export interface Ga4Payload {
  client_id?: string;
  app_instance_id?: string;
  user_id?: string;
  timestamp_micros?: string | number;
  user_properties?: Record<string, Scalar | null>;
  ad_user_data_consent?: 'GRANTED' | 'DENIED';
  ad_personalization_consent?: 'GRANTED' | 'DENIED';
  params?: Record<string, Scalar>;
  [param: string]: unknown;
}

/**
 * One Measurement Protocol event and the request-level fields it must be sent with.
 *
 * @example
 * const e: Ga4Event = { identity: { client_id: 'anon-1' }, event: { name: 'purchase', params: { value: 9.5 } } };
 */
export interface Ga4Event {
  /** client_id or app_instance_id, user_id, user_properties, consent: events sharing them share a request. */
  identity: Record<string, unknown>;
  event: { name: string; params: Record<string, unknown>; timestamp_micros?: number };
}

const invalid = (message: string) => new IntegrationError('INVALID_PAYLOAD', message);

/**
 * The stream the settings select: `web` with a measurement ID, else `app` with a Firebase App ID.
 *
 * @example
 * streamOf({ measurementId: 'G-ABC123', apiSecret: 'secret_123' }); // 'web'
 */
export function streamOf(settings: GoogleAnalytics4Settings): 'web' | 'app' {
  if (settings.measurementId) return 'web';
  if (settings.firebaseAppId) return 'app';
  throw new IntegrationError('INVALID_SETTINGS', 'settings.measurementId (web stream) or settings.firebaseAppId (app stream) is required');
}

/**
 * Converts an ISO-8601 date or a Unix-microseconds value to Unix microseconds.
 *
 * @example
 * toMicros('2025-01-15T10:00:00.000Z'); // 1736935200000000
 */
export function toMicros(value: string | number): number {
  const micros = typeof value === 'number' || /^\d+$/.test(value) ? Number(value) : Date.parse(value) * 1000;
  if (!Number.isFinite(micros)) throw invalid(`payload.timestamp_micros "${value}" is neither an ISO-8601 date nor Unix microseconds`);
  return micros;
}

function checkParams(params: Record<string, unknown>): void {
  const names = Object.keys(params);
  if (names.length > GA4_LIMITS.paramsPerEvent) throw invalid(`payload has ${names.length} event parameters; GA4 accepts at most ${GA4_LIMITS.paramsPerEvent}`);
  for (const [name, value] of Object.entries(params)) {
    const problem = paramNameProblem(name, 'payload');
    if (problem) throw invalid(problem);
    if (name === 'items') continue;
    if (value === null || typeof value === 'object') throw invalid(`payload.${name}: GA4 event parameters must be strings, numbers or booleans`);
  }
  if (params.value !== undefined && params.currency === undefined) throw invalid('payload.currency is required when payload.value is set (GA4 rule)');
  const items = params.items;
  if (Array.isArray(items)) {
    for (const [i, item] of items.entries()) {
      const { item_id, item_name } = item as { item_id?: unknown; item_name?: unknown };
      if (item_id === undefined && item_name === undefined) throw invalid(`payload.items[${i}] needs item_id or item_name`);
    }
  }
}

function userProperties(props: Record<string, Scalar | null> | undefined) {
  if (!props || Object.keys(props).length === 0) return undefined;
  const names = Object.keys(props);
  if (names.length > GA4_LIMITS.userProperties) throw invalid(`payload.user_properties has ${names.length} properties; GA4 accepts at most ${GA4_LIMITS.userProperties}`);
  const out: Record<string, { value: Scalar | null }> = {};
  for (const [name, value] of Object.entries(props)) {
    const problem = paramNameProblem(name, 'payload.user_properties', GA4_LIMITS.userPropertyNameLength);
    if (problem) throw invalid(problem);
    if (RESERVED_USER_PROPERTY_NAMES.has(name)) throw invalid(`payload.user_properties.${name}: the name is reserved by Google Analytics`);
    out[name] = { value };
  }
  return out;
}

/**
 * Builds the Measurement Protocol event for a payload: checks the name rules, the parameters
 * (names, scalar values, ≤ 25, currency with value, items with an ID or name) and the identifiers
 * the stream needs; throws an `INVALID_PAYLOAD` naming the field otherwise.
 *
 * @example
 * toGa4Event(settings, 'purchase', { client_id: 'anon-1', transaction_id: 'o-1', currency: 'eur', value: 10 });
 * // { identity: { client_id: 'anon-1' }, event: { name: 'purchase', params: { transaction_id: 'o-1', currency: 'EUR', value: 10 } } }
 */
export function toGa4Event(settings: GoogleAnalytics4Settings, name: string, payload: Ga4Payload): Ga4Event {
  const problem = eventNameProblem(name);
  if (problem) throw invalid(problem);
  const identity: Record<string, unknown> = {};
  if (streamOf(settings) === 'web') {
    if (!payload.client_id) throw invalid('payload.client_id is required for web streams (map it from anonymousId)');
    identity.client_id = payload.client_id;
  } else {
    if (!payload.app_instance_id) throw invalid('payload.app_instance_id is required for app streams (map the Firebase app instance ID)');
    identity.app_instance_id = payload.app_instance_id;
  }
  if (payload.user_id) identity.user_id = payload.user_id;
  const props = userProperties(payload.user_properties);
  if (props) identity.user_properties = props;
  if (payload.ad_user_data_consent || payload.ad_personalization_consent) {
    identity.consent = { ad_user_data: payload.ad_user_data_consent, ad_personalization: payload.ad_personalization_consent };
  }
  const params: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(payload)) if (!REQUEST_KEYS.has(key) && value !== undefined) params[key] = value;
  Object.assign(params, payload.params);
  if (typeof params.currency === 'string') params.currency = params.currency.toUpperCase();
  checkParams(params);
  const event: Ga4Event['event'] = { name, params };
  if (payload.timestamp_micros !== undefined) event.timestamp_micros = toMicros(payload.timestamp_micros);
  return { identity, event };
}
