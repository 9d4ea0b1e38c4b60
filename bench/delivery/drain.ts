/**
 * bench/delivery drain: the engine alone, without producers competing for the thread. Prefills
 * the SQLite log with `EVENTS` events (engine stopped), then starts the engine and measures how
 * fast it delivers them all to the loopback sink (child process). Also measures the raw HTTP
 * ceiling of this machine: the same sink, the engine's transport pool with 32 connections, no engine.
 *
 *   cd bench && npx tsx delivery/drain.ts
 *   EVENTS=100000 SCENARIO=per-event npx tsx delivery/drain.ts
 *   RAW=32,8x4 …                                 # raw transport runs: connections per origin [× pipelining depth]
 *   PIPELINING=4 …                               # the engine's transport pool default depth (default: the engine's)
 *   READ_BATCH=2000 npx tsx delivery/drain.ts     # the engine's readBatchSize (default: the engine's)
 *   PROFILE=/tmp/drain npx tsx delivery/drain.ts   # CPU profile of the drain phase only: /tmp/drain-<scenario>.cpuprofile
 *
 * Prints one table row per scenario with the load average (CPU split into the main thread and the
 * other threads: GC helpers, the SQLite writer); compare rows of one run only.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDeliveryStore, openStore } from '@junction/store';
import { createEngine, createTransportPool } from '../../packages/engine/src/index.ts';
import { webhook } from '../../integrations/webhook/src/index.ts';
import { startServer, type ServerProcess } from '../lib/processes.ts';

const total = Number(process.env.EVENTS ?? 60_000);
const users = Number(process.env.USERS ?? 10_000);
const benchDir = fileURLToPath(new URL('.', import.meta.url));
const SCENARIOS = [
  { name: 'batched', settings: { batchRequests: true }, options: {} },
  { name: 'per-event', settings: {}, options: { batch: false, concurrency: 32, pipelining: 4 } },
];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const load = () => loadavg()[0]!.toFixed(1);
const stats = async (sink: ServerProcess) => (await (await fetch(`${sink.url}/stats`)).json()) as { events: number };

function batch(from: number, n: number) {
  return Array.from({ length: n }, (_, k) => {
    const i = from + k;
    const userId = `user-${i % users}`;
    const payload = { messageId: `m-${i}`, type: 'track', userId, event: 'Product Viewed', properties: { t: Date.now(), sku: `sku-${i % 500}`, price: 19.99, currency: 'EUR' }, context: { library: { name: 'bench', version: '1' } } };
    return { messageId: `m-${i}`, type: 'track', partitionKey: userId, payload };
  });
}

/** The machine's raw ceiling: `n` POSTs of one event each, 32 at a time, no engine. */
async function rawHttp(sink: ServerProcess, n: number, connectionsPerOrigin: number, pipelining: number): Promise<number> {
  const pool = createTransportPool({ connectionsPerOrigin, pipelining });
  const send = pool.forDestination('raw');
  const url = `${sink.url}/hook`;
  const body = JSON.stringify(batch(0, 1)[0]!.payload);
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next++ < n) {
        await send(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, timeoutMs: 10_000 });
      }
    }),
  );
  await pool.close();
  return (n * 1000) / (performance.now() - t0);
}

/** CPU ticks (1/100 s) of this process's main thread and of all its other threads (GC helpers, SQLite writer), from /proc (Linux). */
function threadTicks(): { main: number; others: number } {
  const out = { main: 0, others: 0 };
  try {
    for (const task of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${task}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]);
      if (Number(task) === process.pid) out.main += ticks;
      else out.others += ticks;
    }
  } catch {
    return { main: Number.NaN, others: Number.NaN };
  }
  return out;
}

const only = process.env.SCENARIO;
// CPU µs per event: the engine process's user + system time (all its threads) over the drain, per event;
// steadier than events/s on a shared machine (the sink's CPU is not counted).
console.log('| scenario | events | events/s | engine CPU µs/event | main thread / other threads | load before → after |');
console.log('| --- | ---: | ---: | ---: | --- | --- |');
for (const sc of SCENARIOS.filter((s) => !only || s.name === only)) {
  const dir = mkdtempSync(join(tmpdir(), 'junction-bench-drain-'));
  const store = await openStore({ dataDir: dir });
  const sink = await startServer(join(benchDir, 'sink-server.ts'), { cwd: benchDir, ready: /sink ready/ });
  try {
    const ws = await store.workspaces.create({ slug: `drain-${randomBytes(4).toString('hex')}`, name: 'Drain' });
    const source = await store.sources.create({ workspaceId: ws.id, slug: 'web', name: 'Web' });
    const destination = await store.destinations.create({ sourceId: source.id, integration: 'webhook', pluginVersion: webhook.version, name: 'Sink', settings: JSON.stringify({ url: `${sink.url}/hook`, ...sc.settings }) });
    const delivery = openDeliveryStore(store);
    await delivery.config.createSubscription({ destinationId: destination.id, actionId: 'send', name: 'All', trigger: 'all' });
    await delivery.config.setOptions(destination.id, sc.options);
    await sleep(5);
    for (let i = 0; i < total; i += 1000) await store.appendEvents(source.id, batch(i, Math.min(1000, total - i)));
    if (sc.name === 'per-event') {
      const before = load();
      for (const spec of (process.env.RAW ?? '32').split(',').filter(Boolean)) {
        const [connections = 32, depth = 1] = spec.split('x').map(Number);
        const c0 = process.cpuUsage();
        const raw = await rawHttp(sink, 20_000, connections, depth);
        const c = process.cpuUsage(c0);
        console.log(`| raw transport → sink (no engine, ${connections} connections × pipelining ${depth}) | 20,000 | ${Math.round(raw).toLocaleString('en-US')} | ${((c.user + c.system) / 20_000).toFixed(1)} | | ${before} → ${load()} |`);
      }
    }
    const start = (await stats(sink)).events;
    const before = load();
    const readBatchSize = process.env.READ_BATCH ? Number(process.env.READ_BATCH) : undefined;
    const transportPool = process.env.PIPELINING ? createTransportPool({ pipelining: Number(process.env.PIPELINING) }) : undefined;
    const engine = createEngine({ store, resolveIntegration: (slug) => (slug === 'webhook' ? webhook : undefined), ...(readBatchSize ? { readBatchSize } : {}), ...(transportPool ? { transportPool } : {}) });
    const profiler = process.env.PROFILE ? new Session() : undefined;
    if (profiler) {
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.start');
    }
    const ticks0 = threadTicks();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await engine.start();
    while (engine.status().totals.delivered < total) await sleep(5);
    const secs = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const cpuPerEvent = (cpu.user + cpu.system) / total;
    const ticks1 = threadTicks();
    const perEvent = (ticks: number) => ((ticks * 10_000) / total).toFixed(0);
    if (profiler) {
      const { profile } = await profiler.post('Profiler.stop');
      writeFileSync(`${process.env.PROFILE}-${sc.name}.cpuprofile`, JSON.stringify(profile));
      profiler.disconnect();
    }
    await engine.stop();
    await transportPool?.close();
    const got = (await stats(sink)).events - start;
    console.log(`| ${sc.name} | ${got.toLocaleString('en-US')} | ${Math.round(total / secs).toLocaleString('en-US')} | ${cpuPerEvent.toFixed(1)} | ${perEvent(ticks1.main - ticks0.main)} / ${perEvent(ticks1.others - ticks0.others)} | ${before} → ${load()} |`);
  } finally {
    await sink.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
