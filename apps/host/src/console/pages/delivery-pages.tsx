import type { FieldErrors } from './page-kit.ts';
import { Select } from './form-parts.tsx';
import { requestText } from './tester-pages.tsx';

/** The outcomes Event Delivery counts, in display order (the exact terms the page shows). */
export const OUTCOME_TERMS = ['delivered', 'retried', 'failed', 'filtered', 'discarded'] as const;

/** One outcome. */
export type OutcomeTerm = (typeof OUTCOME_TERMS)[number];

/** The windows the pages offer. */
export const DELIVERY_WINDOWS = ['1h', '24h', '7d'] as const;

/** Counts per outcome. */
export type Totals = Record<OutcomeTerm, number>;

/** Event Delivery of one destination (`GET /destinations/{id}/event-delivery`). */
export interface EventDeliveryData {
  destinationId: string;
  window: { from: string; to: string; granularity: string };
  totals: Totals;
  series: Array<{ time: string } & Totals>;
  breakdown: Array<{ outcome: OutcomeTerm; code: string; filterId: string | null; count: number; title: string; help: string; retryable: boolean }>;
  failedSamples: Array<{
    errorCode: string;
    count: number;
    samples: Array<{ id: string; messageId: string; eventType: string; reason: string; attempts: number; lastAttemptAt: string; lastRequest: unknown; lastResponse: unknown }>;
  }>;
}

const COLOURS: Record<OutcomeTerm, string> = { delivered: '#15803d', retried: '#b45309', failed: '#b00020', filtered: '#1d4ed8', discarded: '#6b7280' };

/**
 * The window picker (a GET form; works without JavaScript).
 *
 * @example
 * <WindowForm action="/event-delivery" value="24h" errors={errs} />
 */
export function WindowForm(props: { action: string; value: string; errors: FieldErrors }) {
  return (
    <form method="get" action={props.action} aria-label="Time window" class="actions">
      <Select name="window" label="Window" value={props.value} options={DELIVERY_WINDOWS.map((w) => ({ value: w, label: w }))} error={props.errors.for('window')} />
      <button type="submit">Show</button>
    </form>
  );
}

/**
 * Totals of every destination of the workspace over the window.
 *
 * @example
 * <DeliveryOverviewTable rows={[{ id, name, totals }]} window="24h" />
 */
export function DeliveryOverviewTable(props: { rows: ReadonlyArray<{ id: string; name: string; totals: Totals | null }>; window: string }) {
  if (props.rows.length === 0) return <p>No destinations yet.</p>;
  return (
    <table data-testid="delivery-overview">
      <caption class="hint">Events per destination over the last {props.window}</caption>
      <thead>
        <tr>
          <th scope="col">Destination</th>
          {OUTCOME_TERMS.map((o) => (
            <th scope="col">{o}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr>
            <th scope="row">
              <a href={`/destinations/${r.id}/delivery?window=${props.window}`}>{r.name}</a>
            </th>
            {OUTCOME_TERMS.map((o) => (
              <td data-outcome={o}>{r.totals ? String(r.totals[o]) : '—'}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * A stacked bar per time bucket (inline SVG, hidden from screen readers) and the same counts as a
 * table (non-empty buckets).
 *
 * @example
 * <DeliveryChart series={view.series} />
 */
export function DeliveryChart(props: { series: EventDeliveryData['series'] }) {
  const { series } = props;
  const width = 720;
  const height = 160;
  const max = Math.max(1, ...series.map((b) => OUTCOME_TERMS.reduce((s, o) => s + b[o], 0)));
  const slot = width / Math.max(1, series.length);
  const bar = Math.max(1, slot * 0.8);
  const busy = series.filter((b) => OUTCOME_TERMS.some((o) => b[o] > 0));
  return (
    <>
      <svg viewBox={`0 0 ${width} ${height + 20}`} width="100%" role="img" aria-label={`Events over time: ${busy.length} of ${series.length} periods had events; see the table below.`} data-testid="delivery-chart">
        <line x1="0" y1={String(height)} x2={String(width)} y2={String(height)} stroke="#6b7280" />
        {series.map((b, i) => {
          let y = height;
          return OUTCOME_TERMS.filter((o) => b[o] > 0).map((o) => {
            const h = (b[o] / max) * height;
            y -= h;
            return (
              <rect x={String(i * slot)} y={String(y)} width={String(bar)} height={String(h)} fill={COLOURS[o]}>
                <title>{`${b.time}: ${b[o]} ${o}`}</title>
              </rect>
            );
          });
        })}
        <text x="0" y={String(height + 15)} font-size="11" fill="#1a1a1a">
          {series[0]?.time ?? ''}
        </text>
        <text x={String(width)} y={String(height + 15)} font-size="11" fill="#1a1a1a" text-anchor="end">
          {series.at(-1)?.time ?? ''}
        </text>
      </svg>
      <p class="hint">
        Colours:{' '}
        {OUTCOME_TERMS.map((o) => (
          <>
            <span style={`color:${COLOURS[o]}`}>■</span> {o}{' '}
          </>
        ))}
      </p>
      <details>
        <summary>Counts over time (table)</summary>
        {busy.length === 0 ? <p>No events in this window.</p> : null}
        <table data-testid="delivery-series">
          <caption class="hint">Periods with events (empty periods left out)</caption>
          <thead>
            <tr>
              <th scope="col">Period starting</th>
              {OUTCOME_TERMS.map((o) => (
                <th scope="col">{o}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {busy.map((b) => (
              <tr>
                <th scope="row">{b.time}</th>
                {OUTCOME_TERMS.map((o) => (
                  <td>{String(b[o])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </>
  );
}

function exchangeText(value: unknown, kind: 'request' | 'response'): string {
  if (value === null || value === undefined) return `No ${kind} recorded.`;
  const v = value as Record<string, unknown>;
  if (kind === 'request' && typeof v.method === 'string' && typeof v.url === 'string') {
    const text = requestText({ method: v.method, url: v.url, headers: (v.headers ?? {}) as Record<string, string>, body: typeof v.body === 'string' ? v.body : '' });
    return typeof v.error === 'string' ? `${text}\n\n(error: ${v.error})` : text;
  }
  if (kind === 'response' && typeof v.status === 'number') return `${v.status}\n\n${typeof v.body === 'string' ? v.body : JSON.stringify(v.body ?? '')}`;
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

/**
 * Event Delivery of one destination: totals, chart, breakdown by code with help, failed samples.
 *
 * @example
 * <DeliveryDetail name="Hook" view={view} filters={new Map([['df_1', 'Block test users']])} />
 */
export function DeliveryDetail(props: { name: string; view: EventDeliveryData; filters: ReadonlyMap<string, string> }) {
  const v = props.view;
  return (
    <>
      <h2>Totals</h2>
      <p class="hint">
        From {v.window.from} to {v.window.to} (per {v.window.granularity}).
      </p>
      <dl data-testid="delivery-totals">
        {OUTCOME_TERMS.map((o) => (
          <>
            <dt>{o}</dt>
            <dd data-outcome={o}>{String(v.totals[o])}</dd>
          </>
        ))}
      </dl>
      <h2>Over time</h2>
      <DeliveryChart series={v.series} />
      <h2>By error code</h2>
      {v.breakdown.length === 0 ? <p>No failed, retried, filtered or discarded events.</p> : null}
      {v.breakdown.length > 0 ? (
        <table data-testid="delivery-breakdown">
          <caption class="hint">Why events were not delivered</caption>
          <thead>
            <tr>
              <th scope="col">Outcome</th>
              <th scope="col">Code</th>
              <th scope="col">Count</th>
              <th scope="col">What it means</th>
            </tr>
          </thead>
          <tbody>
            {v.breakdown.map((b) => (
              <tr>
                <td>{b.outcome}</td>
                <td>
                  <code>{b.code}</code>
                  {b.filterId ? (
                    <>
                      {' '}
                      by filter <a href={`/destinations/${v.destinationId}/filters/${b.filterId}`}>{props.filters.get(b.filterId) ?? b.filterId}</a>
                    </>
                  ) : null}
                </td>
                <td>{String(b.count)}</td>
                <td>
                  <strong>{`${b.title}${b.retryable ? ' (retried automatically)' : ''}.`}</strong> {b.help}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <h2>Failed events</h2>
      {v.failedSamples.length === 0 ? <p>No failed events in this window.</p> : null}
      {v.failedSamples.map((g) => (
        <section data-testid="delivery-failed" aria-label={`Failed with ${g.errorCode}`}>
          <h3>
            <code>{g.errorCode}</code>: {String(g.count)} failed
          </h3>
          {g.samples.map((s) => (
            <details>
              <summary>
                {s.eventType} {s.messageId} — {s.reason} ({s.attempts} attempts, last {s.lastAttemptAt})
              </summary>
              <h4>Last request</h4>
              <pre>{exchangeText(s.lastRequest, 'request')}</pre>
              <h4>Last response</h4>
              <pre>{exchangeText(s.lastResponse, 'response')}</pre>
            </details>
          ))}
        </section>
      ))}
    </>
  );
}
