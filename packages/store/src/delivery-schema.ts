/**
 * Kysely table types of the delivery engine's tables (migration `0002_delivery`). Same conventions
 * as `schema.ts`: ISO-8601 UTC text timestamps, JSON as text, booleans as 0/1 integers.
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** An action subscription of a destination: which events (FQL) run which action with which mapping. */
export interface SubscriptionTable {
  id: string;
  destination_id: string;
  action_id: string;
  name: string;
  trigger: string;
  /** JSON object of field mappings (overrides of the action's defaults). */
  mapping: string;
  enabled: number;
  created_at: string;
  updated_at: string;
}

/** A destination filter in Segment's shape; `condition` is the filter's `if` (FQL). */
export interface DestinationFilterTable {
  id: string;
  destination_id: string;
  title: string;
  description: string;
  condition: string;
  /** JSON array of `{ type, fields?, percent?, path? }`. */
  actions: string;
  enabled: number;
  position: number;
  created_at: string;
  updated_at: string;
}

/** Engine options of one destination (ordering, retry policy override, limits), JSON. */
export interface DeliverySettingsTable {
  destination_id: string;
  options: string;
  updated_at: string;
}

/** The read position and lease of one (destination, partition). */
export interface DeliveryCursorTable {
  destination_id: string;
  partition: number;
  /** Every event of the partition with seq ≤ this is resolved (delivered, queued, failed, filtered). */
  seq: number;
  /** When set, the holder moves the cursor here (history replay) and clears it. */
  rewind_to: number | null;
  lease_owner: string | null;
  lease_expires_at: string | null;
  updated_at: string;
}

/** One (event, subscription) waiting for a retry, or held behind an earlier event of the same user. */
export interface DeliveryRetryTable {
  id: string;
  destination_id: string;
  partition: number;
  seq: number;
  user_key: string;
  subscription_id: string;
  message_id: string;
  event_type: string;
  received_at: string;
  /** The event after destination filters, JSON. */
  event: string;
  attempts: number;
  first_attempt_at: string | null;
  next_attempt_at: string;
  /** 1 = attempted when due; 0 = held behind an earlier row of the same user; 2 = replayed, not yet placed. */
  head: number;
  last_error_code: string | null;
  last_error: string | null;
  created_at: string;
}

/** An event a destination did not accept (permanent error, or retries exhausted). */
export interface DeliveryFailureTable {
  id: string;
  workspace_id: string;
  source_id: string;
  destination_id: string;
  subscription_id: string;
  partition: number;
  seq: number;
  user_key: string;
  message_id: string;
  event_type: string;
  received_at: string;
  event: string;
  reason: string;
  error_code: string;
  attempts: number;
  first_attempt_at: string;
  last_attempt_at: string;
  /** JSON `{ url, method, headers, body }` with secrets redacted, or null. */
  last_request: string | null;
  /** JSON `{ status, headers, body }`, or null (network failure). */
  last_response: string | null;
  created_at: string;
}

/** Delivery counts per destination × minute × outcome × error code. */
export interface DeliveryMetricTable {
  destination_id: string;
  minute: string;
  outcome: string;
  error_code: string;
  count: number;
}

/** Latency histogram (receipt → partner acknowledgement) per destination × minute × bucket. */
export interface DeliveryLatencyTable {
  destination_id: string;
  minute: string;
  /** Upper bound of the bucket in ms (-1 = above the last bound). */
  bucket: number;
  count: number;
}

/** Live engine workers (for sharing partitions fairly). */
export interface DeliveryWorkerTable {
  id: string;
  expires_at: string;
}

/** The delivery engine's tables. */
export interface DeliveryTables {
  subscriptions: SubscriptionTable;
  destination_filters: DestinationFilterTable;
  delivery_settings: DeliverySettingsTable;
  delivery_cursors: DeliveryCursorTable;
  delivery_retries: DeliveryRetryTable;
  delivery_failures: DeliveryFailureTable;
  delivery_metrics: DeliveryMetricTable;
  delivery_latency: DeliveryLatencyTable;
  delivery_workers: DeliveryWorkerTable;
}

/** The whole database including the delivery tables. */
export type DeliveryDatabase = Database & DeliveryTables;

/**
 * The store's Kysely instance typed with the delivery tables.
 *
 * @example
 * const ddb = deliveryDb(store.db);
 * await ddb.selectFrom('subscriptions').selectAll().execute();
 */
export function deliveryDb(db: Kysely<Database>): Kysely<DeliveryDatabase> {
  return db as unknown as Kysely<DeliveryDatabase>;
}
