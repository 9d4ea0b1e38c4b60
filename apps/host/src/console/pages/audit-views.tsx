import { ErrorSummary, Input } from './form-parts.tsx';
import type { FieldErrors } from './page-kit.ts';

/** An audit entry as the admin API lists it (before/after already redacted). */
export interface AuditEntry {
  id: string;
  timestamp: string;
  type: string;
  actor: string;
  actorEmail?: string;
  resourceId: string;
  resourceType: string;
  resourceName: string;
  before: unknown;
  after: unknown;
}

/** The filters of the audit page (as typed, re-shown after a rejected search). */
export interface AuditFilters {
  type: string;
  actor: string;
  resourceId: string;
  startTime: string;
  endTime: string;
}

function flatten(value: unknown, path: string, out: Map<string, string>): Map<string, string> {
  if (value !== null && typeof value === 'object' && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value)) flatten(v, Array.isArray(value) ? `${path}[${k}]` : path ? `${path}.${k}` : k, out);
  } else if (value !== undefined) {
    out.set(path || '(value)', JSON.stringify(value));
  }
  return out;
}

/**
 * The fields that differ between before and after, as dotted paths with JSON values ('' when absent).
 *
 * @example
 * auditDiff({ name: 'Web', enabled: true }, { name: 'Site', enabled: true }); // [{ path: 'name', before: '"Web"', after: '"Site"' }]
 */
export function auditDiff(before: unknown, after: unknown): { path: string; before: string; after: string }[] {
  const b = before === null || before === undefined ? new Map<string, string>() : flatten(before, '', new Map());
  const a = after === null || after === undefined ? new Map<string, string>() : flatten(after, '', new Map());
  const paths = [...new Set([...b.keys(), ...a.keys()])];
  return paths.filter((p) => b.get(p) !== a.get(p)).map((p) => ({ path: p, before: b.get(p) ?? '', after: a.get(p) ?? '' }));
}

function Diff(props: { entry: AuditEntry }) {
  const rows = auditDiff(props.entry.before, props.entry.after);
  if (rows.length === 0) return <span class="hint">No field changed.</span>;
  return (
    <details>
      <summary>
        {rows.length} field{rows.length === 1 ? '' : 's'} changed
      </summary>
      <table class="mapping" data-testid="audit-diff">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              <th scope="row">
                <code>{r.path}</code>
              </th>
              <td class="mono">{r.before || '—'}</td>
              <td class="mono">{r.after || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

/**
 * The filter form (GET: no state changes, no CSRF token needed) and the entries with their diffs.
 *
 * @example
 * <AuditTrail filters={f} entries={events} total={12} next="/audit?cursor=…" first="/audit" exportHref="/audit/export.csv" errors={errs} />
 */
export function AuditTrail(props: { filters: AuditFilters; entries: AuditEntry[]; total: number; next?: string | undefined; first?: string | undefined; exportHref: string; errors: FieldErrors }) {
  const { filters: f, errors } = props;
  return (
    <>
      <ErrorSummary errors={errors} />
      <form method="get" action="/audit" aria-label="Filter the audit trail" novalidate>
        <fieldset>
          <legend>Filters</legend>
          <Input name="type" label="Action" value={f.type} placeholder="Source Created" hint="The exact action name, e.g. Source Created." error={errors.for('type')} />
          <Input name="actor" label="Actor" value={f.actor} hint="The id of the user or token that acted." error={errors.for('actor')} />
          <Input name="resourceId" label="Resource id" value={f.resourceId} error={errors.for('resourceId')} />
          <Input name="startTime" label="From (UTC)" type="datetime-local" value={f.startTime} hint="Inclusive; YYYY-MM-DDTHH:MM." error={errors.for('startTime')} />
          <Input name="endTime" label="Until (UTC)" type="datetime-local" value={f.endTime} hint="Exclusive." error={errors.for('endTime')} />
          <div class="actions">
            <button type="submit">Filter</button> <a href="/audit">Clear filters</a>
          </div>
        </fieldset>
      </form>
      <p>
        {props.total} entr{props.total === 1 ? 'y' : 'ies'}. <a href={props.exportHref}>Export these entries as CSV</a>
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">When (UTC)</th>
            <th scope="col">Action</th>
            <th scope="col">Actor</th>
            <th scope="col">Resource</th>
            <th scope="col">Changes</th>
          </tr>
        </thead>
        <tbody>
          {props.entries.map((e) => (
            <tr data-testid="audit-entry">
              <td>{e.timestamp}</td>
              <td>{e.type}</td>
              <td>{e.actorEmail ?? e.actor}</td>
              <td>
                {e.resourceType} {e.resourceName} <code>{e.resourceId}</code>
              </td>
              <td>
                <Diff entry={e} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <nav class="actions" aria-label="Pages of the audit trail">
        {props.first ? <a href={props.first}>Newest entries</a> : null}
        {props.next ? (
          <a href={props.next} rel="next">
            Older entries
          </a>
        ) : null}
      </nav>
    </>
  );
}
