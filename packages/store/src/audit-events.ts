import type { Kysely, Selectable } from 'kysely';
import type { AdminDatabase, AuditEventTable } from './admin-schema.ts';
import { InvalidInputError } from './errors.ts';
import { newId } from './ids.ts';
import { nowIso } from './time.ts';
import { checkText } from './validate.ts';

/**
 * One audit-trail entry (Segment's AuditEventV1 plus the workspace and before/after states).
 *
 * @example
 * const e: AuditEvent = { id, workspaceId, timestamp, type: 'Source Created', actor: 'tok_1', actorEmail: null, resourceId, resourceType: 'source', resourceName: 'Web', before: null, after: { name: 'Web' } };
 */
export interface AuditEvent {
  id: string;
  workspaceId: string;
  timestamp: string;
  type: string;
  actor: string;
  actorEmail: string | null;
  resourceId: string;
  resourceType: string;
  resourceName: string;
  before: unknown;
  after: unknown;
}

/** Fields of a new audit entry; redact secrets before calling. */
export type AuditEventInput = Omit<AuditEvent, 'id' | 'timestamp' | 'actorEmail'> & { actorEmail?: string | null; timestamp?: string };

/** Where a listing resumes: the last entry seen (newest first). */
export interface AuditCursor {
  timestamp: string;
  id: string;
}

/** Filters of {@link AuditEventRepo.list}. */
export interface AuditQuery {
  workspaceId: string;
  type?: string;
  actor?: string;
  resourceId?: string;
  resourceType?: string;
  /** Inclusive lower bound (ISO-8601). */
  startTime?: string;
  /** Exclusive upper bound (ISO-8601). */
  endTime?: string;
  after?: AuditCursor;
  /** Default 100, at most 10 000. */
  limit?: number;
}

/** The audit trail. */
export interface AuditEventRepo {
  record(input: AuditEventInput): Promise<AuditEvent>;
  /** Entries newest first; `next` is set when more remain. */
  list(query: AuditQuery): Promise<{ events: AuditEvent[]; next?: AuditCursor }>;
  /** How many entries match the filters (cursor and limit ignored). */
  count(query: AuditQuery): Promise<number>;
  /** Deletes entries older than `before` (retention); returns how many. */
  pruneBefore(before: string): Promise<number>;
}

function toEvent(r: Selectable<AuditEventTable>): AuditEvent {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    timestamp: r.created_at,
    type: r.type,
    actor: r.actor,
    actorEmail: r.actor_email,
    resourceId: r.resource_id,
    resourceType: r.resource_type,
    resourceName: r.resource_name,
    before: r.before === null ? null : JSON.parse(r.before),
    after: r.after === null ? null : JSON.parse(r.after),
  };
}

function checkTime(field: string, value: string | undefined): void {
  if (value !== undefined && Number.isNaN(Date.parse(value))) throw new InvalidInputError(`${field} must be an ISO-8601 timestamp, got ${JSON.stringify(value)}`);
}

/**
 * Audit-trail functions over a Kysely instance.
 *
 * @example
 * await auditEventRepo(db).record({ workspaceId, type: 'Label Created', actor: token.id, resourceId: 'env:prod', resourceType: 'label', resourceName: 'env:prod', before: null, after: { key: 'env', value: 'prod' } });
 */
export function auditEventRepo(db: Kysely<AdminDatabase>): AuditEventRepo {
  const filtered = (q: AuditQuery) => {
    checkTime('audit.startTime', q.startTime);
    checkTime('audit.endTime', q.endTime);
    let s = db.selectFrom('audit_events').where('workspace_id', '=', q.workspaceId);
    if (q.type !== undefined) s = s.where('type', '=', q.type);
    if (q.actor !== undefined) s = s.where('actor', '=', q.actor);
    if (q.resourceId !== undefined) s = s.where('resource_id', '=', q.resourceId);
    if (q.resourceType !== undefined) s = s.where('resource_type', '=', q.resourceType);
    if (q.startTime !== undefined) s = s.where('created_at', '>=', new Date(q.startTime).toISOString());
    if (q.endTime !== undefined) s = s.where('created_at', '<', new Date(q.endTime).toISOString());
    return s;
  };
  return {
    async record(input) {
      const row = {
        id: newId(),
        workspace_id: checkText('audit.workspaceId', input.workspaceId, 64),
        created_at: input.timestamp ?? nowIso(),
        type: checkText('audit.type', input.type, 100),
        actor: checkText('audit.actor', input.actor, 200),
        actor_email: input.actorEmail ?? null,
        resource_id: checkText('audit.resourceId', input.resourceId, 400),
        resource_type: checkText('audit.resourceType', input.resourceType, 64),
        resource_name: typeof input.resourceName === 'string' ? input.resourceName.slice(0, 400) : '',
        before: input.before === null || input.before === undefined ? null : JSON.stringify(input.before),
        after: input.after === null || input.after === undefined ? null : JSON.stringify(input.after),
      };
      await db.insertInto('audit_events').values(row).execute();
      return toEvent(row);
    },
    async list(q) {
      const limit = q.limit ?? 100;
      if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new InvalidInputError(`audit.limit must be an integer in 1..10000, got ${limit}`);
      let s = filtered(q).selectAll();
      const after = q.after;
      if (after) s = s.where((eb) => eb.or([eb('created_at', '<', after.timestamp), eb.and([eb('created_at', '=', after.timestamp), eb('id', '<', after.id)])]));
      const rows = await s.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
      const events = rows.slice(0, limit).map(toEvent);
      const last = events.at(-1);
      return rows.length > limit && last ? { events, next: { timestamp: last.timestamp, id: last.id } } : { events };
    },
    async count(q) {
      const r = await filtered(q).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async pruneBefore(before) {
      checkTime('audit.before', before);
      const r = await db.deleteFrom('audit_events').where('created_at', '<', new Date(before).toISOString()).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
