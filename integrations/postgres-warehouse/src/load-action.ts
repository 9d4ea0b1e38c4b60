import { type ActionResult, defineAction } from '@junction/core';
import type { PostgresWarehouseSettings } from './postgres-warehouse-settings.ts';
import { loadIntoWarehouse } from './warehouse-load.ts';
import type { WarehousePayload } from './warehouse-rows.ts';

const id = { type: ['string', 'null'] } as const;
const time = { type: 'string' } as const;

/**
 * Action "load": writes events into Segment's warehouse schema (tracks + one table per event,
 * identifies + users, pages, screens, groups, aliases). Batches load in one transaction.
 *
 * @example
 * await t.runBatch({ action: 'load', events: sampleEventList(), settings: { connectionString, schema: 'web', sslMode: 'disable' } });
 */
export const load = defineAction<PostgresWarehouseSettings>()({
  title: 'Load into warehouse',
  description: "Load events into PostgreSQL tables in Segment's warehouse schema, adding tables and columns as new events and properties appear.",
  defaultSubscription: 'all',
  fields: {
    type: 'object',
    properties: {
      type: { type: 'string', enum: ['identify', 'track', 'page', 'screen', 'group', 'alias'], title: 'Type', default: { '@path': '$.type' } },
      messageId: { type: 'string', minLength: 1, title: 'Message ID', description: 'Stored as `id`; loads are idempotent on it.', default: { '@path': '$.messageId' } },
      event: { type: 'string', title: 'Event name', description: 'Track events: names the event table.', default: { '@path': '$.event' } },
      name: { ...id, title: 'Page or screen name', default: { '@path': '$.name' } },
      category: { ...id, title: 'Page category', default: { '@path': '$.category' } },
      userId: { ...id, title: 'User ID', default: { '@path': '$.userId' } },
      anonymousId: { ...id, title: 'Anonymous ID', default: { '@path': '$.anonymousId' } },
      groupId: { ...id, title: 'Group ID', default: { '@path': '$.groupId' } },
      previousId: { ...id, title: 'Previous ID', default: { '@path': '$.previousId' } },
      properties: { type: 'object', title: 'Properties', description: 'Columns of the event, pages and screens tables.', default: { '@path': '$.properties' } },
      traits: { type: 'object', title: 'Traits', description: 'Columns of identifies, users, groups and aliases.', default: { '@path': '$.traits' } },
      context: { type: 'object', title: 'Context', description: 'Flattened into context_* columns.', default: { '@path': '$.context' } },
      timestamp: { ...time, title: 'Timestamp', default: { '@path': '$.timestamp' } },
      originalTimestamp: { ...time, title: 'Original timestamp', default: { '@path': '$.originalTimestamp' } },
      sentAt: { ...time, title: 'Sent at', default: { '@path': '$.sentAt' } },
      receivedAt: { ...time, title: 'Received at', default: { '@path': '$.receivedAt' } },
    },
    required: ['type', 'messageId'],
  },
  async perform({ settings, payload, signal }) {
    return loadIntoWarehouse(settings, [payload as WarehousePayload], signal);
  },
  async performBatch({ settings, payloads, signal }): Promise<ActionResult[]> {
    await loadIntoWarehouse(settings, payloads as WarehousePayload[], signal);
    return payloads.map(() => ({ status: 'success' }));
  },
});
