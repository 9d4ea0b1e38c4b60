import type { Child } from 'hono/jsx';
import { ErrorSummary, Input, PostForm } from './form-parts.tsx';
import type { FieldErrors } from './page-kit.ts';

/** A resource's health state, as the admin API reports it. */
export type HealthStateText = 'healthy' | 'degraded' | 'failing' | 'disabled';

/** One resource of Workspace Health (`GET /workspace-health`). */
export interface ResourceHealthView {
  type: 'source' | 'destination' | 'storage';
  id: string;
  name: string;
  state: HealthStateText;
  reasons: string[];
}

/** Workspace Health as the admin API shows it. */
export interface WorkspaceHealthView {
  state: HealthStateText;
  evaluatedAt: string;
  window: { from: string; to: string; minutes: number };
  storage: ResourceHealthView;
  sources: ResourceHealthView[];
  destinations: ResourceHealthView[];
}

/** An incident (`GET /workspace-health/incidents`). */
export interface IncidentView {
  id: string;
  resourceType: string;
  resourceId: string;
  resourceName: string;
  state: HealthStateText;
  reasons: string[];
  openedAt: string;
  closedAt: string | null;
}

const BADGE: Record<HealthStateText, string> = { healthy: 'badge on', degraded: 'badge', failing: 'badge off', disabled: 'badge' };

/**
 * A health state as text (colour only as a second cue).
 *
 * @example
 * <HealthBadge state="failing" />
 */
export function HealthBadge(props: { state: HealthStateText }) {
  return (
    <span class={BADGE[props.state] ?? 'badge'} data-state={props.state}>
      {props.state}
    </span>
  );
}

function Reasons(props: { reasons: readonly string[] }) {
  if (props.reasons.length === 0) return <span class="hint">—</span>;
  return (
    <ul>
      {props.reasons.map((r) => (
        <li>{r}</li>
      ))}
    </ul>
  );
}

function ResourceTable(props: { caption: string; kind: 'sources' | 'destinations'; rows: readonly ResourceHealthView[]; extra?: (r: ResourceHealthView) => Child }) {
  if (props.rows.length === 0) return <p>No {props.kind} yet.</p>;
  return (
    <table data-testid={`health-${props.kind}`}>
      <caption class="hint">{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">State</th>
          <th scope="col">Reasons</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr>
            <th scope="row">
              <a href={`/${props.kind}/${r.id}`}>{r.name}</a>
              {props.extra ? <> {props.extra(r)}</> : null}
            </th>
            <td>
              <HealthBadge state={r.state} />
            </td>
            <td>
              <Reasons reasons={r.reasons} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * Workspace Health: overall state, storage, sources, destinations, recent incidents.
 *
 * @example
 * <HealthOverview health={h} incidents={incidents} />
 */
export function HealthOverview(props: { health: WorkspaceHealthView; incidents: readonly IncidentView[] }) {
  const h = props.health;
  return (
    <>
      <p>
        Overall: <HealthBadge state={h.state} /> over the last {h.window.minutes} minutes (evaluated {h.evaluatedAt}).{' '}
        <a href="/workspace-health/settings">Health thresholds</a>
      </p>
      <h2>Storage</h2>
      <p data-testid="health-storage">
        Storage: <HealthBadge state={h.storage.state} />
        {h.storage.reasons.length > 0 ? ` — ${h.storage.reasons.join('; ')}` : null}
      </p>
      <h2>Sources</h2>
      <ResourceTable caption="Health of each source (rejected events at ingest)" kind="sources" rows={h.sources} />
      <h2>Destinations</h2>
      <ResourceTable
        caption="Health of each destination (delivery success, latency, backlog)"
        kind="destinations"
        rows={h.destinations}
        extra={(r) => (
          <a href={`/destinations/${r.id}/delivery?window=24h`} class="hint">
            (Event Delivery)
          </a>
        )}
      />
      <h2>Recent incidents</h2>
      {props.incidents.length === 0 ? <p>No incidents.</p> : null}
      <ul data-testid="health-incidents">
        {props.incidents.map((i) => (
          <li>
            <strong>{i.resourceName}</strong> ({i.resourceType}) <HealthBadge state={i.state} /> opened {i.openedAt}, {i.closedAt ? `resolved ${i.closedAt}` : 'still open'}
            {i.reasons.length > 0 ? `: ${i.reasons.join('; ')}` : ''}
          </li>
        ))}
      </ul>
    </>
  );
}

/** The limits of the thresholds form: name, label, unit hint. */
export const LIMIT_FIELDS = [
  { name: 'sourceRejectedRate', label: 'Source rejected rate', hint: 'Fraction 0–1 of events rejected at ingest; at or above is bad.' },
  { name: 'destinationSuccessRate', label: 'Destination success rate', hint: 'Fraction 0–1 of delivery attempts that succeed; below is bad.' },
  { name: 'destinationLatencyP99Ms', label: 'Destination latency p99 (ms)', hint: 'Milliseconds; above is bad.' },
  { name: 'destinationBacklog', label: 'Destination backlog (events)', hint: 'Undelivered events; above is bad.' },
  { name: 'destinationOldestAgeMs', label: 'Oldest undelivered event (ms)', hint: 'Milliseconds; above is bad.' },
  { name: 'storageWriteLatencyMs', label: 'Storage write latency (ms)', hint: 'Milliseconds; above is bad.' },
] as const;

/** The plain number settings of the thresholds form. */
export const NUMBER_FIELDS = [
  { name: 'windowMinutes', label: 'Window (minutes)', hint: 'Metrics are judged over this recent window.' },
  { name: 'minEvents', label: 'Minimum events', hint: 'Rates are judged only with at least this many events or attempts in the window.' },
  { name: 'recoveryHoldSeconds', label: 'Recovery hold (seconds)', hint: 'A resource must stay healthy this long before its incident closes.' },
] as const;

/** Form values of the thresholds form, by field name (`minEvents`, `sourceRejectedRate.degraded`). */
export type ThresholdValues = Record<string, string>;

/**
 * The Workspace Health thresholds form (owners only; others see the values read-only).
 *
 * @example
 * <ThresholdsForm csrf={csrf} v={values} errors={errs} canEdit />
 */
export function ThresholdsForm(props: { csrf: string; v: ThresholdValues; errors: FieldErrors; canEdit: boolean }) {
  const { v, errors } = props;
  const fields = (
    <>
      {NUMBER_FIELDS.map((f) => (
        <Input name={f.name} label={f.label} type="number" hint={f.hint} value={v[f.name] ?? ''} error={errors.for(f.name)} />
      ))}
      {LIMIT_FIELDS.map((f) => (
        <fieldset>
          <legend>{f.label}</legend>
          <p class="hint">{f.hint}</p>
          <Input name={`${f.name}.degraded`} label="Degraded at" type="number" step="any" value={v[`${f.name}.degraded`] ?? ''} error={errors.for(`${f.name}.degraded`)} />
          <Input name={`${f.name}.failing`} label="Failing at" type="number" step="any" value={v[`${f.name}.failing`] ?? ''} error={errors.for(`${f.name}.failing`)} />
        </fieldset>
      ))}
    </>
  );
  return (
    <>
      <p>
        <a href="/workspace-health">Back to Workspace Health</a>
      </p>
      {props.canEdit ? null : <p class="notice">Only workspace owners can change the thresholds.</p>}
      <ErrorSummary errors={errors} />
      {props.canEdit ? (
        <PostForm action="/workspace-health/settings" csrf={props.csrf} label="Health thresholds">
          {fields}
          <button type="submit">Save thresholds</button>
        </PostForm>
      ) : (
        <fieldset disabled>{fields}</fieldset>
      )}
    </>
  );
}
