import type { Kysely, Selectable } from 'kysely';
import { ConflictError, isUniqueViolation, NotFoundError } from './errors.ts';
import { newId } from './ids.ts';
import type { Database, WorkspaceTable } from './schema.ts';
import { nowIso } from './time.ts';
import type { Workspace } from './types.ts';
import { checkSlug, checkText } from './validate.ts';

/** Workspace repository. */
export interface WorkspaceRepo {
  create(input: { slug: string; name: string; plan?: string }): Promise<Workspace>;
  get(id: string): Promise<Workspace | undefined>;
  getBySlug(slug: string): Promise<Workspace | undefined>;
  list(): Promise<Workspace[]>;
  update(id: string, patch: { slug?: string; name?: string; plan?: string }): Promise<Workspace>;
  /** Deletes the workspace with its sources, write keys and destinations. False when absent. */
  delete(id: string): Promise<boolean>;
}

function toWorkspace(r: Selectable<WorkspaceTable>): Workspace {
  return { id: r.id, slug: r.slug, name: r.name, plan: r.plan, createdAt: r.created_at, updatedAt: r.updated_at };
}

/**
 * Workspace functions over a Kysely instance.
 *
 * @example
 * const ws = await workspaceRepo(db, () => {}).create({ slug: 'acme', name: 'Acme' });
 */
export function workspaceRepo(db: Kysely<Database>, onChange: () => void): WorkspaceRepo {
  const conflict = (slug: string) => new ConflictError(`workspace slug "${slug}" already exists`);
  return {
    async create(input) {
      const now = nowIso();
      const row = {
        id: newId(),
        slug: checkSlug('workspace.slug', input.slug),
        name: checkText('workspace.name', input.name),
        plan: checkText('workspace.plan', input.plan ?? 'free', 40),
        created_at: now,
        updated_at: now,
      };
      try {
        await db.insertInto('workspaces').values(row).execute();
      } catch (err) {
        if (isUniqueViolation(err)) throw conflict(row.slug);
        throw err;
      }
      return toWorkspace(row);
    },
    async get(id) {
      const r = await db.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toWorkspace(r);
    },
    async getBySlug(slug) {
      const r = await db.selectFrom('workspaces').selectAll().where('slug', '=', slug).executeTakeFirst();
      return r && toWorkspace(r);
    },
    async list() {
      const rows = await db.selectFrom('workspaces').selectAll().orderBy('created_at').orderBy('id').execute();
      return rows.map(toWorkspace);
    },
    async update(id, patch) {
      const set: Partial<WorkspaceTable> = { updated_at: nowIso() };
      if (patch.slug !== undefined) set.slug = checkSlug('workspace.slug', patch.slug);
      if (patch.name !== undefined) set.name = checkText('workspace.name', patch.name);
      if (patch.plan !== undefined) set.plan = checkText('workspace.plan', patch.plan, 40);
      let r: Selectable<WorkspaceTable> | undefined;
      try {
        r = await db.updateTable('workspaces').set(set).where('id', '=', id).returningAll().executeTakeFirst();
      } catch (err) {
        if (isUniqueViolation(err)) throw conflict(set.slug ?? '');
        throw err;
      }
      if (!r) throw new NotFoundError(`workspace "${id}" not found`);
      return toWorkspace(r);
    },
    async delete(id) {
      const r = await db.deleteFrom('workspaces').where('id', '=', id).executeTakeFirst();
      onChange();
      return Number(r.numDeletedRows) > 0;
    },
  };
}
