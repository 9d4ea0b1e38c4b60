/**
 * bench/ingest/pipeline: the tracking API's main-thread work per event, phase by phase, without HTTP
 * sockets or a database (what the event loop does before and around `store.appendEvents`).
 * The body is the ingest bench's: 100 track events, ~25 KB. Prints µs/event, best of ROUNDS rounds.
 * The in-process route rows (which read the answer's body, as the server does) go through `app.request`, which builds a web Request with a body stream
 * (the real server hands the route the Node request instead: see the "Node request" rows).
 *
 *   pnpm --filter @junction/bench exec tsx ingest/pipeline.ts
 */
import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { loadavg } from 'node:os';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { normalizeEvent, normalizeEventJson, partitionOf, type RawEvent, type SegmentEvent, validateBatch, validateEvent } from '@junction/core';
import type { AppendEvent, IngestMetricsRepo, Store } from '@junction/store';
import { createAcceptedTally, createIngestRecorder, tallyEvent } from '../../apps/host/src/tracking/ingest-recorder.ts';
import { nestingDepth, readJsonBody } from '../../apps/host/src/tracking/read-body.ts';
import { trackingRoutes } from '../../apps/host/src/tracking/tracking-routes.ts';
import { batchBody, trackItem } from '../lib/track-events.ts';

const rounds = Number(process.env.ROUNDS ?? 5);
const perEvent = 100;
const body = batchBody(perEvent);
const bytes = Buffer.from(body);
const single = JSON.stringify((({ type: _t, ...rest }) => rest)(trackItem(1)));
const singleBytes = Buffer.from(single);
const limits = { maxBytes: 512_000, maxDepth: 66 };
const receivedAt = new Date();
const post = (b: Uint8Array) => new Request('http://x/v1/batch', { method: 'POST', body: b });
/** What @hono/node-server hands the route: a Node request with the body, and a web Request it never has to build a body for. */
const readViaNode = (b: Uint8Array, bodyLimits: typeof limits) => {
  const incoming = new IncomingMessage(new Socket());
  incoming.push(b);
  incoming.push(null);
  const request = new Request('http://x/v1/batch', { method: 'POST', headers: { 'content-length': String(b.byteLength) } });
  return readJsonBody(request, bodyLimits, incoming);
};

/** The route as @hono/node-server runs it: the body comes from `c.env.incoming`, the web Request has none. */
const viaNode = (route: ReturnType<typeof trackingRoutes>, path: string, b: Uint8Array) => {
  const incoming = new IncomingMessage(new Socket());
  incoming.push(b);
  incoming.push(null);
  return route.request(path, { method: 'POST', headers: { ...headers, 'content-length': String(b.byteLength) } }, { incoming });
};

/** Runs `f` (covering `events` events) until ~150 ms pass, `rounds` times; best µs per event. */
async function time(f: () => unknown, events: number): Promise<number> {
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < rounds; r++) {
    let n = 0;
    const start = performance.now();
    while (performance.now() - start < 150) {
      for (let i = 0; i < 20; i++) await f();
      n += 20;
    }
    best = Math.min(best, ((performance.now() - start) * 1000) / n / events);
  }
  return best;
}

const parsed = JSON.parse(body);
const validated = validateBatch(parsed, { checkItemSize: false });
if (!validated.valid) throw new Error('bench body is invalid');
const raws = validated.items.map((it) => (it.valid ? it.event : undefined)) as RawEvent[];
const normalised: SegmentEvent[] = raws.map((raw) => normalizeEvent(raw, { receivedAt }));
// Metrics are counted in memory as in the host; the flush (to the database) never runs here.
const recorder = createIngestRecorder({} as Store, { flushMs: 3_600_000, repo: { add: async () => {} } as unknown as IngestMetricsRepo });
const stubStore = {
  findSourceByWriteKey: async () => ({ id: 'src_1', enabled: true }),
  appendEvents: async () => [],
} as unknown as Store;
const app = trackingRoutes({ store: stubStore, ingest: recorder });
/** The store's synchronous prepare step (open-store.ts): JSON text of each payload, its partition; the events are then held `holdMs` as by the group commit. */
const preparingStore = (holdMs: number) => ({
  findSourceByWriteKey: async () => ({ id: 'src_1', enabled: true }),
  appendEvents: (_sourceId: string, events: AppendEvent[]) => {
    const prepared = events.map((e) => ({
      messageId: e.messageId,
      type: e.type,
      partition: partitionOf(e.partitionKey || e.messageId, 16),
      payload: typeof e.payload === 'string' ? e.payload : JSON.stringify(e.payload),
      receivedAt: e.receivedAt,
    }));
    return holdMs === 0 ? Promise.resolve(prepared.length) : new Promise((resolve) => setTimeout(() => resolve(prepared.length), holdMs));
  },
}) as unknown as Store;
const preparingApp = trackingRoutes({ store: preparingStore(0), ingest: recorder });
const headers = { authorization: `Basic ${Buffer.from('wk:').toString('base64')}`, 'content-type': 'application/json' };

const phases: Array<[string, () => unknown, number]> = [
  ['batch: TextDecoder (fatal)', () => new TextDecoder('utf-8', { fatal: true }).decode(bytes), perEvent],
  ['batch: JSON.parse', () => JSON.parse(body), perEvent],
  ['batch: nesting-depth walk', () => nestingDepth(parsed, 66), perEvent],
  ['batch: readJsonBody, web Request body', () => readJsonBody(post(bytes), limits), perEvent],
  ['batch: readJsonBody, Node request (host path)', () => readViaNode(bytes, limits), perEvent],
  ['batch: validateBatch, body ≤ 32 KB', () => validateBatch(parsed, { checkItemSize: false }), perEvent],
  ['batch: validateBatch, body > 32 KB (sizes)', () => validateBatch(parsed, { checkItemSize: true }), perEvent],
  ['batch: normalizeEvent', () => { for (const raw of raws) normalizeEvent(raw, { receivedAt }); }, perEvent],
  ['batch: normalizeEvent + JSON.stringify (before)', () => { for (const raw of raws) JSON.stringify(normalizeEvent(raw, { receivedAt })); }, perEvent],
  ['batch: normalizeEventJson (object + JSON text)', () => { for (const raw of raws) normalizeEventJson(raw, { receivedAt }); }, perEvent],
  ['batch: ingest recorder tallyEvent + .accepted', () => {
    const tally = createAcceptedTally();
    for (const e of normalised) tallyEvent(tally, e);
    recorder.accepted('src_1', tally);
  }, perEvent],
  ['batch: partitionOf (store side)', () => { for (const e of normalised) partitionOf(e.userId ?? '', 16); }, perEvent],
  ['batch: JSON.stringify (store side)', () => { for (const e of normalised) JSON.stringify(e); }, perEvent],
  ['batch: route in-process (Hono, stub store)', async () => (await app.request('/v1/batch', { method: 'POST', headers, body: bytes })).text(), perEvent],
  ['batch: route, Node request, + store prepare (JSON text, partition)', async () => (await viaNode(preparingApp, '/v1/batch', bytes)).text(), perEvent],
  ['single: readJsonBody, web Request body', () => readJsonBody(post(singleBytes), { maxBytes: 32_768, maxDepth: 66 }), 1],
  ['single: readJsonBody, Node request (host path)', () => readViaNode(singleBytes, { maxBytes: 32_768, maxDepth: 66 }), 1],
  ['single: (harness of the Node row: Socket + IncomingMessage + header-only Request)', () => {
    const incoming = new IncomingMessage(new Socket());
    incoming.push(singleBytes);
    incoming.push(null);
    return new Request('http://x/v1/track', { method: 'POST', headers: { 'content-length': String(singleBytes.byteLength) } });
  }, 1],
  ['single: validateEvent + normalizeEvent', () => {
    const r = validateEvent(JSON.parse(single), { type: 'track', checkSize: false });
    if (r.valid) normalizeEvent(r.event as RawEvent, { receivedAt, type: 'track' });
  }, 1],
  ['single: route in-process (Hono, stub store)', async () => (await app.request('/v1/track', { method: 'POST', headers, body: singleBytes })).text(), 1],
  ['single: route, Node request, + store prepare (JSON text, partition)', async () => (await viaNode(preparingApp, '/v1/track', singleBytes)).text(), 1],
];

/**
 * Held load: `concurrency` batch requests in flight through the route (Node request path), each
 * batch's prepared payloads held `holdMs` as while waiting for the group commit, until `total`
 * events. Process CPU (event loop + V8's GC threads) per event, GC pause time per 100k events
 * (PerformanceObserver 'gc' entries), event-loop utilisation.
 */
async function heldLoad(concurrency: number, holdMs: number, total: number) {
  const route = trackingRoutes({ store: preparingStore(holdMs), ingest: recorder });
  let gcMs = 0;
  let gcCount = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gcMs += entry.duration;
      gcCount += 1;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  const requests = total / perEvent;
  let sent = 0;
  const elu0 = performance.eventLoopUtilization();
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const client = async () => {
    while (sent < requests) {
      sent += 1;
      const res = await viaNode(route, '/v1/batch', bytes);
      if (res.status !== 200) throw new Error(`held load: status ${res.status}`);
      await res.text();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  const wallMs = performance.now() - start;
  const cpu = process.cpuUsage(cpu0);
  const elu = performance.eventLoopUtilization(elu0);
  await new Promise((resolve) => setTimeout(resolve, 50)); // the observer reports asynchronously
  observer.disconnect();
  const events = requests * perEvent;
  return {
    eventsPerSec: (events / wallMs) * 1000,
    cpuUsPerEvent: (cpu.user + cpu.system) / events,
    gcMsPer100k: (gcMs / events) * 100_000,
    gcPer100k: (gcCount / events) * 100_000,
    elu: elu.utilization,
  };
}

const load0 = loadavg()[0]!;
const rows: string[] = [];
if (process.env.HELD_ONLY !== '1') for (const [name, f, events] of phases) rows.push(`| ${name} | ${(await time(f, events)).toFixed(2)} |`);
console.log(`body ${bytes.length} bytes, ${perEvent} events; single ${singleBytes.length} bytes; Node ${process.version}; `
  + `1-min load ${load0.toFixed(2)} → ${loadavg()[0]!.toFixed(2)}; best of ${rounds}\n`);
console.log('| phase | µs/event |\n| --- | ---: |');
console.log(rows.join('\n'));
const heldRounds = Number(process.env.HELD_ROUNDS ?? 3);
const heldTotal = Number(process.env.HELD_EVENTS ?? 300_000);
console.log(`\nheld load: 64 batches of ${perEvent} in flight, each held 100 ms after the store's prepare step; ${heldTotal} events per round`);
console.log('| round | events/s | CPU µs/event (all threads) | GC pauses / 100k events | GC ms / 100k events | event-loop utilisation |\n| --- | ---: | ---: | ---: | ---: | ---: |');
await heldLoad(64, 100, 20_000); // warm-up
for (let r = 1; r <= heldRounds; r++) {
  const h = await heldLoad(64, 100, heldTotal);
  console.log(`| ${r} | ${Math.round(h.eventsPerSec).toLocaleString('en')} | ${h.cpuUsPerEvent.toFixed(2)} | ${h.gcPer100k.toFixed(0)} | ${h.gcMsPer100k.toFixed(1)} | ${(h.elu * 100).toFixed(0)} % |`);
}
await recorder.stop();
