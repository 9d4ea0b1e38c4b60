import { Checkbox, ErrorSummary, PostForm, Select, TextArea } from './form-parts.tsx';
import type { FieldErrors } from './page-kit.ts';

/** A logged event of a source (`GET /sources/{id}/events/recent`, the debugger stream). */
export interface LoggedEvent {
  seq: number;
  messageId: string;
  type: string;
  receivedAt: string;
  event: unknown;
}

/** One HTTP exchange of a test (credentials redacted by the admin API). */
export interface ExchangeView {
  request: { url: string; method: string; headers: Record<string, string>; body: string };
  response: { status: number; headers: Record<string, string>; body: string } | null;
  error?: string;
  synthetic: boolean;
}

/** A code's help, as the error reference gives it. */
export interface CodeHelp {
  code: string;
  title: string;
  help: string;
  retryable: boolean;
}

/** One subscription's test. */
export interface SubscriptionTestView {
  id: string;
  name: string;
  actionId: string;
  matched: boolean;
  verdict: string;
  detail: string;
  exchanges: ExchangeView[];
  result?: { status: 'success' } | { status: 'error'; code: string; message: string };
  error: (CodeHelp & { message: string }) | null;
}

/** The Event Tester's answer (`POST /destinations/{id}/event-tester`). */
export interface EventTestView {
  event: Record<string, unknown>;
  origin: { kind: 'typed' } | { kind: 'source'; messageId: string; seq: number; receivedAt: string };
  route: { kind: 'deliver' | 'filtered' | 'discarded'; reason?: string; droppedBy?: string };
  routeHelp: CodeHelp | null;
  dryRun: boolean;
  subscriptions: SubscriptionTestView[];
}

/** The tester form's values. */
export interface TesterValues {
  event: string;
  sourceEventMessageId: string;
  dryRun: boolean;
}

/** The sample event the tester starts with. */
export const SAMPLE_EVENT = JSON.stringify({ type: 'track', userId: 'test-user-1', event: 'Test Event Sent', properties: { plan: 'pro', source: 'Junction Event Tester' } }, null, 2);

const pretty = (text: string): string => {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
};

const headerLines = (h: Record<string, string>) => Object.entries(h).map(([k, v]) => `${k}: ${v}`);

/**
 * The text of a request as sent: method and URL, headers, then the body.
 *
 * @example
 * requestText({ method: 'POST', url: 'https://x/hook', headers: { a: 'b' }, body: '{}' }); // 'POST https://x/hook\na: b\n\n{}'
 */
export function requestText(r: ExchangeView['request']): string {
  return [`${r.method} ${r.url}`, ...headerLines(r.headers), '', pretty(r.body)].join('\n');
}

function summaryOf(e: LoggedEvent): string {
  const ev = (e.event ?? {}) as Record<string, unknown>;
  const name = typeof ev.event === 'string' ? ev.event : typeof ev.name === 'string' ? ev.name : '';
  const who = typeof ev.userId === 'string' ? ev.userId : typeof ev.anonymousId === 'string' ? ev.anonymousId : '';
  return [e.type, name, who ? `(${who})` : '', e.receivedAt].filter(Boolean).join(' ');
}

function Exchange(props: { x: ExchangeView }) {
  const { x } = props;
  return (
    <div class="exchange">
      <h4>Request{x.synthetic ? ' (dry run: not sent)' : ''}</h4>
      <pre data-testid="tester-request">{requestText(x.request)}</pre>
      <h4>Response</h4>
      {x.response ? <pre data-testid="tester-response">{[`${x.response.status}`, '', pretty(x.response.body)].join('\n')}</pre> : <p>No response{x.error ? `: ${x.error}` : ''}.</p>}
    </div>
  );
}

/**
 * The Event Tester form: an event typed in (JSON) or one of the source's recent events, dry run.
 *
 * @example
 * <TesterForm csrf={csrf} destinationId={id} recent={events} v={{ event: SAMPLE_EVENT, sourceEventMessageId: '', dryRun: false }} errors={errs} />
 */
export function TesterForm(props: { csrf: string; destinationId: string; recent: readonly LoggedEvent[]; v: TesterValues; errors: FieldErrors }) {
  const { v, errors } = props;
  return (
    <>
      <ErrorSummary errors={errors} />
      <PostForm action={`/destinations/${props.destinationId}/tester`} csrf={props.csrf} label="Event Tester" testid="tester-form">
        <TextArea name="event" label="Event (JSON)" value={v.event} rows={10} mono hint="A Segment-spec event; ignored when a recent event is picked." error={errors.for('event')} />
        <Select
          name="sourceEventMessageId"
          label="Or pick a recent event"
          value={v.sourceEventMessageId}
          empty={props.recent.length === 0 ? 'No recent events in this source' : '— use the event typed above —'}
          options={props.recent.map((e) => ({ value: e.messageId, label: summaryOf(e) }))}
          error={errors.for('sourceEventMessageId')}
        />
        <Checkbox name="dryRun" label="Dry run (do not send)" checked={v.dryRun} />
        <button type="submit">Send test event</button>
      </PostForm>
    </>
  );
}

/**
 * The result of a test: route decision and, per subscription, verdict, request, response, error.
 *
 * @example
 * <TestResult test={view} filterName="Block test users" />
 */
export function TestResult(props: { test: EventTestView; filterName?: string | undefined }) {
  const t = props.test;
  return (
    <section aria-labelledby="tester-result" data-testid="tester-result">
      <h2 id="tester-result" tabindex={-1}>
        Result
      </h2>
      <p>
        {t.origin.kind === 'source' ? `Recent event ${t.origin.messageId} (received ${t.origin.receivedAt})` : 'Event typed in'}
        {t.dryRun ? ' — dry run: nothing was sent.' : '.'}
      </p>
      <p data-testid="tester-route">
        Routing: <strong>{t.route.kind}</strong>
        {t.route.reason ? (
          <>
            {' '}
            (<code>{t.route.reason}</code>
            {t.route.droppedBy ? <> by filter {props.filterName ? <strong>{props.filterName}</strong> : null} <code>{t.route.droppedBy}</code></> : null})
          </>
        ) : null}
      </p>
      {t.routeHelp ? (
        <p class="hint">
          {t.routeHelp.title}: {t.routeHelp.help}
        </p>
      ) : null}
      {t.subscriptions.length === 0 ? <p>This destination has no subscriptions: nothing would be sent.</p> : null}
      <table>
        <caption class="hint">Subscriptions of this destination</caption>
        <thead>
          <tr>
            <th scope="col">Subscription</th>
            <th scope="col">Verdict</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {t.subscriptions.map((s) => (
            <tr data-testid="tester-subscription">
              <th scope="row">{s.name}</th>
              <td>
                <span data-testid="tester-verdict">{s.verdict}</span>
                {s.result ? <> — {s.result.status === 'success' ? 'sent successfully' : 'failed'}</> : null}
              </td>
              <td>
                <p>{s.detail}</p>
                {s.error ? (
                  <div class="alert" data-testid="tester-error">
                    <p>
                      Error <code>{s.error.code}</code> — {s.error.title}: {s.error.message}
                    </p>
                    <p>{s.error.help}</p>
                  </div>
                ) : null}
                {s.matched ? s.exchanges.map((x) => <Exchange x={x} />) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/**
 * The source debugger: the newest events (server-rendered, newest first) and, with JavaScript,
 * a live list fed by Server-Sent Events from `stream`.
 *
 * @example
 * <DebuggerView sourceId={id} sourceName="Web" events={recent} />
 */
export function DebuggerView(props: { sourceId: string; sourceName: string; events: readonly LoggedEvent[] }) {
  return (
    <>
      <p>
        Events arriving at source <a href={`/sources/${props.sourceId}`}>{props.sourceName}</a>, newest first. <a href={`/sources/${props.sourceId}/debugger`}>Refresh</a>
      </p>
      <p id="debugger-status" class="hint" aria-live="polite">
        Showing the most recent events. Refresh to see new ones.
      </p>
      {props.events.length === 0 ? <p id="debugger-empty">No events yet: send one with your write key.</p> : null}
      <ol id="debugger-events" reversed data-stream={`/sources/${props.sourceId}/debugger/stream`} data-testid="debugger-events">
        {props.events.map((e) => (
          <li data-seq={String(e.seq)}>
            <details>
              <summary>{summaryOf(e)}</summary>
              <p class="hint">messageId {e.messageId}</p>
              <pre>{JSON.stringify(e.event, null, 2)}</pre>
            </details>
          </li>
        ))}
      </ol>
    </>
  );
}
