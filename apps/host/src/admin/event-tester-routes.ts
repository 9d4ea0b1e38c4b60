import { streamSSE } from 'hono/streaming';
import { EventTestInputError, loggedEventView, recentSourceEvents, runEventTest, tailSourceEvents } from '../troubleshoot/index.ts';
import { ApiError } from './api-error.ts';
import { boolField, objectField, stringField } from './body-fields.ts';
import { loadDestination, loadSource } from './resource-loaders.ts';
import type { RouteDef } from './route-types.ts';

const tag = 'Event Tester';

function countParam(text: string | undefined, fallback: number, max: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > max) throw new ApiError(400, `count must be an integer from 1 to ${max}, got ${JSON.stringify(text)}`, 'count');
  return n;
}

/**
 * Event Tester and source debugger routes (scoped permissions: a Source Admin / Source Read-only
 * granted some sources reaches them for those sources and their destinations):
 * - `GET /sources/{sourceId}/events/recent?count=20`: the source's newest events from the log
 *   (newest first) to pick one for the tester;
 * - `POST /destinations/{destinationId}/event-tester` `{ event | sourceEventMessageId, dryRun? }`:
 *   runs one event through the destination's real routing, filters, subscriptions, mappings and
 *   plugin, returning per subscription the verdict, payload, requests (secrets redacted),
 *   responses and error code with help (audited as "Destination Event Tested");
 * - `GET /sources/{sourceId}/debugger`: Server-Sent Events (`event: track|identify|…`, `id: <seq>`,
 *   data: the event), resuming after `Last-Event-ID`; `?backlog=N` first replays the N newest.
 *
 * @example
 * eventTesterRoutes().map((r) => r.operationId); // ['listRecentSourceEvents', 'testEventOnDestination', 'streamSourceDebugger']
 */
export function eventTesterRoutes(): RouteDef[] {
  return [
    {
      method: 'get', path: '/sources/{sourceId}/events/recent', operationId: 'listRecentSourceEvents', summary: 'List Recent Source Events', tag, permission: 'source:read:scoped',
      query: [{ name: 'count', description: 'How many of the newest events, 1-100 (default 20).', schema: { type: 'integer', minimum: 1, maximum: 100 } }],
      async handler(ctx) {
        const source = await loadSource(ctx, ctx.param('sourceId'));
        const events = await recentSourceEvents(ctx.deps.store, source.id, { limit: countParam(ctx.query('count'), 20, 100) });
        return { events: events.map(loggedEventView) };
      },
    },
    {
      method: 'post', path: '/destinations/{destinationId}/event-tester', operationId: 'testEventOnDestination', summary: 'Test Event on Destination', tag, permission: 'destination:write:scoped',
      audit: ['Destination Event Tested'],
      body: {
        type: 'object',
        properties: {
          event: { type: 'object', description: 'A Segment-spec event typed in.' },
          sourceEventMessageId: { type: 'string', description: "The messageId of one of the source's recent events (see listRecentSourceEvents)." },
          dryRun: { type: 'boolean', description: 'Show the requests without sending them (each gets a synthetic 200).' },
        },
      },
      async handler(ctx) {
        const destination = await loadDestination(ctx, ctx.param('destinationId'));
        const body = await ctx.body();
        const event = objectField(body, 'event');
        const sourceEventMessageId = stringField(body, 'sourceEventMessageId');
        const dryRun = boolField(body, 'dryRun') ?? false;
        let result: Awaited<ReturnType<typeof runEventTest>>;
        try {
          result = await runEventTest(ctx.deps, destination, { ...(event ? { event } : {}), ...(sourceEventMessageId !== undefined ? { sourceEventMessageId } : {}), dryRun });
        } catch (err) {
          if (err instanceof EventTestInputError) throw new ApiError(err.status, err.message, err.field);
          throw err;
        }
        const matched = result.subscriptions.filter((s) => s.matched).map((s) => ({ id: s.id, result: s.result }));
        await ctx.audit({ type: 'Destination Event Tested', resourceType: 'destination', resourceId: destination.id, resourceName: destination.name, before: null, after: { messageId: result.event.messageId ?? null, dryRun, route: result.route, matched } });
        return { test: result };
      },
    },
    {
      method: 'get', path: '/sources/{sourceId}/debugger', operationId: 'streamSourceDebugger', summary: 'Stream Source Debugger (Server-Sent Events)', tag, permission: 'source:read:scoped', produces: 'sse',
      query: [{ name: 'backlog', description: 'Send the N newest events first, 0-100 (default 0).', schema: { type: 'integer', minimum: 0, maximum: 100 } }],
      async handler(ctx) {
        const source = await loadSource(ctx, ctx.param('sourceId'));
        const backlogText = ctx.query('backlog');
        const backlog = backlogText === undefined || backlogText === '0' ? 0 : countParam(backlogText, 0, 100);
        const lastId = ctx.c.req.header('last-event-id');
        const resumeAt = lastId !== undefined && /^\d+$/.test(lastId) ? Number(lastId) : undefined;
        const { store } = ctx.deps;
        return streamSSE(ctx.c, async (stream) => {
          const controller = new AbortController();
          stream.onAbort(() => controller.abort());
          const send = (e: Parameters<typeof loggedEventView>[0]) => stream.writeSSE({ event: e.type, id: String(e.seq), data: JSON.stringify(loggedEventView(e)) });
          const head = await store.logHead();
          if (resumeAt === undefined && backlog > 0) for (const e of (await recentSourceEvents(store, source.id, { limit: backlog })).reverse()) if (e.seq <= head) await send(e);
          await stream.writeSSE({ event: 'ready', data: JSON.stringify({ sourceId: source.id, afterSeq: resumeAt ?? head }) });
          const heartbeat = setInterval(() => void stream.write(': keep-alive\n\n').catch(() => controller.abort()), 15_000);
          try {
            for await (const batch of tailSourceEvents(store, source.id, { afterSeq: resumeAt ?? head, signal: controller.signal })) {
              for (const e of batch) await send(e);
            }
          } finally {
            clearInterval(heartbeat);
          }
        });
      },
    },
  ];
}
