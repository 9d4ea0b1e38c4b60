import type { Kysely, Selectable } from 'kysely';
import type { AdminDatabase, LabelTable } from './admin-schema.ts';
import { ConflictError, InvalidInputError, isUniqueViolation } from './errors.ts';
import { nowIso } from './time.ts';

/**
 * A workspace label (`key:value`), Segment's LabelV1.
 *
 * @example
 * const l: Label = { key: 'environment', value: 'prod', description: 'Production' };
 */
export interface Label {
  key: string;
  value: string;
  description?: string;
}

/** Labels every workspace has (Segment's built-ins). */
export const BUILT_IN_LABELS: readonly Label[] = [
  { key: 'environment', value: 'dev', description: 'Development' },
  { key: 'environment', value: 'prod', description: 'Production' },
];

/** Workspace labels and their attachment to resources (sources, destinations, …). */
export interface LabelRepo {
  create(workspaceId: string, label: Label): Promise<Label>;
  /** The workspace's labels, built-ins included, sorted by key then value. */
  list(workspaceId: string): Promise<Label[]>;
  /** Deletes a label; throws ConflictError while a resource uses it. False when absent. */
  delete(workspaceId: string, key: string, value: string): Promise<boolean>;
  /** How many resources carry the label. */
  usage(workspaceId: string, key: string, value: string): Promise<number>;
  /** Labels of each resource id (ids without labels map to []). */
  forResources(resourceType: string, resourceIds: readonly string[]): Promise<Map<string, Label[]>>;
  /** Replaces a resource's labels; each must exist in the workspace, one value per key. */
  replaceOnResource(workspaceId: string, resourceType: string, resourceId: string, labels: readonly Label[]): Promise<Label[]>;
  /** Adds labels to a resource (a key it already has with another value is refused). */
  addToResource(workspaceId: string, resourceType: string, resourceId: string, labels: readonly Label[]): Promise<Label[]>;
  /** Removes every label of a deleted resource. */
  clearResource(resourceType: string, resourceId: string): Promise<void>;
}

const PART = /^[A-Za-z][A-Za-z0-9_.-]{0,99}$/;

/**
 * Checks a label's key and value (each starts with a letter; letters, digits, `_`, `.`, `-`).
 *
 * @example
 * checkLabel({ key: 'environment', value: 'prod' }, 'labels[0]'); // { key: 'environment', value: 'prod' }
 */
export function checkLabel(label: unknown, field = 'label'): Label {
  if (label === null || typeof label !== 'object') throw new InvalidInputError(`${field} must be an object { key, value }`);
  const { key, value, description } = label as Record<string, unknown>;
  for (const [name, part] of [['key', key], ['value', value]] as const) {
    if (typeof part !== 'string' || !PART.test(part)) {
      throw new InvalidInputError(`${field}.${name} must start with a letter and hold 1-100 letters, digits, '_', '.' or '-', got ${JSON.stringify(part)}`);
    }
  }
  if (description !== undefined && description !== null && typeof description !== 'string') throw new InvalidInputError(`${field}.description must be a string`);
  return { key: key as string, value: value as string, ...(typeof description === 'string' && description !== '' ? { description } : {}) };
}

function toLabel(r: Pick<Selectable<LabelTable>, 'key' | 'value' | 'description'>): Label {
  return r.description ? { key: r.key, value: r.value, description: r.description } : { key: r.key, value: r.value };
}

/**
 * Label functions over a Kysely instance.
 *
 * @example
 * const labels = labelRepo(db);
 * await labels.create(workspaceId, { key: 'team', value: 'growth' });
 * await labels.replaceOnResource(workspaceId, 'source', sourceId, [{ key: 'environment', value: 'prod' }]);
 */
export function labelRepo(db: Kysely<AdminDatabase>): LabelRepo {
  const ensureBuiltIns = async (workspaceId: string) => {
    const now = nowIso();
    await db
      .insertInto('labels')
      .values(BUILT_IN_LABELS.map((l) => ({ workspace_id: workspaceId, key: l.key, value: l.value, description: l.description ?? '', created_at: now })))
      .onConflict((oc) => oc.columns(['workspace_id', 'key', 'value']).doNothing())
      .execute();
  };
  const checkList = async (workspaceId: string, labels: readonly Label[]) => {
    if (!Array.isArray(labels)) throw new InvalidInputError('labels must be an array');
    const checked = labels.map((l, i) => checkLabel(l, `labels[${i}]`));
    await ensureBuiltIns(workspaceId);
    const known = new Set((await db.selectFrom('labels').select(['key', 'value']).where('workspace_id', '=', workspaceId).execute()).map((r) => `${r.key}:${r.value}`));
    const keys = new Set<string>();
    checked.forEach((l, i) => {
      if (!known.has(`${l.key}:${l.value}`)) throw new InvalidInputError(`labels[${i}]: label "${l.key}:${l.value}" does not exist in this workspace; create it first`);
      if (keys.has(l.key)) throw new InvalidInputError(`labels[${i}]: a resource has one value per key, "${l.key}" is given twice`);
      keys.add(l.key);
    });
    return checked;
  };
  const forResource = async (resourceType: string, resourceId: string) => (await repo.forResources(resourceType, [resourceId])).get(resourceId) ?? [];
  const repo: LabelRepo = {
    async create(workspaceId, label) {
      const l = checkLabel(label);
      const ws = await db.selectFrom('workspaces').select('id').where('id', '=', workspaceId).executeTakeFirst();
      if (!ws) throw new InvalidInputError(`label.workspaceId: workspace "${workspaceId}" not found`);
      await ensureBuiltIns(workspaceId);
      try {
        await db.insertInto('labels').values({ workspace_id: workspaceId, key: l.key, value: l.value, description: l.description ?? '', created_at: nowIso() }).execute();
      } catch (err) {
        if (isUniqueViolation(err)) throw new ConflictError(`label "${l.key}:${l.value}" already exists`);
        throw err;
      }
      return l;
    },
    async list(workspaceId) {
      await ensureBuiltIns(workspaceId);
      const rows = await db.selectFrom('labels').select(['key', 'value', 'description']).where('workspace_id', '=', workspaceId).orderBy('key').orderBy('value').execute();
      return rows.map(toLabel);
    },
    async delete(workspaceId, key, value) {
      const used = await repo.usage(workspaceId, key, value);
      if (used > 0) throw new ConflictError(`label "${key}:${value}" is used by ${used} resource${used === 1 ? '' : 's'}; remove it from them first`);
      const r = await db.deleteFrom('labels').where('workspace_id', '=', workspaceId).where('key', '=', key).where('value', '=', value).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async usage(workspaceId, key, value) {
      const r = await db
        .selectFrom('resource_labels')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('workspace_id', '=', workspaceId)
        .where('key', '=', key)
        .where('value', '=', value)
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async forResources(resourceType, resourceIds) {
      const out = new Map<string, Label[]>(resourceIds.map((id) => [id, []]));
      if (resourceIds.length === 0) return out;
      const rows = await db
        .selectFrom('resource_labels as r')
        .innerJoin('labels as l', (j) => j.onRef('l.workspace_id', '=', 'r.workspace_id').onRef('l.key', '=', 'r.key').onRef('l.value', '=', 'r.value'))
        .select(['r.resource_id', 'l.key', 'l.value', 'l.description'])
        .where('r.resource_type', '=', resourceType)
        .where('r.resource_id', 'in', resourceIds)
        .orderBy('l.key')
        .execute();
      for (const r of rows) out.get(r.resource_id)?.push(toLabel(r));
      return out;
    },
    async replaceOnResource(workspaceId, resourceType, resourceId, labels) {
      const checked = await checkList(workspaceId, labels);
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('resource_labels').where('resource_type', '=', resourceType).where('resource_id', '=', resourceId).execute();
        if (checked.length > 0) {
          await trx
            .insertInto('resource_labels')
            .values(checked.map((l) => ({ workspace_id: workspaceId, resource_type: resourceType, resource_id: resourceId, key: l.key, value: l.value })))
            .execute();
        }
      });
      return forResource(resourceType, resourceId);
    },
    async addToResource(workspaceId, resourceType, resourceId, labels) {
      const checked = await checkList(workspaceId, labels);
      const current = new Map((await forResource(resourceType, resourceId)).map((l) => [l.key, l.value]));
      const fresh = checked.filter((l, i) => {
        const has = current.get(l.key);
        if (has !== undefined && has !== l.value) throw new ConflictError(`labels[${i}]: the resource already has "${l.key}:${has}" (one value per key); replace its labels to change it`);
        return has === undefined;
      });
      if (fresh.length > 0) {
        await db
          .insertInto('resource_labels')
          .values(fresh.map((l) => ({ workspace_id: workspaceId, resource_type: resourceType, resource_id: resourceId, key: l.key, value: l.value })))
          .execute();
      }
      return forResource(resourceType, resourceId);
    },
    async clearResource(resourceType, resourceId) {
      await db.deleteFrom('resource_labels').where('resource_type', '=', resourceType).where('resource_id', '=', resourceId).execute();
    },
  };
  return repo;
}
