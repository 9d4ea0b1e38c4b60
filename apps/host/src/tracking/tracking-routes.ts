import {
  type EventType,
  MAX_BATCH_BYTES,
  MAX_MESSAGE_BYTES,
  MAX_NESTING_DEPTH,
  type RawEvent,
  type SegmentEvent,
  normalizeEvent,
  validateBatch,
  validateEvent,
} from '@junction/core';
import { IncomingMessage } from 'node:http';
import type { Source, Store } from '@junction/store';
import { type Context, Hono } from 'hono';
import { cors } from 'hono/cors';
import { analyticsJsSettings } from './tracking-settings.ts';
import { BodyError, readJsonBody } from './read-body.ts';
import type { IngestSink } from './ingest-recorder.ts';
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
  // analytics.js sends Authorization (Basic writeKey), X-Retry-Count on retries and any headers its
  // `deliveryStrategy.config.headers` adds: allow whatever the preflight asks for (origin '*', no credentials).
  // Retry-After must be exposed, or the browser hides it and the library ignores it after a 429.
  app.use('/v1/*', cors({ origin: '*', maxAge: 86400, exposeHeaders: ['Retry-After', 'X-RateLimit-Reset'] }));

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

  const receivedAt = now();
  const accepted: SegmentEvent[] = [];
  const rejected: TrackingIssue[] = [];
  if (type) {
    const result = validateEvent(body, { type, checkSize: false }); // the body itself is capped at 32 KB
    if (!result.valid) return reject(c, deps, source, result.errors);
    accepted.push(normalizeEvent(result.event as RawEvent, { receivedAt, type }));
  } else {
    // A body under 32 KB cannot hold an item over 32 KB: skip measuring each item then.
    const result = validateBatch(body, { checkItemSize: bodyBytes > MAX_MESSAGE_BYTES });
    if (!result.valid) return reject(c, deps, source, result.errors);
    const { batch } = result;
    // One options object for the whole batch; the batch's sentAt applies to items without their own.
    const options = {
      receivedAt,
      ...(typeof batch.sentAt === 'string' && batch.sentAt !== '' ? { sentAt: batch.sentAt } : {}),
      ...(batch.context ? { context: batch.context } : {}),
      ...(batch.integrations ? { integrations: batch.integrations } : {}),
    };
    for (const item of result.items) {
      if (!item.valid) {
        for (const issue of item.errors) rejected.push({ ...issue, index: item.index });
        continue;
      }
      accepted.push(normalizeEvent(item.event as RawEvent, options));
    }
    if (accepted.length === 0) return reject(c, deps, source, rejected);
  }

  try {
    await deps.store.appendEvents(
      source.id,
      accepted.map((event) => ({
        messageId: event.messageId,
        type: event.type,
        partitionKey: event.userId ?? event.anonymousId ?? null,
        payload: event as unknown as Record<string, unknown>,
        receivedAt: event.receivedAt,
      })),
    );
  } catch (error) {
    console.error('tracking: append failed:', (error as Error).message);
    deps.ingest?.rejected(source.id, accepted.map((_, index) => ({ path: '', message: 'storage unavailable', reason: 'storage_unavailable', index })));
    return trackingError(c, 503, 'Storage is unavailable; nothing was accepted. Retry later.', [], { 'Retry-After': '5' });
  }
  deps.ingest?.accepted(source.id, accepted);
  if (rejected.length > 0) {
    deps.onRejected?.(source, rejected);
    deps.ingest?.rejected(source.id, rejected);
    return c.json({ success: true, accepted: accepted.length, rejected: rejected.length, errors: rejected });
  }
  return c.json({ success: true });
}

function reject(c: Context, deps: TrackingDeps, source: Source, issues: TrackingIssue[]) {
  deps.onRejected?.(source, issues);
  deps.ingest?.rejected(source.id, issues);
  const first = issues[0]?.message ?? 'invalid event';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  return trackingError(c, 400, `${first}${more}`, issues);
}
