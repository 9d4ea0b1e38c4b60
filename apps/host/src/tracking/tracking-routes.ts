import { type EventType, MAX_BATCH_BYTES, MAX_MESSAGE_BYTES, MAX_NESTING_DEPTH } from '@junction/core';
import { IncomingMessage } from 'node:http';
import type { Source, Store } from '@junction/store';
import { type Context, Hono } from 'hono';
import { trackingCors } from './tracking-cors.ts';
import { analyticsJsSettings } from './tracking-settings.ts';
import { BodyError, readJsonBody } from './read-body.ts';
import type { IngestSink } from './ingest-recorder.ts';
import { planIngest } from './ingest-plan.ts';
import type { RateLimiter } from './rate-limiter.ts';
import { type TrackingIssue, trackingError } from './tracking-errors.ts';
import { writeKeyOf } from './write-key.ts';

/** What the tracking API needs. */
export interface TrackingDeps {
  store: Store;
  /** Per-writeKey request limiter; none → unlimited. */
  limiter?: RateLimiter;
  /** Server clock (tests inject one). */
  now?: () => Date;
  /** Called with every event refused at ingest (for failed-on-ingest metrics). */
  onRejected?: (source: Source | undefined, issues: TrackingIssue[]) => void;
  /** Ingest metrics (API calls, accepted and rejected events per source): see ingest-recorder.ts. */
  ingest?: IngestSink;
}

/** Single-call endpoints, with analytics.js's one-letter aliases (`/v1/t` …). */
const CALLS: Record<string, EventType> = {
  identify: 'identify', i: 'identify',
  track: 'track', t: 'track',
  page: 'page', p: 'page',
  screen: 'screen', s: 'screen',
  group: 'group', g: 'group',
  alias: 'alias', a: 'alias',
};

/**
 * Segment's HTTP Tracking API: `POST /v1/{identify,track,page,screen,group,alias,batch,import}`
 * (plus analytics.js's short paths), and `GET /v1/projects/:writeKey/settings`. Answers
 * `200 {"success": true}` only after the events are durably committed.
 *
 * @example
 * ```ts
 * app.route('/', trackingRoutes({ store }));
 * ```
 */
export function trackingRoutes(deps: TrackingDeps): Hono {
  const app = new Hono();
  const now = deps.now ?? (() => new Date());
  app.use('/v1/*', trackingCors());

  app.get('/v1/projects/:writeKey/settings', async (c) => {
    const source = await deps.store.findSourceByWriteKey(c.req.param('writeKey'));
    if (!source) return trackingError(c, 404, 'No source has this writeKey.', [{ path: 'writeKey', message: 'unknown writeKey', reason: 'unknown_source' }]);
    // As the tracking endpoints: a disabled source gets no settings, so the library stops at load instead of sending events to be refused.
    if (!source.enabled) return trackingError(c, 401, 'This source is disabled; enable it to send events.', [{ path: 'writeKey', message: 'source disabled', reason: 'source_disabled' }]);
    const url = new URL(c.req.url);
    const proto = c.req.header('x-forwarded-proto') ?? url.protocol;
    const host = c.req.header('x-forwarded-host') ?? c.req.header('host') ?? url.host;
    return c.json(analyticsJsSettings(c.req.param('writeKey'), { host, protocol: proto }));
  });

  // analytics.js posts metrics here; accept and ignore them.
  app.post('/v1/m', (c) => c.json({ success: true }));

  for (const path of ['/v1/batch', '/v1/import', '/v1/b']) {
    app.post(path, (c) => handle(c, deps, now, undefined));
  }
  app.post('/v1/:call', (c) => {
    const type = CALLS[c.req.param('call')];
    if (!type) return trackingError(c, 404, `Unknown tracking endpoint ${c.req.path}.`);
    return handle(c, deps, now, type);
  });
  return app;
}

/** The Node request under @hono/node-server (`c.env.incoming`); undefined elsewhere (e.g. `app.request`). */
function incomingOf(c: Context): IncomingMessage | undefined {
  const incoming = (c.env as { incoming?: unknown } | undefined)?.incoming;
  return incoming instanceof IncomingMessage ? incoming : undefined;
}

async function handle(c: Context, deps: TrackingDeps, now: () => Date, type: EventType | undefined) {
  let body: unknown;
  let bodyBytes: number;
  try {
    const limits = { maxBytes: type ? MAX_MESSAGE_BYTES : MAX_BATCH_BYTES, maxDepth: MAX_NESTING_DEPTH + 2 };
    ({ value: body, bytes: bodyBytes } = await readJsonBody(c.req.raw, limits, incomingOf(c)));
  } catch (error) {
    if (error instanceof BodyError) {
      deps.onRejected?.(undefined, [{ path: '', message: error.message, reason: error.reason }]);
      return trackingError(c, error.status as 400, error.message, [{ path: '', message: error.message, reason: error.reason }]);
    }
    throw error;
  }

  const writeKey = writeKeyOf(c.req.header('authorization'), body);
  if (!writeKey) {
    return trackingError(c, 401, 'Missing writeKey: send it as the HTTP Basic username or a "writeKey" field.', [
      { path: 'writeKey', message: 'writeKey is required', reason: 'unknown_source' },
    ]);
  }
  if (deps.limiter) {
    const decision = deps.limiter.take(writeKey);
    if (!decision.allowed) {
      const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
      return trackingError(c, 429, `Rate limit exceeded for this writeKey; retry after ${seconds}s.`, [], {
        'Retry-After': String(seconds),
        'X-RateLimit-Reset': String(Math.ceil(Date.now() / 1000) + seconds),
      });
    }
  }
  const source = await deps.store.findSourceByWriteKey(writeKey);
  if (!source) {
    return trackingError(c, 401, 'Unknown writeKey: no source has it.', [{ path: 'writeKey', message: 'unknown writeKey', reason: 'unknown_source' }]);
  }
  deps.ingest?.apiCall(source.id);
  if (!source.enabled) {
    deps.onRejected?.(source, [{ path: '', message: 'source disabled', reason: 'source_disabled' }]);
    deps.ingest?.rejected(source.id, [{ path: '', message: 'source disabled', reason: 'source_disabled' }]);
    return trackingError(c, 401, 'This source is disabled; enable it to send events.', [{ path: 'writeKey', message: 'source disabled', reason: 'source_disabled' }]);
  }

  const started = startIngest(deps.store, source.id, body, type, bodyBytes, now());
  body = undefined; // not kept while the append waits for the group commit (see ingest-plan.ts)
  if (!started.ok) return reject(c, deps, source, started.errors);
  const { accepted, tally, rejected } = started;
  try {
    await started.appended;
  } catch (error) {
    console.error('tracking: append failed:', (error as Error).message);
    deps.ingest?.rejected(source.id, Array.from({ length: accepted }, (_, index) => ({ path: '', message: 'storage unavailable', reason: 'storage_unavailable', index })));
    return trackingError(c, 503, 'Storage is unavailable; nothing was accepted. Retry later.', [], { 'Retry-After': '5' });
  }
  deps.ingest?.accepted(source.id, tally);
  if (rejected.length > 0) {
    deps.onRejected?.(source, rejected);
    deps.ingest?.rejected(source.id, rejected);
    return c.json({ success: true, accepted, rejected: rejected.length, errors: rejected });
  }
  return c.json({ success: true });
}

/**
 * Plans the request and starts its append, synchronously: the appended events exist only in this
 * frame and the store's, never in `handle`'s suspended one.
 */
function startIngest(store: Store, sourceId: string, body: unknown, type: EventType | undefined, bodyBytes: number, receivedAt: Date) {
  const plan = planIngest(body, type, bodyBytes, receivedAt);
  if (!plan.ok) return plan;
  let appended: Promise<unknown>;
  try {
    appended = store.appendEvents(sourceId, plan.events);
  } catch (error) {
    appended = Promise.reject(error);
  }
  return { ok: true as const, appended, accepted: plan.events.length, tally: plan.tally, rejected: plan.rejected };
}

function reject(c: Context, deps: TrackingDeps, source: Source, issues: TrackingIssue[]) {
  deps.onRejected?.(source, issues);
  deps.ingest?.rejected(source.id, issues);
  const first = issues[0]?.message ?? 'invalid event';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  return trackingError(c, 400, `${first}${more}`, issues);
}
