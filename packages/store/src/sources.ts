import type { Kysely, Selectable } from 'kysely';
import { ConflictError, InvalidInputError, isUniqueViolation, NotFoundError } from './errors.ts';
import { newId } from './ids.ts';
import type { Database, SourceTable } from './schema.ts';
import { nowIso } from './time.ts';
import type { Source } from './types.ts';
import { checkBool, checkJsonObject, checkSlug, checkText } from './validate.ts';

/** Source repository. */
export interface SourceRepo {
  create(input: { workspaceId: string; slug: string; name: string; enabled?: boolean; settings?: Record<string, unknown> }): Promise<Source>;
  get(id: string): Promise<Source | undefined>;
  list(workspaceId: string): Promise<Source[]>;
  update(id: string, patch: { slug?: string; name?: string; enabled?: boolean; settings?: Record<string, unknown> }): Promise<Source>;
  /** Deletes the source with its write keys and destinations. False when absent. */
  delete(id: string): Promise<boolean>;
}

/**
 * Maps a `sources` row to a Source.
 *
 * @example
 * toSource(row).enabled; // true
 */
export function toSource(r: Selectable<SourceTable>): Source {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    slug: r.slug,
    name: r.name,
    enabled: Number(r.enabled) === 1,
    settings: JSON.parse(r.settings) as Record<string, unknown>,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/**
 * Source functions over a Kysely instance; `onChange` invalidates the write-key cache.
 *
 * @example
 * const src = await sourceRepo(db, () => {}).create({ workspaceId: ws.id, slug: 'web', name: 'Website' });
 */
export function sourceRepo(db: Kysely<Database>, onChange: () => void): SourceRepo {
  const conflict = (slug: string) => new ConflictError(`source slug "${slug}" already exists in this workspace`);
  return {
    async create(input) {
      const now = nowIso();
      const row = {
        id: newId(),
        workspace_id: checkText('source.workspaceId', input.workspaceId, 64),
        slug: checkSlug('source.slug', input.slug),
        name: checkText('source.name', input.name),
        enabled: checkBool('source.enabled', input.enabled ?? true),
        settings: checkJsonObject('source.settings', input.settings ?? {}),
        created_at: now,
        updated_at: now,
      };
      const ws = await db.selectFrom('workspaces').select('id').where('id', '=', row.workspace_id).executeTakeFirst();
      if (!ws) throw new InvalidInputError(`source.workspaceId: workspace "${row.workspace_id}" not found`);
      try {
        await db.insertInto('sources').values(row).execute();
      } catch (err) {
        if (isUniqueViolation(err)) throw conflict(row.slug);
        throw err;
      }
      onChange();
      return toSource(row);
    },
    async get(id) {
      const r = await db.selectFrom('sources').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toSource(r);
    },
    async list(workspaceId) {
      const rows = await db.selectFrom('sources').selectAll().where('workspace_id', '=', workspaceId).orderBy('created_at').orderBy('id').execute();
      return rows.map(toSource);
    },
    async update(id, patch) {
      const set: Partial<SourceTable> = { updated_at: nowIso() };
      if (patch.slug !== undefined) set.slug = checkSlug('source.slug', patch.slug);
      if (patch.name !== undefined) set.name = checkText('source.name', patch.name);
      if (patch.enabled !== undefined) set.enabled = checkBool('source.enabled', patch.enabled);
      if (patch.settings !== undefined) set.settings = checkJsonObject('source.settings', patch.settings);
      let r: Selectable<SourceTable> | undefined;
      try {
        r = await db.updateTable('sources').set(set).where('id', '=', id).returningAll().executeTakeFirst();
      } catch (err) {
        if (isUniqueViolation(err)) throw conflict(set.slug ?? '');
        throw err;
      }
      onChange();
      if (!r) throw new NotFoundError(`source "${id}" not found`);
      return toSource(r);
    },
    async delete(id) {
      const r = await db.deleteFrom('sources').where('id', '=', id).executeTakeFirst();
      onChange();
      return Number(r.numDeletedRows) > 0;
    },
  };
}
