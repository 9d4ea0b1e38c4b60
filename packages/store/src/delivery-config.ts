import type { Kysely, Selectable } from 'kysely';
import type { DeliveryDatabase, DestinationFilterTable, SubscriptionTable } from './delivery-schema.ts';
import { InvalidInputError, NotFoundError } from './errors.ts';
import { newId } from './ids.ts';
import { nowIso } from './time.ts';
import { checkBool, checkJsonObject, checkText } from './validate.ts';

/**
 * An action subscription of a destination (Segment: `{ name, actionId, trigger, enabled, settings }`).
 *
 * @example
 * const s: Subscription = { id, destinationId, actionId: 'send', name: 'All', trigger: 'all', mapping: {}, enabled: true, createdAt, updatedAt };
 */
export interface Subscription {
  id: string;
  destinationId: string;
  actionId: string;
  name: string;
  /** FQL deciding which events run the action. */
  trigger: string;
  /** Overrides of the action's default field mappings. */
  mapping: Record<string, unknown>;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/**
 * A stored destination filter (core's `DestinationFilter` shape plus its ids and times).
 *
 * @example
 * const f: StoredFilter = { id, destinationId, title: 'No tests', if: 'match(userId, "test-*")', actions: [{ type: 'DROP' }], enabled: true, ... };
 */
export interface StoredFilter {
  id: string;
  destinationId: string;
  title: string;
  description: string;
  if: string;
  actions: Array<{ type: string; fields?: Record<string, string[]>; percent?: number; path?: string }>;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/** Fields of a new subscription. */
export interface SubscriptionInput {
  destinationId: string;
  actionId: string;
  name: string;
  trigger: string;
  mapping?: Record<string, unknown>;
  enabled?: boolean;
}

/** Fields of a new destination filter. */
export interface FilterInput {
  destinationId: string;
  title: string;
  description?: string;
  if: string;
  actions: StoredFilter['actions'];
  enabled?: boolean;
}

/** Subscriptions, destination filters and per-destination engine options. */
export interface DeliveryConfigRepo {
  createSubscription(input: SubscriptionInput): Promise<Subscription>;
  updateSubscription(id: string, patch: Partial<Pick<SubscriptionInput, 'name' | 'trigger' | 'mapping' | 'enabled' | 'actionId'>>): Promise<Subscription>;
  deleteSubscription(id: string): Promise<boolean>;
  listSubscriptions(destinationIds: readonly string[]): Promise<Subscription[]>;
  createFilter(input: FilterInput): Promise<StoredFilter>;
  updateFilter(id: string, patch: Partial<Omit<FilterInput, 'destinationId'>>): Promise<StoredFilter>;
  deleteFilter(id: string): Promise<boolean>;
  /** Filters of the destinations, in creation order. */
  listFilters(destinationIds: readonly string[]): Promise<StoredFilter[]>;
  /** Engine options of a destination (opaque JSON object, validated by the engine). */
  setOptions(destinationId: string, options: Record<string, unknown>): Promise<void>;
  /** Options per destination id (absent → no row). */
  getOptions(destinationIds: readonly string[]): Promise<Map<string, { options: Record<string, unknown>; updatedAt: string }>>;
}

function toSubscription(r: Selectable<SubscriptionTable>): Subscription {
  return {
    id: r.id,
    destinationId: r.destination_id,
    actionId: r.action_id,
    name: r.name,
    trigger: r.trigger,
    mapping: JSON.parse(r.mapping) as Record<string, unknown>,
    enabled: Number(r.enabled) === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toFilter(r: Selectable<DestinationFilterTable>): StoredFilter {
  return {
    id: r.id,
    destinationId: r.destination_id,
    title: r.title,
    description: r.description,
    if: r.condition,
    actions: JSON.parse(r.actions) as StoredFilter['actions'],
    enabled: Number(r.enabled) === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function checkActions(value: unknown): string {
  if (!Array.isArray(value)) throw new InvalidInputError('filter.actions must be an array');
  return JSON.stringify(value);
}

async function destinationExists(db: Kysely<DeliveryDatabase>, id: string, field: string): Promise<void> {
  const d = await db.selectFrom('destinations').select('id').where('id', '=', id).executeTakeFirst();
  if (!d) throw new InvalidInputError(`${field}: destination "${id}" not found`);
}

/**
 * The delivery configuration repository over a Kysely instance.
 *
 * @example
 * const config = deliveryConfigRepo(deliveryDb(store.db));
 * await config.createSubscription({ destinationId, actionId: 'send', name: 'All events', trigger: 'all' });
 */
export function deliveryConfigRepo(db: Kysely<DeliveryDatabase>): DeliveryConfigRepo {
  return {
    async createSubscription(input) {
      await destinationExists(db, input.destinationId, 'subscription.destinationId');
      const now = nowIso();
      const row = {
        id: newId(),
        destination_id: input.destinationId,
        action_id: checkText('subscription.actionId', input.actionId, 100),
        name: checkText('subscription.name', input.name),
        trigger: checkText('subscription.trigger', input.trigger, 5120),
        mapping: checkJsonObject('subscription.mapping', input.mapping ?? {}),
        enabled: checkBool('subscription.enabled', input.enabled ?? true),
        created_at: now,
        updated_at: now,
      };
      await db.insertInto('subscriptions').values(row).execute();
      return toSubscription(row);
    },
    async updateSubscription(id, patch) {
      const set: Partial<SubscriptionTable> = { updated_at: nowIso() };
      if (patch.name !== undefined) set.name = checkText('subscription.name', patch.name);
      if (patch.actionId !== undefined) set.action_id = checkText('subscription.actionId', patch.actionId, 100);
      if (patch.trigger !== undefined) set.trigger = checkText('subscription.trigger', patch.trigger, 5120);
      if (patch.mapping !== undefined) set.mapping = checkJsonObject('subscription.mapping', patch.mapping);
      if (patch.enabled !== undefined) set.enabled = checkBool('subscription.enabled', patch.enabled);
      const r = await db.updateTable('subscriptions').set(set).where('id', '=', id).returningAll().executeTakeFirst();
      if (!r) throw new NotFoundError(`subscription "${id}" not found`);
      return toSubscription(r);
    },
    async deleteSubscription(id) {
      const r = await db.deleteFrom('subscriptions').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async listSubscriptions(ids) {
      if (ids.length === 0) return [];
      const rows = await db.selectFrom('subscriptions').selectAll().where('destination_id', 'in', ids).orderBy('created_at').orderBy('id').execute();
      return rows.map(toSubscription);
    },
    async createFilter(input) {
      await destinationExists(db, input.destinationId, 'filter.destinationId');
      const now = nowIso();
      const count = await db.selectFrom('destination_filters').select((eb) => eb.fn.countAll<number>().as('n')).where('destination_id', '=', input.destinationId).executeTakeFirstOrThrow();
      const row = {
        id: newId(),
        destination_id: input.destinationId,
        title: checkText('filter.title', input.title),
        description: typeof input.description === 'string' ? input.description : '',
        condition: checkText('filter.if', input.if, 5120),
        actions: checkActions(input.actions),
        enabled: checkBool('filter.enabled', input.enabled ?? true),
        position: Number(count.n),
        created_at: now,
        updated_at: now,
      };
      await db.insertInto('destination_filters').values(row).execute();
      return toFilter(row);
    },
    async updateFilter(id, patch) {
      const set: Partial<DestinationFilterTable> = { updated_at: nowIso() };
      if (patch.title !== undefined) set.title = checkText('filter.title', patch.title);
      if (patch.description !== undefined) set.description = String(patch.description);
      if (patch.if !== undefined) set.condition = checkText('filter.if', patch.if, 5120);
      if (patch.actions !== undefined) set.actions = checkActions(patch.actions);
      if (patch.enabled !== undefined) set.enabled = checkBool('filter.enabled', patch.enabled);
      const r = await db.updateTable('destination_filters').set(set).where('id', '=', id).returningAll().executeTakeFirst();
      if (!r) throw new NotFoundError(`filter "${id}" not found`);
      return toFilter(r);
    },
    async deleteFilter(id) {
      const r = await db.deleteFrom('destination_filters').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async listFilters(ids) {
      if (ids.length === 0) return [];
      const rows = await db.selectFrom('destination_filters').selectAll().where('destination_id', 'in', ids).orderBy('position').orderBy('created_at').execute();
      return rows.map(toFilter);
    },
    async setOptions(destinationId, options) {
      await destinationExists(db, destinationId, 'deliverySettings.destinationId');
      const value = checkJsonObject('deliverySettings.options', options);
      const now = nowIso();
      await db
        .insertInto('delivery_settings')
        .values({ destination_id: destinationId, options: value, updated_at: now })
        .onConflict((oc) => oc.column('destination_id').doUpdateSet({ options: value, updated_at: now }))
        .execute();
    },
    async getOptions(ids) {
      const out = new Map<string, { options: Record<string, unknown>; updatedAt: string }>();
      if (ids.length === 0) return out;
      const rows = await db.selectFrom('delivery_settings').selectAll().where('destination_id', 'in', ids).execute();
      for (const r of rows) out.set(r.destination_id, { options: JSON.parse(r.options) as Record<string, unknown>, updatedAt: r.updated_at });
      return out;
    },
  };
}
