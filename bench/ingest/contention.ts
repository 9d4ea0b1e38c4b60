/**
 * bench/ingest/contention: what p99 this machine allows at a given load, whatever the server does.
 * A stand-in server with a fixed CPU cost (busy-server.ts: the bare Hono server plus `BUSY_MS` of
 * CPU per request on its event loop, and a side thread burning a share of a core) takes evenly
 * spaced requests (../lib/paced-load.ts, 2-second warm-up) at `RATE` per second, once per side
 * share in `SIDE_PERCENTS`. Same body as the ingest bench's 100-event batches.
 *
 *   pnpm --filter @junction/bench exec tsx ingest/contention.ts
 *   RATE=550 BUSY_MS=0.8 SIDE_PERCENTS=0,30,55 DURATION=12 pnpm --filter @junction/bench exec tsx ingest/contention.ts
 *
 * The defaults copy Junction's SQLite batch path at half its maximum rate on the 2-core machine of
 * the ninth pass (README): about 550 requests/s, about 0.8 ms of its own event-loop work per
 * request beyond the HTTP server's, and a writer plus checkpointer thread using about 55 % of a core.
 */
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { pacedLoad } from '../lib/paced-load.ts';
import { startServer } from '../lib/processes.ts';
import { batchBody } from '../lib/track-events.ts';

const rate = Number(process.env.RATE ?? 550);
const busyMs = process.env.BUSY_MS ?? '0.8';
const seconds = Number(process.env.DURATION ?? 12);
const sides = (process.env.SIDE_PERCENTS ?? '0,30,55').split(',').map(Number);
if (!(rate > 0) || !(seconds > 0) || sides.some((s) => !(s >= 0 && s < 100))) {
  throw new Error('RATE and DURATION must be > 0 and each of SIDE_PERCENTS in [0, 100)');
}
const benchDir = fileURLToPath(new URL('.', import.meta.url));
const body = batchBody(100);

const rows: string[] = [];
for (const side of sides) {
  const server = await startServer(`${benchDir}busy-server.ts`, {
    cwd: benchDir,
    env: { BUSY_MS: busyMs, SIDE_PERCENT: String(side) },
    ready: /ready/,
  });
  try {
    const options = { url: server.url, path: '/v1/batch', body, headers: { 'content-type': 'application/json' }, rate, seconds };
    await pacedLoad({ ...options, seconds: 2 });
    const cpu = async () => ((await (await fetch(`${server.url}/cpu`)).json()) as { cpuMs: number }).cpuMs;
    const [cpu0, t0] = [await cpu(), performance.now()];
    const r = await pacedLoad(options);
    const busy = ((await cpu()) - cpu0) / (performance.now() - t0);
    rows.push(`| ${busyMs} | ${side} % | ${(busy * 100).toFixed(0)} % | ${Math.round(r.reqPerSec)} | ${r.p50} | ${r.p99} | ${r.max} | ${r.errors} |`);
  } finally {
    await server.stop();
  }
}

console.log(`\nbench/ingest/contention — ${rate} req/s paced for ${seconds} s, Node ${process.version}, 1-min load ${loadavg()[0]!.toFixed(2)}\n`);
console.log('| event-loop work per request, ms | side thread | server CPU (all threads, % of a core) | req/s | p50 ms | p99 ms | max ms | errors |');
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const row of rows) console.log(row);
