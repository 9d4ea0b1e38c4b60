/**
 * Normalisation of a validated call into the `SegmentEvent` the store keeps. Pure: the clock and
 * the id generator come in through `options`.
 *
 * - `messageId`: kept when sent, else generated (default `newMessageId()`, a version-4 UUID).
 * - ids: numbers become decimal strings; `null` / `""` are dropped.
 * - times (Segment's clock-skew rule): `receivedAt` = server time; `originalTimestamp` = the
 *   client's `timestamp`; `timestamp` = receivedAt − (sentAt − originalTimestamp) when the client
 *   sent both `timestamp` and `sentAt`, the client's `timestamp` when it sent no `sentAt`, and
 *   `receivedAt` when it sent no `timestamp`. All ISO-8601 UTC (`toISOString()`).
 * - `context` / `integrations`: the batch's top-level objects deep-merged under the item's (item
 *   wins). `integrations` stays as sent (`{}` when absent); `isIntegrationEnabled` applies the
 *   default `All: true`.
 * - `writeKey` is dropped; other unknown top-level fields are kept as sent.
 */
import { type EventType, isEventType, type RawEvent, type SegmentEvent } from './event-types.ts';
import { formatIsoTimestamp, hasCanonicalShape, parseIsoTimestamp } from './iso-timestamp.ts';
import { isPlainObject, mergeObjects } from './merge-objects.ts';
import { newMessageId } from './message-id.ts';

/**
 * Options of `normalizeEvent`.
 *
 * @example
 * const options: NormalizeEventOptions = { receivedAt: new Date(), type: 'track' };
 */
export interface NormalizeEventOptions {
  /** Server time of receipt. */
  receivedAt: Date;
  /** Call type from the endpoint; overrides `raw.type`. */
  type?: EventType;
  /** Generates a messageId when the client sent none (default `newMessageId`, a version-4 UUID). */
  generateId?: () => string;
  /** A batch's top-level `context`, merged under the item's. */
  context?: object;
  /** A batch's top-level `integrations`, merged under the item's. */
  integrations?: object;
  /** A batch's top-level `sentAt`, used when the item has no `sentAt` key. */
  sentAt?: string;
}

const TIME_KEYS = ['timestamp', 'sentAt', 'receivedAt', 'originalTimestamp'] as const;
const ID_KEYS = ['userId', 'anonymousId', 'previousId', 'groupId'] as const;
/** Keys not copied as sent: dropped (`writeKey`, `__proto__`) or rebuilt below (times, ids). */
const NOT_COPIED: ReadonlySet<string> = new Set(['writeKey', '__proto__', ...TIME_KEYS, ...ID_KEYS]);

let lastReceivedMs = Number.NaN;
let lastReceivedIso = '';
/** The ISO form of receivedAt, remembered (a batch shares one receivedAt). */
function receivedIso(ms: number): string {
  if (ms !== lastReceivedMs) {
    lastReceivedIso = formatIsoTimestamp(ms);
    lastReceivedMs = ms;
  }
  return lastReceivedIso;
}

/** The client's own text (which parsed to `ms`) when it is already in `toISOString()` form, else the instant re-formatted. */
function clientIso(text: unknown, ms: number): string {
  return typeof text === 'string' && hasCanonicalShape(text) ? text : formatIsoTimestamp(ms);
}

function toId(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function clientTime(value: unknown): number | undefined {
  return typeof value === 'string' ? parseIsoTimestamp(value) : undefined;
}

function bag(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/**
 * Builds the normalised object. `share`: a `context` / `integrations` with nothing to merge is
 * the raw object itself instead of a copy (same JSON text; for output that is serialised at once).
 */
function build(raw: RawEvent, options: NormalizeEventOptions, share: boolean): SegmentEvent {
  const type = options.type ?? raw.type;
  if (!isEventType(type)) throw new TypeError('normalizeEvent: the event has no valid "type" (validate it first)');
  const received = options.receivedAt;
  if (!(received instanceof Date) || Number.isNaN(received.getTime())) {
    throw new TypeError('normalizeEvent: options.receivedAt must be a valid Date');
  }
  const out: Record<string, unknown> = {};
  // Built by copying the kept keys (never `delete`, which would make every event a slow dictionary object).
  // for-in with hasOwn: the own keys, as Object.keys lists them, without a key array per event.
  for (const key in raw) {
    if (!Object.hasOwn(raw, key) || NOT_COPIED.has(key)) continue;
    const value = raw[key];
    if (value === null && (key === 'name' || key === 'category' || key === 'event' || key === 'properties' || key === 'traits')) continue;
    out[key] = value;
  }
  out.type = type;
  const messageId = typeof raw.messageId === 'string' && raw.messageId !== '' ? raw.messageId : undefined;
  out.messageId = messageId ?? (options.generateId ? options.generateId() : newMessageId());
  for (const key of ID_KEYS) {
    const id = toId(raw[key]);
    if (id !== undefined) out[key] = id;
  }
  out.context = share ? mergeOrShare(options.context, raw.context) : mergeObjects(options.context, raw.context);
  out.integrations = share ? mergeOrShare(options.integrations, raw.integrations) : mergeObjects(options.integrations, raw.integrations);
  if (type === 'track' || type === 'page' || type === 'screen') out.properties = bag(raw.properties);
  if (type === 'identify' || type === 'group') out.traits = bag(raw.traits);

  const receivedMs = received.getTime();
  const original = clientTime(raw.timestamp);
  const sentText = raw.sentAt === undefined ? options.sentAt : raw.sentAt;
  const sent = clientTime(sentText);
  const originalIso = original === undefined ? undefined : clientIso(raw.timestamp, original);
  if (originalIso !== undefined) out.originalTimestamp = originalIso;
  if (sent !== undefined) out.sentAt = clientIso(sentText, sent);
  const receivedText = receivedIso(receivedMs);
  out.receivedAt = receivedText;
  if (original === undefined) out.timestamp = receivedText;
  else if (sent === undefined) out.timestamp = originalIso;
  else out.timestamp = formatIsoTimestamp(receivedMs - (sent - original));
  return out as unknown as SegmentEvent;
}

/** `mergeObjects(base, own)`, or `own` itself when it is all there is and a copy would equal it. */
function mergeOrShare(base: unknown, own: unknown): unknown {
  if (base === undefined && isPlainObject(own) && !Object.hasOwn(own, '__proto__')) return own;
  return mergeObjects(base, own);
}

/**
 * Normalises a validated raw call. Throws `TypeError` when the type is unknown or `receivedAt` is
 * not a valid Date (both are programming errors: validate first).
 *
 * @example
 * normalizeEvent(
 *   { type: 'track', userId: 42, event: 'Played', timestamp: '2024-01-01T10:00:00Z', sentAt: '2024-01-01T10:00:05Z' },
 *   { receivedAt: new Date('2024-01-01T12:00:07.500Z'), generateId: () => 'm-1' },
 * );
 * // { type: 'track', messageId: 'm-1', userId: '42', event: 'Played', properties: {},
 * //   context: {}, integrations: {}, originalTimestamp: '2024-01-01T10:00:00.000Z',
 * //   sentAt: '2024-01-01T10:00:05.000Z', receivedAt: '2024-01-01T12:00:07.500Z',
 * //   timestamp: '2024-01-01T12:00:02.500Z' }
 */
export function normalizeEvent(raw: RawEvent, options: NormalizeEventOptions): SegmentEvent {
  return build(raw, options, false);
}

/**
 * {@link normalizeEvent} and the JSON text of its result, for callers that store the text: `json`
 * equals `JSON.stringify(normalizeEvent(raw, options))` (same keys, order and escapes), but the
 * batch-free `context` / `integrations` are not copied first. `event` therefore shares those
 * objects with `raw`: read it, do not modify it.
 *
 * @example
 * const { event, json } = normalizeEventJson({ type: 'track', userId: 'u1', event: 'Played' }, { receivedAt: new Date() });
 * event.messageId; // a random UUID
 * JSON.parse(json).userId; // 'u1'
 */
export function normalizeEventJson(raw: RawEvent, options: NormalizeEventOptions): { event: SegmentEvent; json: string } {
  const event = build(raw, options, true);
  return { event, json: JSON.stringify(event) };
}
