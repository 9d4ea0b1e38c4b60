/**
 * Types of Segment's spec calls: what clients send (`RawEvent`) and what the store keeps
 * (`SegmentEvent`, normalised, discriminated by `type`).
 */

/**
 * The six Segment spec calls, in the order Segment documents them.
 *
 * @example
 * EVENT_TYPES.includes('track'); // true
 */
export const EVENT_TYPES = ['identify', 'track', 'page', 'screen', 'group', 'alias'] as const;

/**
 * One Segment spec call type.
 *
 * @example
 * const type: EventType = 'track';
 */
export type EventType = (typeof EVENT_TYPES)[number];

/**
 * Whether a value is one of the six spec call types (case-sensitive).
 *
 * @example
 * isEventType('page'); // true
 * isEventType('Track'); // false
 */
export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && (EVENT_TYPES as readonly string[]).includes(value);
}

/**
 * A free-form JSON object (properties, traits, context, integrations).
 *
 * @example
 * const props: JsonObject = { revenue: 14.99 };
 */
export type JsonObject = Record<string, unknown>;

/**
 * The `integrations` object: destination name → `true`, `false` or an options object;
 * `All` sets the default.
 *
 * @example
 * const integrations: IntegrationsObject = { All: false, Mixpanel: true, Amplitude: { session_id: 1 } };
 */
export type IntegrationsObject = Record<string, unknown>;

/**
 * An id as clients may send it: Segment's classic libraries accept numbers, and `null` means absent.
 *
 * @example
 * const id: RawId = 42; // normalised to "42"
 */
export type RawId = string | number | null;

/**
 * An event as a client sends it (single call body or one item of a batch), before validation.
 * `type` may be missing when the endpoint (`/v1/track`, …) supplies it. `writeKey` may be in the
 * body for authentication; it is never kept.
 *
 * @example
 * const raw: RawEvent = { type: 'track', userId: 42, event: 'Signed Up', timestamp: '2024-01-01T00:00:00Z' };
 */
export interface RawEvent {
  type?: EventType;
  messageId?: string | null;
  userId?: RawId;
  anonymousId?: RawId;
  previousId?: RawId;
  groupId?: RawId;
  event?: string;
  name?: string | null;
  category?: string | null;
  properties?: JsonObject | null;
  traits?: JsonObject | null;
  context?: JsonObject | null;
  integrations?: IntegrationsObject | null;
  timestamp?: string | null;
  sentAt?: string | null;
  originalTimestamp?: string | null;
  receivedAt?: unknown;
  writeKey?: unknown;
  [extra: string]: unknown;
}

/**
 * A raw event whose type is known (what `validateEvent` returns).
 *
 * @example
 * const typed: TypedRawEvent = { type: 'page', anonymousId: 'a1' };
 */
export type TypedRawEvent = RawEvent & { type: EventType };

/**
 * Fields every normalised event has. Ids are strings; times are ISO-8601 UTC strings
 * (`toISOString()` form). Unknown top-level fields a client sent are kept, except `writeKey`.
 *
 * @example
 * const base: SegmentEventBase = {
 *   type: 'page', messageId: 'm1', anonymousId: 'a1', context: {}, integrations: {},
 *   timestamp: '2024-01-01T00:00:00.000Z', receivedAt: '2024-01-01T00:00:00.000Z',
 * };
 */
export interface SegmentEventBase {
  type: EventType;
  messageId: string;
  userId?: string;
  anonymousId?: string;
  context: JsonObject;
  integrations: IntegrationsObject;
  /** When the event happened, corrected for client clock skew. */
  timestamp: string;
  /** Server time when Junction received the event. */
  receivedAt: string;
  /** Client time when the library sent the event, if the client said. */
  sentAt?: string;
  /** The client's own `timestamp`, unmodified (as ISO UTC), if the client sent one. */
  originalTimestamp?: string;
  [extra: string]: unknown;
}

/** @example const e: IdentifyEvent = { ...base, type: 'identify', traits: { plan: 'pro' } }; */
export interface IdentifyEvent extends SegmentEventBase {
  type: 'identify';
  traits: JsonObject;
}

/** @example const e: TrackEvent = { ...base, type: 'track', event: 'Signed Up', properties: {} }; */
export interface TrackEvent extends SegmentEventBase {
  type: 'track';
  event: string;
  properties: JsonObject;
}

/** @example const e: PageEvent = { ...base, type: 'page', name: 'Home', properties: {} }; */
export interface PageEvent extends SegmentEventBase {
  type: 'page';
  name?: string;
  category?: string;
  properties: JsonObject;
}

/** @example const e: ScreenEvent = { ...base, type: 'screen', name: 'Settings', properties: {} }; */
export interface ScreenEvent extends SegmentEventBase {
  type: 'screen';
  name?: string;
  category?: string;
  properties: JsonObject;
}

/** @example const e: GroupEvent = { ...base, type: 'group', groupId: 'acme', traits: {} }; */
export interface GroupEvent extends SegmentEventBase {
  type: 'group';
  groupId: string;
  traits: JsonObject;
}

/** @example const e: AliasEvent = { ...base, type: 'alias', userId: 'u1', previousId: 'a1' }; */
export interface AliasEvent extends SegmentEventBase {
  type: 'alias';
  userId: string;
  previousId: string;
}

/**
 * A normalised event, as the store keeps it; narrow on `type`.
 *
 * @example
 * function label(e: SegmentEvent): string {
 *   return e.type === 'track' ? e.event : e.type;
 * }
 */
export type SegmentEvent = IdentifyEvent | TrackEvent | PageEvent | ScreenEvent | GroupEvent | AliasEvent;
