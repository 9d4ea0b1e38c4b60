import { type DeliverySummary, OUTCOMES, type Outcome, readDeliverySummary } from '@junction/engine';
import type { DeliveryStore, Destination, FailureRow, Store } from '@junction/store';
import { bucketStart, bucketTimes, type DeliveryWindow } from './delivery-window.ts';
import { helpFor } from './error-reference.ts';

/**
 * Counts of one outcome and code. A code of `FILTERED_BY_RULES:<filterId>` (when the engine
 * records the filter) is split into `code` and `filterId`.
 *
 * @example
 * const b: CodeBreakdown = { outcome: 'failed', code: 'PAYLOAD_REJECTED', filterId: null, count: 3, title: 'Rejected by the destination', help: '…', retryable: false };
 */
export interface CodeBreakdown {
  outcome: Outcome;
  code: string;
  filterId: string | null;
  count: number;
  title: string;
  help: string;
  retryable: boolean;
}

/**
 * A failed event kept in the failed-event store, as Event Delivery shows it.
 *
 * @example
 * sample.lastResponse?.status; // 400
 */
export interface FailedSample {
  id: string;
  messageId: string;
  eventType: string;
  subscriptionId: string;
  errorCode: string;
  reason: string;
  attempts: number;
  receivedAt: string;
  firstAttemptAt: string;
  lastAttemptAt: string;
  event: unknown;
  lastRequest: unknown;
  lastResponse: unknown;
}

/**
 * Event Delivery of one destination over a window.
 *
 * @example
 * const v: EventDeliveryView = await eventDeliveryView(store, delivery, destination, readWindow({ window: '24h' }, Date.now()));
 */
export interface EventDeliveryView {
  destinationId: string;
  window: DeliveryWindow;
  totals: Record<Outcome, number>;
  series: Array<{ time: string } & Record<Outcome, number>>;
  breakdown: CodeBreakdown[];
  latencyMs: DeliverySummary['latencyMs'];
  backlog: DeliverySummary['backlog'];
  /** Failed-event store samples per error code (oldest first, up to `samplesPerCode` each), over the window's last attempts. */
  failedSamples: Array<{ errorCode: string; count: number; samples: FailedSample[] }>;
}

const zero = () => Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;

const parse = (text: string | null): unknown => {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

function sample(f: FailureRow): FailedSample {
  const { id, messageId, eventType, subscriptionId, errorCode, reason, attempts, receivedAt, firstAttemptAt, lastAttemptAt } = f;
  return { id, messageId, eventType, subscriptionId, errorCode, reason, attempts, receivedAt, firstAttemptAt, lastAttemptAt, event: parse(f.event), lastRequest: parse(f.lastRequest), lastResponse: parse(f.lastResponse) };
}

/**
 * Splits a recorded code into the code and the filter id (`FILTERED_BY_RULES:df_1`).
 *
 * @example
 * splitCode('FILTERED_BY_RULES:df_1'); // { code: 'FILTERED_BY_RULES', filterId: 'df_1' }
 */
export function splitCode(recorded: string): { code: string; filterId: string | null } {
  const at = recorded.indexOf(':');
  return at < 0 ? { code: recorded, filterId: null } : { code: recorded.slice(0, at), filterId: recorded.slice(at + 1) };
}

/**
 * Event Delivery for a destination: counts per bucket of delivered, retried, failed, filtered and
 * discarded (from the engine's `readDeliverySummary`), the breakdown by code with help text,
 * latency, backlog and samples of failed events with their reasons, request and response.
 *
 * @example
 * const view = await eventDeliveryView(store, openDeliveryStore(store), destination, window);
 */
export async function eventDeliveryView(store: Store, delivery: DeliveryStore, destination: Destination, window: DeliveryWindow, samplesPerCode = 5): Promise<EventDeliveryView> {
  const summary = await readDeliverySummary(store, delivery, { destinationId: destination.id, from: window.from, to: window.to });
  const buckets = new Map(bucketTimes(window).map((t) => [t, { time: t, ...zero() }]));
  for (const row of summary.series) {
    const b = buckets.get(bucketStart(Date.parse(row.minute), window.granularity));
    if (b) b[row.outcome] += row.count;
  }
  const breakdown = summary.errors.map(({ outcome, errorCode, count }) => {
    const { code, filterId } = splitCode(errorCode);
    const help = helpFor(code);
    return { outcome, code, filterId, count, title: help?.title ?? code, help: help?.help ?? 'No help recorded for this code.', retryable: help?.retryable ?? false };
  });
  const range = { destinationId: destination.id, from: window.from, to: window.to };
  const byCode = await delivery.failures.countByCode(range);
  const failedSamples = await Promise.all(
    Object.entries(byCode)
      .sort((a, b) => b[1] - a[1])
      .map(async ([errorCode, count]) => ({ errorCode, count, samples: (await delivery.failures.list({ ...range, errorCodes: [errorCode], limit: samplesPerCode })).map(sample) })),
  );
  return { destinationId: destination.id, window, totals: summary.outcomes, series: [...buckets.values()], breakdown, latencyMs: summary.latencyMs, backlog: summary.backlog, failedSamples };
}
