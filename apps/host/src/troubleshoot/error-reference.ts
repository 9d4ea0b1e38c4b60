import { ErrorCode, errorCodeInfo } from '@junction/core';

/**
 * One entry of the error codes reference: a delivery error code of `@junction/core` or a reason
 * the engine filters or discards an event before delivery.
 *
 * @example
 * const e: ErrorReferenceEntry = { code: 'RATE_LIMITED', kind: 'delivery-error', title: 'Rate limited', retryable: true, help: '…', segmentCode: 'errors.awaiting-retry.429' };
 */
export interface ErrorReferenceEntry {
  code: string;
  /** `delivery-error`: the destination or plugin failed; `discard-reason`: the event was not sent on purpose. */
  kind: 'delivery-error' | 'discard-reason';
  title: string;
  /** Whether Junction retries it by default (discard reasons: never). */
  retryable: boolean;
  /** What it means and how to resolve it. */
  help: string;
  /** Segment's equivalent code, when there is one. */
  segmentCode: string | null;
}

/** Reasons the engine records under `filtered` / `discarded` (see packages/engine route-event.ts and lane.ts). */
const DISCARD_REASONS: ReadonlyArray<Omit<ErrorReferenceEntry, 'kind' | 'retryable'>> = [
  {
    code: 'FILTERED_BY_RULES',
    title: 'Dropped by a destination filter',
    help: "One of the destination's filters dropped (or sampled out) the event; an invalid filter drops every event. Open the destination's filters, check their conditions with the preview, or use the Event Tester to see which filter dropped an event.",
    segmentCode: 'FILTERED_BY_RULES',
  },
  {
    code: 'FILTERED_BY_INTEGRATIONS_OBJECT',
    title: 'Disabled by the integrations object',
    help: "The event's `integrations` object turned this destination off (`All: false` without naming it, or its name set to false). Names are case-sensitive: fix the tracking call if the event should be sent.",
    segmentCode: 'FILTERED_BY_INTEGRATIONS_OBJECT',
  },
  {
    code: 'NO_MATCHING_MAPPING',
    title: 'No subscription matched',
    help: "No enabled subscription's trigger matched the event. Add or fix a subscription (its FQL trigger), or ignore this if the event is not meant for this destination.",
    segmentCode: 'NO_MATCHING_MAPPING',
  },
  {
    code: 'DESTINATION_DISABLED',
    title: 'Destination disabled',
    help: 'The destination was disabled when the event was read, so it was skipped. Enable the destination; use history replay to send the events it missed.',
    segmentCode: null,
  },
  {
    code: 'INVALID_EVENT',
    title: 'Unreadable event',
    help: 'The stored event could not be parsed as JSON and was skipped. This should not happen: report it with the source and time.',
    segmentCode: null,
  },
];

/**
 * Every code an admin can meet in Event Delivery, Workspace Health and the Event Tester: all of
 * `@junction/core`'s delivery error codes, then the discard reasons.
 *
 * @example
 * errorReference().find((e) => e.code === 'TIMEOUT')?.retryable; // true
 */
export function errorReference(): ErrorReferenceEntry[] {
  const errors = Object.values(ErrorCode).map((code) => ({ code, kind: 'delivery-error' as const, ...errorCodeInfo[code] }));
  return [...errors, ...DISCARD_REASONS.map((r) => ({ ...r, kind: 'discard-reason' as const, retryable: false }))];
}

const byCode = new Map(errorReference().map((e) => [e.code, e]));

/**
 * The reference entry of a code (an error code or a discard reason), or undefined when unknown.
 *
 * @example
 * helpFor('PAYLOAD_REJECTED')?.title; // 'Rejected by the destination'
 */
export function helpFor(code: string): ErrorReferenceEntry | undefined {
  return byCode.get(code);
}
