// A stand-in server with a known CPU cost: the bare Hono server (reads the body, answers 200) that
// also spins `BUSY_MS` of CPU per request on the event loop, while a worker thread of the same
// process burns `SIDE_PERCENT` % of a core in 2 ms slices, as a writer thread's operations would.
// `GET /cpu` answers the process's CPU time so far (ms, all threads). Used by contention.ts.
import { Worker } from 'node:worker_threads';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const busyMs = Number(process.env.BUSY_MS ?? 0);
const sidePercent = Number(process.env.SIDE_PERCENT ?? 0);
if (!(busyMs >= 0) || !(sidePercent >= 0 && sidePercent < 100)) {
  throw new Error(`BUSY_MS must be >= 0 and SIDE_PERCENT in [0, 100), got ${process.env.BUSY_MS} / ${process.env.SIDE_PERCENT}`);
}

function spin(ms: number) {
  const end = performance.now() + ms;
  while (performance.now() < end) {}
}

if (sidePercent > 0) {
  // 2 ms of work, then the rest of the slice asleep: the share of one core given by SIDE_PERCENT.
  const side = `
    const { workerData } = require('node:worker_threads');
    const sleep = new Int32Array(new SharedArrayBuffer(4));
    const idleMs = 2 * (100 - workerData) / workerData;
    for (;;) {
      const end = performance.now() + 2;
      while (performance.now() < end) {}
      Atomics.wait(sleep, 0, 0, idleMs);
    }`;
  new Worker(side, { eval: true, workerData: sidePercent }).unref();
}

const app = new Hono();
app.post('/v1/*', async (c) => {
  await c.req.text();
  spin(busyMs);
  return c.json({ success: true });
});
app.get('/cpu', (c) => {
  const { user, system } = process.cpuUsage();
  return c.json({ cpuMs: (user + system) / 1000 });
});
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' }, () => {
  console.log('busy server ready');
});
