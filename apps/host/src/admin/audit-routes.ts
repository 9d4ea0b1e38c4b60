import type { AuditCursor, AuditEvent, AuditQuery } from '@junction/store';
import { decodeCursor, encodeCursor } from './pagination.ts';
import { PAGINATION_QUERY, type QueryParam, type RouteContext, type RouteDef } from './route-types.ts';

const tag = 'Audit Trail';
const FILTERS: readonly QueryParam[] = [
  { name: 'startTime', description: 'Oldest event time (ISO-8601, inclusive).', schema: { type: 'string', format: 'date-time' } },
  { name: 'endTime', description: 'Newest event time (ISO-8601, exclusive).', schema: { type: 'string', format: 'date-time' } },
  { name: 'resourceId', description: 'Only events about this resource.', schema: { type: 'string' } },
  { name: 'resourceType', description: 'Only events about this kind of resource (source, destination, label, …).', schema: { type: 'string' } },
  { name: 'type', description: 'Only events of this action, e.g. "Source Created" (Junction).', schema: { type: 'string' } },
  { name: 'actor', description: 'Only events by this actor (token id) (Junction).', schema: { type: 'string' } },
];

function query(ctx: RouteContext): AuditQuery {
  const q: AuditQuery = { workspaceId: ctx.principal.workspaceId };
  for (const name of ['startTime', 'endTime', 'resourceId', 'resourceType', 'type', 'actor'] as const) {
    const v = ctx.query(name);
    if (v !== undefined && v !== '') q[name] = v;
  }
  return q;
}

/**
 * Segment's AuditEventV1 plus Junction's before/after (secrets already redacted).
 *
 * @example
 * auditView(event); // { id, timestamp, type: 'Source Created', actor, resourceId, resourceType: 'source', resourceName, before: null, after: {…} }
 */
export function auditView(e: AuditEvent) {
  return {
    id: e.id,
    timestamp: e.timestamp,
    type: e.type,
    actor: e.actor,
    ...(e.actorEmail ? { actorEmail: e.actorEmail } : {}),
    resourceId: e.resourceId,
    resourceType: e.resourceType,
    resourceName: e.resourceName,
    before: e.before,
    after: e.after,
  };
}

const CSV_COLUMNS = ['id', 'timestamp', 'type', 'actor', 'actorEmail', 'resourceId', 'resourceType', 'resourceName', 'before', 'after'] as const;

/**
 * One CSV field (RFC 4180 quoting; objects as JSON; a leading `=+-@` is prefixed with `'` so
 * spreadsheets do not run it as a formula).
 *
 * @example
 * csvField('a,"b"'); // '"a,""b"""'
 */
export function csvField(value: unknown): string {
  let text = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Routes of the audit trail: a filtered, paginated list and a CSV export.
 *
 * @example
 * const routes = auditRoutes();
 */
export function auditRoutes(): RouteDef[] {
  return [
    {
      method: 'get', path: '/audit-events', operationId: 'listAuditEvents', summary: 'List Audit Events', tag, permission: 'audit:read', query: [...FILTERS, ...PAGINATION_QUERY],
      async handler(ctx) {
        const page = ctx.page();
        const q = query(ctx);
        const after = page.cursor === undefined ? undefined : decodeCursor<{ timestamp: string; id: string }>(page.cursor, (v) => typeof v.timestamp === 'string' && typeof v.id === 'string');
        const { events, next } = await ctx.deps.admin.auditEvents.list({ ...q, limit: page.count, ...(after ? { after } : {}) });
        const totalEntries = await ctx.deps.admin.auditEvents.count(q);
        return {
          events: events.map(auditView),
          pagination: { current: page.cursor ?? encodeCursor({ timestamp: '~', id: '' }), ...(next ? { next: encodeCursor({ ...next }) } : {}), totalEntries },
        };
      },
    },
    {
      method: 'get', path: '/audit-events/export', operationId: 'exportAuditEvents', summary: 'Export Audit Events as CSV (Junction)', tag, permission: 'audit:read', query: FILTERS, produces: 'csv',
      async handler(ctx) {
        const q = query(ctx);
        const lines = [CSV_COLUMNS.join(',')];
        let after: AuditCursor | undefined;
        do {
          const page = await ctx.deps.admin.auditEvents.list({ ...q, limit: 1000, ...(after ? { after } : {}) });
          for (const e of page.events) {
            const row = auditView(e) as Record<string, unknown>;
            lines.push(CSV_COLUMNS.map((c) => csvField(row[c])).join(','));
          }
          after = page.next;
        } while (after);
        return `${lines.join('\r\n')}\r\n`;
      },
    },
  ];
}
