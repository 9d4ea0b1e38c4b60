/**
 * Event names the Measurement Protocol reserves (events with these names are dropped by GA4).
 *
 * @example
 * RESERVED_EVENT_NAMES.has('session_start'); // true
 */
export const RESERVED_EVENT_NAMES: ReadonlySet<string> = new Set([
  'ad_activeview', 'ad_click', 'ad_exposure', 'ad_impression', 'ad_query', 'ad_reward', 'adunit_exposure',
  'app_background', 'app_clear_data', 'app_exception', 'app_remove', 'app_store_refund',
  'app_store_subscription_cancel', 'app_store_subscription_convert', 'app_store_subscription_renew',
  'app_update', 'app_upgrade', 'dynamic_link_app_open', 'dynamic_link_app_update', 'dynamic_link_first_open',
  'error', 'firebase_campaign', 'firebase_in_app_message_action', 'firebase_in_app_message_dismiss',
  'firebase_in_app_message_impression', 'first_open', 'first_visit', 'in_app_purchase', 'notification_dismiss',
  'notification_foreground', 'notification_open', 'notification_receive', 'os_update', 'session_start',
  'session_start_with_rollout', 'user_engagement',
]);

/**
 * User property names the Measurement Protocol reserves.
 *
 * @example
 * RESERVED_USER_PROPERTY_NAMES.has('user_id'); // true
 */
export const RESERVED_USER_PROPERTY_NAMES: ReadonlySet<string> = new Set([
  'first_open_time', 'first_visit_time', 'last_deep_link_referrer', 'user_id', 'first_open_after_install',
]);

/**
 * GA4's collection limits that the plugin checks before sending.
 *
 * @example
 * GA4_LIMITS.eventsPerRequest; // 25
 */
export const GA4_LIMITS = {
  eventsPerRequest: 25,
  bytesPerRequest: 130_000,
  nameLength: 40,
  paramsPerEvent: 25,
  userProperties: 25,
  userPropertyNameLength: 24,
  userPropertyValueLength: 36,
} as const;

const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const RESERVED_EVENT_PREFIXES = ['_', 'firebase_', 'ga_', 'google_', 'gtag.'];
const RESERVED_PARAM_PREFIXES = ['_', 'firebase_', 'ga_', 'google_'];

/**
 * Why an event name breaks GA4's rules (≤ 40 characters, starts with a letter, then letters,
 * digits or underscores, not reserved), or `undefined` when it is fine.
 *
 * @example
 * eventNameProblem('Order Completed'); // 'event name "Order Completed" may only contain letters, digits and underscores and must start with a letter'
 * eventNameProblem('purchase'); // undefined
 */
export function eventNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'event name is empty';
  if (name.length > GA4_LIMITS.nameLength) return `event name "${name}" is longer than ${GA4_LIMITS.nameLength} characters`;
  const prefix = RESERVED_EVENT_PREFIXES.find((p) => name.toLowerCase().startsWith(p));
  if (prefix) return `event name "${name}" starts with the reserved prefix "${prefix}"`;
  if (!NAME.test(name)) return `event name "${name}" may only contain letters, digits and underscores and must start with a letter`;
  if (RESERVED_EVENT_NAMES.has(name)) return `event name "${name}" is reserved by Google Analytics`;
  return undefined;
}

/**
 * Why a parameter (or user property) name breaks GA4's rules, or `undefined`.
 *
 * @example
 * paramNameProblem('ga_session', 'payload.params'); // 'payload.params.ga_session: name starts with the reserved prefix "ga_"'
 */
export function paramNameProblem(name: string, where: string, maxLength: number = GA4_LIMITS.nameLength): string | undefined {
  if (name.length > maxLength) return `${where}.${name}: name is longer than ${maxLength} characters`;
  const prefix = RESERVED_PARAM_PREFIXES.find((p) => name.toLowerCase().startsWith(p));
  if (prefix) return `${where}.${name}: name starts with the reserved prefix "${prefix}"`;
  if (!NAME.test(name)) return `${where}.${name}: name may only contain letters, digits and underscores and must start with a letter`;
  return undefined;
}

/**
 * Custom event names as Segment sends them made GA4-friendly: trimmed, whitespace runs → `_`,
 * optionally lower-cased (GA4 names are case-sensitive).
 *
 * @example
 * normalizeEventName(' Video Played ', true); // 'video_played'
 */
export function normalizeEventName(name: string, lowercase = false): string {
  const snake = name.trim().replace(/\s+/g, '_');
  return lowercase ? snake.toLowerCase() : snake;
}
