import type { Kysely } from 'kysely';
import type { HealthTables } from './ingest-metrics-schema.ts';
import type { Database } from './schema.ts';

/** A resource's health. */
export type HealthState = 'healthy' | 'degraded' | 'failing' | 'disabled';

/**
 * Identifies a resource of a workspace: `source`, `destination` or `storage` (id `storage`).
 *
 * @example
 * const k: ResourceKey = { workspaceId, resourceType: 'destination', resourceId: 'dst_1' };
 */
export interface ResourceKey {
  workspaceId: string;
  resourceType: string;
  resourceId: string;
}

/**
 * Last known state of a resource (table `health_states`). `incidentId` is set while an incident is open.
 *
 * @example
 * const s: StoredHealthState = { ...key, state: 'failing', reasons: ['…'], incidentId: 'inc_1', healthySince: null, changedAt, evaluatedAt };
 */
export interface StoredHealthState extends ResourceKey {
  state: HealthState;
  reasons: string[];
  incidentId: string | null;
  healthySince: string | null;
  changedAt: string;
  evaluatedAt: string;
}

/**
 * An incident: a resource that became degraded or failing, until it recovered.
 *
 * @example
 * const i: Incident = { id, workspaceId, resourceType: 'destination', resourceId, resourceName: 'Hook', state: 'failing', reasons: [], openedAt, closedAt: null, notified: ['incident'] };
 */
export interface Incident extends ResourceKey {
  id: string;
  resourceName: string;
  /** The worst state reached. */
  state: HealthState;
  reasons: string[];
  openedAt: string;
  closedAt: string | null;
  /** Notices sent: 'incident', 'recovery'. */
  notified: string[];
}

/** Health states and incidents; the open/close claims are conditional updates, safe across hosts. */
export interface HealthStateRepo {
  list(workspaceId: string): Promise<StoredHealthState[]>;
  /**
   * Records an evaluation: creates the row or updates state/reasons (`changedAt` when the state
   * changes; `healthySince` set when healthy, cleared otherwise). Never touches the incident.
   */
  observe(key: ResourceKey, state: HealthState, reasons: string[], now: string): Promise<StoredHealthState>;
  /** Claims the opening of an incident: true for exactly one caller while none is open. */
  claimOpen(key: ResourceKey, incident: Omit<Incident, keyof ResourceKey | 'closedAt' | 'notified'>): Promise<boolean>;
  /** Claims the closing of incident `incidentId`: true for exactly one caller. */
  claimClose(key: ResourceKey, incidentId: string, now: string): Promise<boolean>;
  /** Raises an open incident's worst state (no claim: it sends nothing). */
  escalate(incidentId: string, state: HealthState, reasons: string[]): Promise<void>;
  markNotified(incidentId: string, notice: string): Promise<void>;
  incidents(workspaceId: string, limit: number): Promise<Incident[]>;
  /** Deletes the state rows of resources not in `keep` (deleted resources; open incidents are closed silently). */
  forgetOthers(workspaceId: string, keep: readonly ResourceKey[], now: string): Promise<void>;
  /** Writes the probe row; resolves when committed. */
  probe(id: string, now: string): Promise<void>;
}

const SEVERITY: Record<string, number> = { healthy: 0, disabled: 0, degraded: 1, failing: 2 };

function toState(r: HealthTables['health_states']): StoredHealthState {
  return {
    workspaceId: r.workspace_id,
    resourceType: r.resource_type,
    resourceId: r.resource_id,
    state: r.state as HealthState,
    reasons: JSON.parse(r.reasons) as string[],
    incidentId: r.incident_id,
    healthySince: r.healthy_since,
    changedAt: r.changed_at,
    evaluatedAt: r.evaluated_at,
  };
}

function toIncident(r: HealthTables['health_incidents']): Incident {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    resourceType: r.resource_type,
    resourceId: r.resource_id,
    resourceName: r.resource_name,
    state: r.state as HealthState,
    reasons: JSON.parse(r.reasons) as string[],
    openedAt: r.opened_at,
    closedAt: r.closed_at,
    notified: JSON.parse(r.notified) as string[],
  };
}

/**
 * Health states over a store's database (migration `0006_health`).
 *
 * @example
 * const repo = healthStateRepo(store.db);
 * if (await repo.claimOpen(key, { id: newId('inc'), resourceName: 'Hook', state: 'failing', reasons, openedAt: now })) await mail();
 */
export function healthStateRepo(db: Kysely<Database>): HealthStateRepo {
  const t = db as unknown as Kysely<HealthTables>;
  const byKey = (k: ResourceKey) => t.selectFrom('health_states').selectAll().where('workspace_id', '=', k.workspaceId).where('resource_type', '=', k.resourceType).where('resource_id', '=', k.resourceId);
  return {
    async list(workspaceId) {
      const rows = await t.selectFrom('health_states').selectAll().where('workspace_id', '=', workspaceId).orderBy('resource_type').orderBy('resource_id').execute();
      return rows.map(toState);
    },
    async observe(k, state, reasons, now) {
      const healthySince = state === 'healthy' ? now : null;
      await t
        .insertInto('health_states')
        .values({ workspace_id: k.workspaceId, resource_type: k.resourceType, resource_id: k.resourceId, state, reasons: JSON.stringify(reasons), incident_id: null, healthy_since: healthySince, changed_at: now, evaluated_at: now })
        .onConflict((oc) => oc.doNothing())
        .execute();
      const current = await byKey(k).executeTakeFirstOrThrow();
      const changed = current.state !== state;
      await t
        .updateTable('health_states')
        .set({
          state,
          reasons: JSON.stringify(reasons),
          evaluated_at: now,
          ...(changed ? { changed_at: now } : {}),
          healthy_since: state === 'healthy' ? (current.healthy_since ?? now) : null,
        })
        .where('workspace_id', '=', k.workspaceId)
        .where('resource_type', '=', k.resourceType)
        .where('resource_id', '=', k.resourceId)
        .execute();
      return toState(await byKey(k).executeTakeFirstOrThrow());
    },
    async claimOpen(k, incident) {
      return t.transaction().execute(async (trx) => {
        const claimed = await trx
          .updateTable('health_states')
          .set({ incident_id: incident.id })
          .where('workspace_id', '=', k.workspaceId)
          .where('resource_type', '=', k.resourceType)
          .where('resource_id', '=', k.resourceId)
          .where('incident_id', 'is', null)
          .executeTakeFirst();
        if (Number(claimed.numUpdatedRows) !== 1) return false;
        await trx
          .insertInto('health_incidents')
          .values({
            id: incident.id,
            workspace_id: k.workspaceId,
            resource_type: k.resourceType,
            resource_id: k.resourceId,
            resource_name: incident.resourceName,
            state: incident.state,
            reasons: JSON.stringify(incident.reasons),
            opened_at: incident.openedAt,
            closed_at: null,
            notified: '[]',
          })
          .execute();
        return true;
      });
    },
    async claimClose(k, incidentId, now) {
      return t.transaction().execute(async (trx) => {
        const claimed = await trx
          .updateTable('health_states')
          .set({ incident_id: null })
          .where('workspace_id', '=', k.workspaceId)
          .where('resource_type', '=', k.resourceType)
          .where('resource_id', '=', k.resourceId)
          .where('incident_id', '=', incidentId)
          .executeTakeFirst();
        if (Number(claimed.numUpdatedRows) !== 1) return false;
        await trx.updateTable('health_incidents').set({ closed_at: now }).where('id', '=', incidentId).execute();
        return true;
      });
    },
    async escalate(incidentId, state, reasons) {
      const row = await t.selectFrom('health_incidents').select('state').where('id', '=', incidentId).executeTakeFirst();
      if (!row || (SEVERITY[state] ?? 0) <= (SEVERITY[row.state] ?? 0)) return;
      await t.updateTable('health_incidents').set({ state, reasons: JSON.stringify(reasons) }).where('id', '=', incidentId).where('state', '=', row.state).execute();
    },
    async markNotified(incidentId, notice) {
      const row = await t.selectFrom('health_incidents').select('notified').where('id', '=', incidentId).executeTakeFirst();
      if (!row) return;
      const list = JSON.parse(row.notified) as string[];
      if (!list.includes(notice)) list.push(notice);
      await t.updateTable('health_incidents').set({ notified: JSON.stringify(list) }).where('id', '=', incidentId).execute();
    },
    async incidents(workspaceId, limit) {
      const rows = await t.selectFrom('health_incidents').selectAll().where('workspace_id', '=', workspaceId).orderBy('opened_at', 'desc').orderBy('id').limit(limit).execute();
      return rows.map(toIncident);
    },
    async forgetOthers(workspaceId, keep, now) {
      const keys = new Set(keep.map((k) => `${k.resourceType}\u0000${k.resourceId}`));
      const rows = await t.selectFrom('health_states').selectAll().where('workspace_id', '=', workspaceId).execute();
      for (const r of rows) {
        if (keys.has(`${r.resource_type}\u0000${r.resource_id}`)) continue;
        if (r.incident_id) await t.updateTable('health_incidents').set({ closed_at: now }).where('id', '=', r.incident_id).where('closed_at', 'is', null).execute();
        await t.deleteFrom('health_states').where('workspace_id', '=', workspaceId).where('resource_type', '=', r.resource_type).where('resource_id', '=', r.resource_id).execute();
      }
    },
    async probe(id, now) {
      await t.insertInto('health_probe').values({ id, written_at: now }).onConflict((oc) => oc.column('id').doUpdateSet({ written_at: now })).execute();
    },
  };
}
