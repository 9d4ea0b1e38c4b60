import type { Kysely, Selectable } from 'kysely';
import { InvalidInputError } from './errors.ts';
import type { AdminDatabase } from './admin-schema.ts';
import type { IamDatabase, IamGrantTable } from './iam-schema.ts';
import { GRANT_RESOURCE_TYPES, type EffectiveGrant, type GrantInput, type GrantResource, type GrantSubject, type LabelRef, type StoredGrant } from './iam-types.ts';
import { newId } from './ids.ts';
import { checkLabel, labelRepo } from './labels.ts';
import { nowIso } from './time.ts';
import { checkText } from './validate.ts';

/** Grants of roles to users, groups and tokens, keyed by workspace. */
export interface GrantRepo {
  /** Checks grant inputs against the workspace (sources exist in it, labels exist); errors name the field. */
  check(workspaceId: string, inputs: unknown, field?: string): Promise<GrantInput[]>;
  /** Grants of these subjects in the workspace, oldest first. */
  list(workspaceId: string, subjects: readonly GrantSubject[]): Promise<StoredGrant[]>;
  /** Adds grants (an identical one is kept once); returns the subject's grants. */
  add(workspaceId: string, subject: GrantSubject, inputs: readonly GrantInput[]): Promise<StoredGrant[]>;
  /** Replaces every grant of the subject; returns them. */
  replace(workspaceId: string, subject: GrantSubject, inputs: readonly GrantInput[]): Promise<StoredGrant[]>;
  /** Removes every grant of a subject (deleted user, group or token). */
  removeSubject(workspaceId: string, subject: GrantSubject): Promise<void>;
  /** The subjects' grants resolved for authorization (source grants carry their destinations). */
  effective(workspaceId: string, subjects: readonly GrantSubject[]): Promise<EffectiveGrant[]>;
}

const labelKey = (ls: readonly LabelRef[]) => ls.map((l) => `${l.key}:${l.value}`).sort().join(',');

function toGrant(r: Selectable<IamGrantTable>): StoredGrant {
  const labels = JSON.parse(r.labels) as LabelRef[];
  const resource: GrantResource = { id: r.resource_id, type: r.resource_type as GrantResource['type'], ...(labels.length > 0 ? { labels } : {}) };
  return { id: r.id, workspaceId: r.workspace_id, subject: { type: r.subject_type as GrantSubject['type'], id: r.subject_id }, roleId: r.role_id, resource, createdAt: r.created_at };
}

function checkShape(inputs: unknown, field: string): GrantInput[] {
  if (!Array.isArray(inputs)) throw new InvalidInputError(`${field} must be an array of { roleId, resources }`);
  return inputs.map((input, i) => {
    const f = `${field}[${i}]`;
    if (input === null || typeof input !== 'object') throw new InvalidInputError(`${f} must be an object { roleId, resources }`);
    const { roleId, resources } = input as Record<string, unknown>;
    checkText(`${f}.roleId`, roleId, 64);
    if (!Array.isArray(resources) || resources.length === 0) throw new InvalidInputError(`${f}.resources must be a non-empty array of { id, type, labels? }`);
    return {
      roleId: roleId as string,
      resources: resources.map((res, j) => {
        const rf = `${f}.resources[${j}]`;
        if (res === null || typeof res !== 'object') throw new InvalidInputError(`${rf} must be an object { id, type, labels? }`);
        const { id, type, labels } = res as Record<string, unknown>;
        checkText(`${rf}.id`, id);
        if (!GRANT_RESOURCE_TYPES.includes(type as never)) throw new InvalidInputError(`${rf}.type must be one of ${GRANT_RESOURCE_TYPES.join(', ')}, got ${JSON.stringify(type)}`);
        if (labels !== undefined && labels !== null && !Array.isArray(labels)) throw new InvalidInputError(`${rf}.labels must be an array of { key, value }`);
        const checked = ((labels as unknown[] | undefined) ?? []).map((l, k) => {
          const { key, value } = checkLabel(l, `${rf}.labels[${k}]`);
          return { key, value };
        });
        if (checked.length > 0 && type !== 'WORKSPACE') throw new InvalidInputError(`${rf}.labels: labels scope a WORKSPACE resource only (the resources of the workspace carrying them)`);
        return { id: id as string, type: type as GrantResource['type'], ...(checked.length > 0 ? { labels: checked } : {}) };
      }),
    };
  });
}

/**
 * Grant functions over a Kysely instance.
 *
 * @example
 * const grants = grantRepo(db);
 * await grants.add(workspaceId, { type: 'user', id: userId }, [{ roleId: 'SOURCE_ADMIN', resources: [{ id: sourceId, type: 'SOURCE' }] }]);
 * await grants.effective(workspaceId, [{ type: 'user', id: userId }]); // [{ roleId: 'SOURCE_ADMIN', scope: { kind: 'sources', sourceIds: [sourceId], destinationIds: [...] } }]
 */
export function grantRepo(db: Kysely<IamDatabase>): GrantRepo {
  const insert = async (workspaceId: string, subject: GrantSubject, inputs: readonly GrantInput[], existing: StoredGrant[]) => {
    const seen = new Set(existing.map((g) => `${g.roleId}|${g.resource.type}|${g.resource.id}|${labelKey(g.resource.labels ?? [])}`));
    const rows: IamGrantTable[] = [];
    const now = nowIso();
    for (const input of inputs) {
      for (const r of input.resources) {
        const key = `${input.roleId}|${r.type}|${r.id}|${labelKey(r.labels ?? [])}`;
        if (seen.has(key)) continue;
        seen.add(key);
        rows.push({ id: newId(), workspace_id: workspaceId, subject_type: subject.type, subject_id: subject.id, role_id: input.roleId, resource_type: r.type, resource_id: r.id, labels: JSON.stringify(r.labels ?? []), created_at: now });
      }
    }
    if (rows.length > 0) await db.insertInto('iam_grants').values(rows).execute();
  };
  const repo: GrantRepo = {
    async check(workspaceId, inputs, field = 'permissions') {
      const shaped = checkShape(inputs, field);
      const sourceIds = [...new Set(shaped.flatMap((g) => g.resources.filter((r) => r.type === 'SOURCE').map((r) => r.id)))];
      const found = sourceIds.length === 0 ? new Set<string>() : new Set((await db.selectFrom('sources').select('id').where('workspace_id', '=', workspaceId).where('id', 'in', sourceIds).execute()).map((r) => r.id));
      const needLabels = shaped.some((g) => g.resources.some((r) => r.labels));
      const known = needLabels ? new Set((await labelRepo(db as unknown as Kysely<AdminDatabase>).list(workspaceId)).map((l) => `${l.key}:${l.value}`)) : new Set<string>();
      shaped.forEach((g, i) => {
        g.resources.forEach((r, j) => {
          const rf = `${field}[${i}].resources[${j}]`;
          if (r.type === 'WORKSPACE' && r.id !== workspaceId) throw new InvalidInputError(`${rf}.id: a WORKSPACE resource must be this workspace ("${workspaceId}"), got "${r.id}"`);
          if (r.type === 'SOURCE' && !found.has(r.id)) throw new InvalidInputError(`${rf}.id: source "${r.id}" not found in this workspace`);
          (r.labels ?? []).forEach((l, k) => {
            if (!known.has(`${l.key}:${l.value}`)) throw new InvalidInputError(`${rf}.labels[${k}]: label "${l.key}:${l.value}" does not exist in this workspace`);
          });
        });
      });
      return shaped;
    },
    async list(workspaceId, subjects) {
      if (subjects.length === 0) return [];
      const rows = await db
        .selectFrom('iam_grants')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where((eb) => eb.or(subjects.map((s) => eb.and([eb('subject_type', '=', s.type), eb('subject_id', '=', s.id)]))))
        .orderBy('created_at')
        .orderBy('role_id')
        .orderBy('resource_type')
        .orderBy('resource_id')
        .orderBy('id')
        .execute();
      return rows.map(toGrant);
    },
    async add(workspaceId, subject, inputs) {
      await insert(workspaceId, subject, inputs, await repo.list(workspaceId, [subject]));
      return repo.list(workspaceId, [subject]);
    },
    async replace(workspaceId, subject, inputs) {
      await repo.removeSubject(workspaceId, subject);
      await insert(workspaceId, subject, inputs, []);
      return repo.list(workspaceId, [subject]);
    },
    async removeSubject(workspaceId, subject) {
      await db.deleteFrom('iam_grants').where('workspace_id', '=', workspaceId).where('subject_type', '=', subject.type).where('subject_id', '=', subject.id).execute();
    },
    async effective(workspaceId, subjects) {
      const grants = await repo.list(workspaceId, subjects);
      const sourceIds = [...new Set(grants.filter((g) => g.resource.type === 'SOURCE').map((g) => g.resource.id))];
      const destinations =
        sourceIds.length === 0 ? [] : await db.selectFrom('destinations').select(['id', 'source_id']).where('workspace_id', '=', workspaceId).where('source_id', 'in', sourceIds).execute();
      return grants.map((g): EffectiveGrant => {
        if (g.resource.type === 'SOURCE') {
          const destinationIds = destinations.filter((d) => d.source_id === g.resource.id).map((d) => d.id);
          return { roleId: g.roleId, scope: { kind: 'sources', sourceIds: [g.resource.id], destinationIds } };
        }
        if (g.resource.labels) return { roleId: g.roleId, scope: { kind: 'labels', labels: g.resource.labels } };
        return { roleId: g.roleId, scope: { kind: 'workspace' } };
      });
    },
  };
  return repo;
}
