import type { Kysely, Selectable } from 'kysely';
import { InvalidInputError, NotFoundError } from './errors.ts';
import { newId } from './ids.ts';
import { pluginInstanceColumns, pluginInstanceFields, pluginInstanceUpdate } from './plugin-instances.ts';
import type { Database, DestinationTable } from './schema.ts';
import type { Destination } from './types.ts';

/** Fields accepted when creating a destination. */
export interface DestinationInput {
  sourceId: string;
  /** Integration slug (catalog id). */
  integration: string;
  pluginVersion: string;
  name: string;
  enabled?: boolean;
  /** Opaque text (encrypted by the host). Default '{}'. */
  settings?: string;
}

/** Destination repository. */
export interface DestinationRepo {
  /** The workspace is the source's workspace. */
  create(input: DestinationInput): Promise<Destination>;
  get(id: string): Promise<Destination | undefined>;
  list(filter: { workspaceId?: string; sourceId?: string }): Promise<Destination[]>;
  update(id: string, patch: { name?: string; enabled?: boolean; settings?: string; pluginVersion?: string }): Promise<Destination>;
  delete(id: string): Promise<boolean>;
}

function toDestination(r: Selectable<DestinationTable>): Destination {
  return { id: r.id, workspaceId: r.workspace_id, sourceId: r.source_id, ...pluginInstanceFields(r) };
}

/**
 * Destination functions over a Kysely instance.
 *
 * @example
 * const d = await destinationRepo(db).create({ sourceId, integration: 'webhook', pluginVersion: '1.0.0', name: 'Hook' });
 */
export function destinationRepo(db: Kysely<Database>): DestinationRepo {
  return {
    async create(input) {
      const src = await db.selectFrom('sources').select(['id', 'workspace_id']).where('id', '=', input.sourceId).executeTakeFirst();
      if (!src) throw new InvalidInputError(`destination.sourceId: source "${input.sourceId}" not found`);
      const row = { id: newId(), workspace_id: src.workspace_id, source_id: src.id, ...pluginInstanceColumns('destination', input) };
      await db.insertInto('destinations').values(row).execute();
      return toDestination(row);
    },
    async get(id) {
      const r = await db.selectFrom('destinations').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toDestination(r);
    },
    async list(filter) {
      if (filter.workspaceId === undefined && filter.sourceId === undefined) {
        throw new InvalidInputError('destinations.list needs workspaceId or sourceId');
      }
      let q = db.selectFrom('destinations').selectAll();
      if (filter.workspaceId !== undefined) q = q.where('workspace_id', '=', filter.workspaceId);
      if (filter.sourceId !== undefined) q = q.where('source_id', '=', filter.sourceId);
      const rows = await q.orderBy('created_at').orderBy('id').execute();
      return rows.map(toDestination);
    },
    async update(id, patch) {
      const r = await db.updateTable('destinations').set(pluginInstanceUpdate('destination', patch)).where('id', '=', id).returningAll().executeTakeFirst();
      if (!r) throw new NotFoundError(`destination "${id}" not found`);
      return toDestination(r);
    },
    async delete(id) {
      const r = await db.deleteFrom('destinations').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}
