import type { Kysely, Selectable } from 'kysely';
import { InvalidInputError, NotFoundError } from './errors.ts';
import { newId } from './ids.ts';
import type { Database, DestinationTable } from './schema.ts';
import { nowIso } from './time.ts';
import type { Destination } from './types.ts';
import { checkBool, checkSlug, checkText } from './validate.ts';

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
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    sourceId: r.source_id,
    integration: r.integration,
    pluginVersion: r.plugin_version,
    name: r.name,
    enabled: Number(r.enabled) === 1,
    settings: r.settings,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function checkSettings(value: unknown): string {
  if (typeof value !== 'string') throw new InvalidInputError('destination.settings must be a string (opaque, possibly encrypted)');
  return value;
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
      const now = nowIso();
      const row = {
        id: newId(),
        workspace_id: src.workspace_id,
        source_id: src.id,
        integration: checkSlug('destination.integration', input.integration),
        plugin_version: checkText('destination.pluginVersion', input.pluginVersion, 64),
        name: checkText('destination.name', input.name),
        enabled: checkBool('destination.enabled', input.enabled ?? true),
        settings: checkSettings(input.settings ?? '{}'),
        created_at: now,
        updated_at: now,
      };
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
      const set: Partial<DestinationTable> = { updated_at: nowIso() };
      if (patch.name !== undefined) set.name = checkText('destination.name', patch.name);
      if (patch.enabled !== undefined) set.enabled = checkBool('destination.enabled', patch.enabled);
      if (patch.settings !== undefined) set.settings = checkSettings(patch.settings);
      if (patch.pluginVersion !== undefined) set.plugin_version = checkText('destination.pluginVersion', patch.pluginVersion, 64);
      const r = await db.updateTable('destinations').set(set).where('id', '=', id).returningAll().executeTakeFirst();
      if (!r) throw new NotFoundError(`destination "${id}" not found`);
      return toDestination(r);
    },
    async delete(id) {
      const r = await db.deleteFrom('destinations').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}
