import { Hono } from 'hono';
import type { InProcessEnv } from '../../admin/admin-routes.ts';
import type { ConsoleDeps, ConsoleEnv } from '../console-env.ts';
import { loadDestination } from './destination-routes.tsx';
import type { FilterView } from './destination-pages.tsx';
import { problem, render } from './layout.tsx';
import { api, FieldErrors, formError, type PageContext, readForm, seg } from './page-kit.ts';
import { DebuggerView, type EventTestView, type LoggedEvent, SAMPLE_EVENT, TesterForm, type TesterValues, TestResult } from './tester-pages.tsx';

async function recentEvents(deps: ConsoleDeps, c: PageContext, sourceId: string): Promise<LoggedEvent[]> {
  const r = await api<{ events: LoggedEvent[] }>(deps, c, 'GET', `/sources/${seg(sourceId)}/events/recent?count=20`);
  return r.data?.events ?? [];
}

async function testerPage(c: PageContext, deps: ConsoleDeps, id: string, v: TesterValues, errors = new FieldErrors(), result?: { test: EventTestView; filterName?: string | undefined }) {
  const r = await loadDestination(deps, c, id);
  const d = r.data?.destination;
  if (!d) return problem(c, deps, 'destinations', r);
  const recent = await recentEvents(deps, c, d.sourceId);
  const body = (
    <>
      <p>
        Send one event through <a href={`/destinations/${d.id}`}>{d.name}</a>'s filters, subscriptions and mappings and see exactly what it sends and what comes back.
      </p>
      <TesterForm csrf={c.var.csrfToken} destinationId={d.id} recent={recent} v={v} errors={errors} />
      {result ? <TestResult test={result.test} filterName={result.filterName} /> : null}
    </>
  );
  return render(c, deps, { title: 'Event Tester', section: 'destinations', status: errors.any ? 422 : 200 }, body);
}

/** Reads the form: a picked recent event wins over the typed JSON; bad JSON is a field error. */
function readTest(form: Awaited<ReturnType<typeof readForm>>): { v: TesterValues; body?: Record<string, unknown>; error?: ReturnType<typeof formError> } {
  const v: TesterValues = { event: form.get('event'), sourceEventMessageId: form.get('sourceEventMessageId'), dryRun: form.get('dryRun') === 'true' };
  if (v.sourceEventMessageId !== '') return { v, body: { sourceEventMessageId: v.sourceEventMessageId, dryRun: v.dryRun } };
  let event: unknown;
  try {
    event = JSON.parse(v.event);
  } catch (err) {
    return { v, error: formError('event', `Event (JSON) is not valid JSON: ${err instanceof Error ? err.message : String(err)}`) };
  }
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return { v, error: formError('event', 'Event (JSON) must be a JSON object such as {"type": "track", "event": "Signed Up", "userId": "u1"}.') };
  return { v, body: { event, dryRun: v.dryRun } };
}

/** Passes the admin SSE body through, cancelling it when the browser goes away. */
function proxyStream(upstream: ReadableStream<Uint8Array>, signal: AbortSignal): ReadableStream<Uint8Array> {
  const reader = upstream.getReader();
  const stop = () => void reader.cancel().catch(() => {});
  signal.addEventListener('abort', stop, { once: true });
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          signal.removeEventListener('abort', stop);
          controller.close();
        } else controller.enqueue(value);
      } catch {
        controller.close();
      }
    },
    cancel() {
      signal.removeEventListener('abort', stop);
      stop();
    },
  });
}

/**
 * Event Tester and source debugger pages:
 * - `GET|POST /destinations/:id/tester`: the tester form and its result on the same page
 *   (`POST /destinations/{id}/event-tester`; bad JSON → 422 next to the textarea);
 * - `GET /sources/:id/debugger`: the newest events, live with JavaScript;
 * - `GET /sources/:id/debugger/stream`: the admin API's Server-Sent Events, as the session's principal.
 *
 * @example
 * app.route('/', testerRoutes(deps));
 */
export function testerRoutes(deps: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  app.get('/destinations/:id/tester', (c) => testerPage(c, deps, c.req.param('id'), { event: SAMPLE_EVENT, sourceEventMessageId: '', dryRun: false }));
  app.post('/destinations/:id/tester', async (c) => {
    const id = c.req.param('id');
    const { v, body, error } = readTest(await readForm(c));
    if (!body) return testerPage(c, deps, id, v, new FieldErrors(error ? [error] : []));
    const r = await api<{ test: EventTestView }>(deps, c, 'POST', `/destinations/${seg(id)}/event-tester`, body);
    if (!r.data) {
      if ((r.status === 422 || r.status === 404) && r.errors?.some((e) => e.field !== undefined)) return testerPage(c, deps, id, v, new FieldErrors(r.errors));
      return problem(c, deps, 'destinations', r);
    }
    const test = r.data.test;
    let filterName: string | undefined;
    if (test.route.droppedBy) {
      const filters = await api<{ filters: FilterView[] }>(deps, c, 'GET', `/destination/${seg(id)}/filters?pagination.count=1000`);
      filterName = filters.data?.filters.find((f) => f.id === test.route.droppedBy)?.title;
    }
    return testerPage(c, deps, id, v, new FieldErrors(), { test, filterName });
  });
  app.get('/sources/:id/debugger', async (c) => {
    const id = c.req.param('id');
    const r = await api<{ source: { id: string; name: string } }>(deps, c, 'GET', `/sources/${seg(id)}`);
    if (!r.data) return problem(c, deps, 'sources', r);
    const events = await recentEvents(deps, c, id);
    return render(c, deps, { title: 'Source debugger', section: 'sources', scripts: ['debugger-live.js'] }, <DebuggerView sourceId={id} sourceName={r.data.source.name} events={events} />);
  });
  app.get('/sources/:id/debugger/stream', async (c) => {
    const principal = c.var.principal;
    if (!principal) return c.text('not signed in', 401);
    const last = c.req.header('last-event-id');
    const headers: Record<string, string> = { accept: 'text/event-stream', ...(last ? { 'last-event-id': last } : {}) };
    const env: InProcessEnv = { principal };
    const res = await deps.adminApp.request(`/sources/${seg(c.req.param('id'))}/debugger`, { headers }, env);
    if (!res.ok || !res.body) return new Response(res.body, { status: res.status, headers: { 'content-type': res.headers.get('content-type') ?? 'application/json' } });
    return new Response(proxyStream(res.body, c.req.raw.signal), {
      headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' },
    });
  });
  return app;
}
