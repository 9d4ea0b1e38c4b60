/**
 * bench/delivery: end-to-end events/s from ingest (store.appendEvents, durable) through the
 * delivery engine to a loopback HTTP sink, for a batching and a per-event destination, and
 * ingest→delivery latency p50/p99 at half the measured maximum.
 *
 *   pnpm --filter @junction/bench delivery           # SQLite (+ PostgreSQL when TEST_DATABASE_URL is set)
 *   DURATION=10 USERS=10000 pnpm --filter @junction/bench delivery
 *
 * MODES (default `in-process,thread`): `in-process` = engine and producers share one thread (ENGINE=on);
 * `thread` = the engine runs in a worker thread with its own store connection (ENGINE=thread).
 * Both are measured in the same run, side by side. The sink runs in a child process.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDeliveryStore, openStore, type Store } from '@junction/store';
import pg from 'pg';
import { createEngine, type Engine, startEngineThread } from '../../packages/engine/src/index.ts';
import { webhook } from '../../integrations/webhook/src/index.ts';
import { type ServerProcess, startServer } from '../lib/processes.ts';

const duration = Number(process.env.DURATION ?? 5);
const users = Number(process.env.USERS ?? 10_000);
const window = Number(process.env.WINDOW ?? 20_000);
const producers = Number(process.env.PRODUCERS ?? 4);
const benchDir = fileURLToPath(new URL('.', import.meta.url));
const MODES = ['in-process', 'thread'] as const;
type Mode = (typeof MODES)[number];
const modes = (process.env.MODES ?? MODES.join(',')).split(',').map((m) => m.trim()) as Mode[];
for (const m of modes) if (!MODES.includes(m)) throw new Error(`MODES: unknown mode "${m}" (in-process, thread)`);
/** Where the store lives, for the engine thread's own connection. */
type Location = { dataDir: string } | { databaseUrl: string; schema: string };

interface Scenario {
  name: string;
  settings: Record<string, unknown>;
  options: Record<string, unknown>;
}
const SCENARIOS: Scenario[] = [
  { name: 'batched (webhook JSON arrays ×100, ordered)', settings: { batchRequests: true }, options: JSON.parse(process.env.BATCH_OPTIONS ?? '{}') },
  // The sink is a collector of our own: the destination opts in to HTTP/1.1 pipelining (default off).
  { name: 'per-event (webhook, concurrency 32, pipelining 4, ordered)', settings: {}, options: { batch: false, concurrency: 32, pipelining: 4 } },
];

interface Row {
  backend: string;
  mode: Mode;
  scenario: string;
  load: string;
  eventsPerSec: number;
  p50: number;
  p99: number;
}

let seq = 0;
let appended = 0;
function events(n: number, t: number) {
  return Array.from({ length: n }, () => {
    const i = seq++;
    appended++;
    const userId = `user-${i % users}`;
    return {
      messageId: `m-${i}`,
      type: 'track',
      partitionKey: userId,
      payload: {
        messageId: `m-${i}`,
        type: 'track',
        userId,
        event: 'Product Viewed',
        properties: { t, sku: `sku-${i % 500}`, price: 19.99, currency: 'EUR' },
        context: { library: { name: 'bench', version: '1' } },
        timestamp: new Date(t).toISOString(),
      },
    };
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sinkGet = async <T>(sink: ServerProcess, path: string, method = 'GET'): Promise<T> => (await fetch(`${sink.url}${path}`, { method })).json() as Promise<T>;

/** Appends whenever fewer than `window` events are undelivered, for `ms`; returns the sink's events/s. */
async function maxLoad(store: Store, sourceId: string, engine: Engine, sink: ServerProcess, ms: number): Promise<number> {
  const one = async (until: number) => {
    while (Date.now() < until) {
      if (appended - engine.status().totals.delivered >= window) {
        await sleep(5);
        continue;
      }
      await store.appendEvents(sourceId, events(500, Date.now()));
    }
  };
  // Concurrent appenders, as concurrent tracking requests are (the store group-commits them).
  const run = async (until: number) => {
    await Promise.all(Array.from({ length: producers }, () => one(until)));
  };
  await run(Date.now() + 2000); // warm-up
  const start = await sinkGet<{ events: number }>(sink, '/stats');
  const t0 = performance.now();
  await run(Date.now() + ms);
  const end = await sinkGet<{ events: number }>(sink, '/stats');
  return ((end.events - start.events) * 1000) / (performance.now() - t0);
}

/** Waits until the engine has delivered everything appended (the backlog of the max run). */
async function drain(engine: Engine, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (engine.status().totals.delivered < appended && Date.now() < deadline) await sleep(20);
}

/** Appends `rate` events/s in 10 ms ticks for `ms` and returns the delivered rate and latency. */
async function fixedLoad(store: Store, sourceId: string, sink: ServerProcess, rate: number, ms: number) {
  const tick = 10;
  const perTick = rate / (1000 / tick);
  let owed = 0;
  const run = async (until: number) => {
    let next = Date.now();
    while (Date.now() < until) {
      owed += perTick;
      const n = Math.floor(owed);
      owed -= n;
      if (n > 0) await store.appendEvents(sourceId, events(n, Date.now()));
      next += tick;
      const wait = next - Date.now();
      if (wait > 0) await sleep(wait);
    }
  };
  await run(Date.now() + 1000);
  await sinkGet(sink, '/record?on=1', 'POST');
  const start = await sinkGet<{ events: number }>(sink, '/stats');
  const t0 = performance.now();
  await run(Date.now() + ms);
  const end = await sinkGet<{ events: number }>(sink, '/stats');
  const elapsed = performance.now() - t0;
  await sleep(1000); // let the tail arrive
  await sinkGet(sink, '/record?on=0', 'POST');
  const lat = await sinkGet<{ p50: number; p99: number }>(sink, '/latency');
  return { eventsPerSec: ((end.events - start.events) * 1000) / elapsed, ...lat };
}

type Opened = { store: Store; at: Location; cleanup: () => Promise<void> };

async function scenario(backend: string, open: () => Promise<Opened>, sc: Scenario, mode: Mode): Promise<Row[]> {
  const { store, at, cleanup } = await open();
  const sink = await startServer(join(benchDir, 'sink-server.ts'), { cwd: benchDir, ready: /sink ready/ });
  let engine: Engine | undefined;
  try {
    const ws = await store.workspaces.create({ slug: `bench-${randomBytes(4).toString('hex')}`, name: 'Bench' });
    const source = await store.sources.create({ workspaceId: ws.id, slug: 'web', name: 'Web' });
    const destination = await store.destinations.create({
      sourceId: source.id,
      integration: 'webhook',
      pluginVersion: webhook.version,
      name: 'Sink',
      settings: JSON.stringify({ url: `${sink.url}/hook`, ...sc.settings }),
    });
    const delivery = openDeliveryStore(store);
    await delivery.config.createSubscription({ destinationId: destination.id, actionId: 'send', name: 'All', trigger: 'all' });
    await delivery.config.setOptions(destination.id, sc.options);
    await sleep(5); // the cursor starts after the destination's creation time
    appended = 0;
    if (mode === 'thread') engine = await startEngineThread({ entry: new URL('./engine-thread-entry.ts', import.meta.url), workerData: at, store });
    else {
      engine = createEngine({ store, resolveIntegration: (slug) => (slug === 'webhook' ? webhook : undefined), log: (m) => console.error(`engine: ${m}`) });
      await engine.start();
    }
    const max = await maxLoad(store, source.id, engine, sink, duration * 1000);
    await drain(engine, 30_000);
    const half = Math.max(1, Math.round(max / 2));
    const atHalf = await fixedLoad(store, source.id, sink, half, duration * 1000);
    const s = engine.status();
    if (s.totals.retried + s.totals.failed > 0) console.error(`${backend} ${mode} ${sc.name}: ${s.totals.retried} retried, ${s.totals.failed} failed`);
    console.error(`${backend} ${mode} ${sc.name}: max ${Math.round(max)}/s, half ${Math.round(atHalf.eventsPerSec)}/s p99 ${atHalf.p99} ms`);
    return [
      { backend, mode, scenario: sc.name, load: 'max', eventsPerSec: max, p50: Number.NaN, p99: Number.NaN },
      { backend, mode, scenario: sc.name, load: `half (${half.toLocaleString('en-US')}/s)`, eventsPerSec: atHalf.eventsPerSec, p50: atHalf.p50, p99: atHalf.p99 },
    ];
  } finally {
    await engine?.stop();
    await sink.stop();
    await store.close();
    await cleanup();
  }
}

async function sqlite(): Promise<Opened> {
  const dir = mkdtempSync(join(tmpdir(), 'junction-bench-delivery-'));
  return { store: await openStore({ dataDir: dir }), at: { dataDir: dir }, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
}

async function postgres(url: string): Promise<Opened> {
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  return {
    store: await openStore({ databaseUrl: url, schema, poolSize: 10 }),
    at: { databaseUrl: url, schema },
    cleanup: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}

const only = process.env.SCENARIO;
const picked = SCENARIOS.filter((s) => !only || s.name.startsWith(only));
const rows: Row[] = [];
const loads: string[] = [];
const uptime = async () => loads.push(loadavg().map((l) => l.toFixed(1)).join(' '));
await uptime();
for (const sc of picked) for (const mode of modes) rows.push(...(await scenario('SQLite', sqlite, sc, mode)));
await uptime();
const pgUrl = process.env.TEST_DATABASE_URL;
if (pgUrl) for (const sc of picked) for (const mode of modes) rows.push(...(await scenario('PostgreSQL', () => postgres(pgUrl), sc, mode)));
else console.log('(TEST_DATABASE_URL unset: PostgreSQL skipped)');
await uptime();

const fmt = (n: number) => (Number.isNaN(n) ? '–' : Math.round(n).toLocaleString('en-US'));
console.log(`\nbench/delivery — ${duration}s per run, ${users.toLocaleString('en-US')} users, Node ${process.version}, load average (1/5/15 min) ${loads.join(' → ')}\n`);
console.log('| store | destination | load | engine | events/s | p50 ms | p99 ms |');
console.log('| --- | --- | --- | --- | ---: | ---: | ---: |');
const sorted = [...rows].sort((a, b) => a.backend.localeCompare(b.backend) || a.scenario.localeCompare(b.scenario) || Number(b.load === 'max') - Number(a.load === 'max'));
for (const r of sorted) console.log(`| ${r.backend} | ${r.scenario} | ${r.load} | ${r.mode} | ${fmt(r.eventsPerSec)} | ${fmt(r.p50)} | ${fmt(r.p99)} |`);
console.log('\ntargets (issue 5, 2 cores): batched ≥ 50,000 events/s, per-event ≥ 10,000 events/s, p99 < 1,000 ms at half load');
