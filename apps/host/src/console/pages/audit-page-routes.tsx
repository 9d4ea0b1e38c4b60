import { Hono } from 'hono';
import type { InProcessEnv } from '../../admin/admin-routes.ts';
import type { ConsoleDeps, ConsoleEnv } from '../console-env.ts';
import { type AuditEntry, type AuditFilters, AuditTrail } from './audit-views.tsx';
import { problem, render } from './layout.tsx';
import { api, FieldErrors, type PageContext } from './page-kit.ts';

/** Entries per page of the audit trail. */
export const AUDIT_PAGE_SIZE = 25;

const FILTER_NAMES = ['type', 'actor', 'resourceId', 'startTime', 'endTime'] as const;

function filtersOf(c: PageContext): AuditFilters {
  const f = {} as AuditFilters;
  for (const name of FILTER_NAMES) f[name] = (c.req.query(name) ?? '').trim();
  return f;
}

/** A `datetime-local` value has no zone: the page says UTC, so it gets one. */
function asUtc(value: string): string {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value) ? `${value}Z` : value;
}

/**
 * The admin API query of the page's filters (empty ones left out).
 *
 * @example
 * auditQuery({ type: 'Source Created', actor: '', resourceId: '', startTime: '2026-01-01T00:00', endTime: '' });
 * // 'type=Source+Created&startTime=2026-01-01T00%3A00Z'
 */
export function auditQuery(f: AuditFilters): string {
  const q = new URLSearchParams();
  for (const name of FILTER_NAMES) if (f[name] !== '') q.set(name, name.endsWith('Time') ? asUtc(f[name]) : f[name]);
  return q.toString();
}

function pageHref(f: AuditFilters, cursor?: string): string {
  const q = new URLSearchParams();
  for (const name of FILTER_NAMES) if (f[name] !== '') q.set(name, f[name]);
  if (cursor) q.set('cursor', cursor);
  const s = q.toString();
  return s ? `/audit?${s}` : '/audit';
}

/**
 * The audit trail: `GET /audit` (filters by action, actor, resource id and time range; cursor
 * pages; a before/after diff per entry, redacted by the admin API) and `GET /audit/export.csv`
 * (the admin API's CSV export of the same filters, proxied as a download).
 *
 * @example
 * app.route('/', auditPageRoutes(deps));
 */
export function auditPageRoutes(deps: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  app.get('/audit', async (c) => {
    const f = filtersOf(c);
    const cursor = c.req.query('cursor');
    const q = [auditQuery(f), `pagination.count=${AUDIT_PAGE_SIZE}`, cursor ? `pagination.cursor=${encodeURIComponent(cursor)}` : ''].filter(Boolean).join('&');
    const r = await api<{ events: AuditEntry[]; pagination: { next?: string; totalEntries: number } }>(deps, c, 'GET', `/audit-events?${q}`);
    const exportHref = `/audit/export.csv${auditQuery(f) ? `?${auditQuery(f)}` : ''}`;
    if (r.status === 422) {
      const errors = new FieldErrors(r.errors, (field) => field.replace(/^audit\./, ''));
      return render(c, deps, { title: 'Audit trail', section: 'audit', status: 422 }, <AuditTrail filters={f} entries={[]} total={0} exportHref={exportHref} errors={errors} />);
    }
    if (!r.data) return problem(c, deps, 'audit', r);
    const { events, pagination } = r.data;
    const body = (
      <AuditTrail
        filters={f}
        entries={events}
        total={pagination.totalEntries}
        next={pagination.next ? pageHref(f, pagination.next) : undefined}
        first={cursor ? pageHref(f) : undefined}
        exportHref={exportHref}
        errors={new FieldErrors()}
      />
    );
    return render(c, deps, { title: 'Audit trail', section: 'audit' }, body);
  });
  app.get('/audit/export.csv', async (c) => {
    const principal = c.var.principal;
    if (!principal) throw new Error('audit page: no principal on the request');
    const query = new URL(c.req.url).search;
    const res = await deps.adminApp.request(`/audit-events/export${query}`, { headers: { accept: 'text/csv' } }, { principal } satisfies InProcessEnv);
    if (res.status !== 200) {
      const json = (await res.json()) as { errors?: { message: string }[] };
      return problem(c, deps, 'audit', { status: res.status, errors: json.errors });
    }
    return c.body(await res.text(), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="audit-trail.csv"',
      'cache-control': 'no-store',
    });
  });
  return app;
}
