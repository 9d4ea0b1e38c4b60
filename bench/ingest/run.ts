/**
 * bench/ingest: tracking API throughput and latency, Junction (SQLite, PostgreSQL) side by side with
 * a bare Hono server that answers 200 without work, in the same run.
 *
 *   pnpm --filter @junction/bench ingest            # SQLite + bare (+ PostgreSQL when TEST_DATABASE_URL is set)
 *   DURATION=10 CONNECTIONS=50 pnpm --filter @junction/bench ingest
 *   SQLITE_WRITERS=thread pnpm --filter @junction/bench ingest   # only one SQLite writer mode
 *
 * Half-rate runs send requests evenly spaced (open loop, latency from each request's due time:
 * ../lib/paced-load.ts), after a 2-second warm-up at that rate. `HALF_RATE_LOAD=bursts` uses
 * autocannon's `overallRate` instead, as passes before the eighth did: each connection sends its
 * quota for the second back to back and then waits, so "half rate" there is full speed for half of
 * each second. Each half-rate run of Junction is repeated at the end against the bare server at the
 * same rate: the p99 the harness itself shows there (client and server sharing the cores) is the floor.
 *
 * SQLite runs once per writer mode (`thread`, `inline`: see @junction/store's sqliteWriter option),
 * selected in the host through JUNCTION_SQLITE_WRITER.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { pacedLoad } from '../lib/paced-load.ts';
import { batchBody } from '../lib/track-events.ts';
import { type ServerProcess, HOST_NODE_FLAGS, startServer } from '../lib/processes.ts';

const duration = Number(process.env.DURATION ?? 10);
const connections = Number(process.env.CONNECTIONS ?? 64);
const halfRateLoad = process.env.HALF_RATE_LOAD ?? 'paced';
if (halfRateLoad !== 'paced' && halfRateLoad !== 'bursts') throw new Error(`HALF_RATE_LOAD must be "paced" or "bursts", got "${halfRateLoad}"`);
const hostDir = fileURLToPath(new URL('../../apps/host', import.meta.url));
const benchDir = fileURLToPath(new URL('.', import.meta.url));

interface Row {
  target: string;
  scenario: string;
  reqPerSec: number;
  eventsPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  /** A half-rate run of Junction: the load to replay against the bare server, and what that gave. */
  replay?: { path: string; body: string; perRequest: number; rate: number; floor?: Row };
}

const single = JSON.stringify({
  userId: 'user-1',
  event: 'Product Viewed',
  properties: { sku: 'sku-1', price: 19.99, currency: 'EUR', category: 'shoes' },
  context: { library: { name: 'bench', version: '1' } },
});

async function load(url: string, path: string, body: string, writeKey: string, rate?: number, seconds = duration) {
  const result = await autocannon({
    url: `${url}${path}`,
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`,
    },
    body,
    connections: rate ? Math.min(connections, 16) : connections,
    duration: seconds,
    ...(rate ? { overallRate: rate } : {}),
  });
  return result;
}

/** A run at a fixed rate: req/s, p50, p99 and failures, paced (default) or in autocannon's bursts. */
async function atRate(url: string, path: string, body: string, writeKey: string, rate: number) {
  if (halfRateLoad === 'bursts') {
    const r = await load(url, path, body, writeKey, rate);
    return { reqPerSec: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx };
  }
  const options = {
    url, path, body, rate, seconds: duration,
    headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}` },
  };
  await pacedLoad({ ...options, seconds: 2 });
  const r = await pacedLoad(options);
  return { reqPerSec: r.reqPerSec, p50: r.p50, p99: r.p99, errors: r.errors };
}

async function measure(target: string, server: ServerProcess, writeKey: string): Promise<Row[]> {
  const rows: Row[] = [];
  const batch = batchBody(100);
  for (const [scenario, path, body, perRequest] of [
    ['single /v1/track', '/v1/track', single, 1],
    ['batch /v1/batch ×100', '/v1/batch', batch, 100],
  ] as const) {
    const max = await load(server.url, path, body, writeKey);
    const errors = max.errors + max.non2xx;
    rows.push({
      target, scenario, reqPerSec: max.requests.average, eventsPerSec: max.requests.average * perRequest,
      p50: max.latency.p50, p99: max.latency.p99, errors,
    });
    const half = Math.max(1, Math.floor(max.requests.average / 2));
    const atHalf = await atRate(server.url, path, body, writeKey, half);
    rows.push({
      target, scenario: `${scenario} @ half rate (${half} req/s)`, ...atHalf,
      eventsPerSec: atHalf.reqPerSec * perRequest, replay: { path, body, perRequest, rate: half },
    });
  }
  return rows;
}

async function junction(target: string, env: Record<string, string>): Promise<Row[]> {
  const server = await startServer('src/main.ts', {
    cwd: hostDir,
    nodeFlags: HOST_NODE_FLAGS, // started as `pnpm start` starts it
    env: { TRACKING_RATE_LIMIT: '0', ...env },
    ready: /writeKey: (\S+)/,
  });
  try {
    return await measure(target, server, server.match[1]!);
  } finally {
    await server.stop();
  }
}

const rows: Row[] = [];
const bare = await startServer(join(benchDir, 'bare-server.ts'), { cwd: benchDir, nodeFlags: HOST_NODE_FLAGS, ready: /ready/ });
try {
  rows.push(...(await measure('bare Hono (no work)', bare, 'none')));
} finally {
  await bare.stop();
}

const loads: string[] = [`start ${loadavg()[0]!.toFixed(2)}`];
for (const writer of (process.env.SQLITE_WRITERS ?? 'thread,inline').split(',')) {
  const dataDir = mkdtempSync(join(tmpdir(), 'junction-bench-'));
  try {
    rows.push(...(await junction(`junction SQLite (${writer} writer)`, { DATA_DIR: dataDir, JUNCTION_SQLITE_WRITER: writer })));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  loads.push(`after ${writer} ${loadavg()[0]!.toFixed(2)}`);
}

const pgUrl = process.env.TEST_DATABASE_URL;
if (pgUrl) {
  const dbName = `bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(pgUrl);
  url.pathname = `/${dbName}`;
  const pgDataDir = mkdtempSync(join(tmpdir(), 'junction-bench-pg-'));
  try {
    rows.push(...(await junction('junction PostgreSQL', { DATABASE_URL: url.toString(), DATA_DIR: pgDataDir })));
  } finally {
    await admin.query(`DROP DATABASE ${dbName} WITH (FORCE)`);
    await admin.end();
    rmSync(pgDataDir, { recursive: true, force: true });
  }
} else {
  console.log('(TEST_DATABASE_URL unset: PostgreSQL skipped)');
}

// The harness's own floor at Junction's half rates: the bare server under the very same load shows
// what part of a p99 is the load generator and the shared cores, not Junction.
const floors: Row[] = [];
const bareAgain = await startServer(join(benchDir, 'bare-server.ts'), { cwd: benchDir, nodeFlags: HOST_NODE_FLAGS, ready: /ready/ });
try {
  // Warm (JIT) as the first bare runs were by their max-rate runs.
  await load(bareAgain.url, '/v1/track', single, 'none', undefined, 2);
  await load(bareAgain.url, '/v1/batch', batchBody(100), 'none', undefined, 2);
  for (const r of rows.filter((x) => x.replay && !x.target.startsWith('bare'))) {
    const { path, body, perRequest, rate } = r.replay!;
    const result = await atRate(bareAgain.url, path, body, 'none', rate);
    r.replay!.floor = {
      target: 'bare Hono (no work)', scenario: `${r.scenario} — ${r.target}'s rate`, ...result, eventsPerSec: result.reqPerSec * perRequest,
    };
    floors.push(r.replay!.floor);
  }
} finally {
  await bareAgain.stop();
}
rows.push(...floors);

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
console.log(`\nbench/ingest — ${duration}s per run, ${connections} connections at max rate, half-rate load ${halfRateLoad}, Node ${process.version}; 1-min load average: ${loads.join(', ')}\n`);
console.log('| target | scenario | req/s | events/s | p50 ms | p99 ms | errors |');
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) {
  console.log(`| ${r.target} | ${r.scenario} | ${fmt(r.reqPerSec)} | ${fmt(r.eventsPerSec)} | ${r.p50} | ${r.p99} | ${r.errors} |`);
}
const bareSingle = rows.find((r) => r.target.startsWith('bare') && r.scenario === 'single /v1/track');
for (const r of rows.filter((x) => x.scenario === 'single /v1/track' && !x.target.startsWith('bare'))) {
  console.log(`${r.target}: single-event req/s = ${((r.reqPerSec / bareSingle!.reqPerSec) * 100).toFixed(0)}% of bare (target ≥ 50%)`);
}
for (const r of rows.filter((x) => x.replay?.floor)) {
  console.log(`${r.target}: ${r.scenario.split(' @')[0]} p99 at half rate = ${r.p99} ms; bare server at the same rate ${r.replay!.floor!.p99} ms (target < 20 ms)`);
}
for (const r of rows.filter((x) => x.scenario === 'batch /v1/batch ×100' && !x.target.startsWith('bare'))) {
  const bareBatch = rows.find((x) => x.target.startsWith('bare') && x.scenario === r.scenario);
  console.log(`${r.target}: batch events/s = ${fmt(r.eventsPerSec)} = ${((r.eventsPerSec / bareBatch!.eventsPerSec) * 100).toFixed(1)}% of bare (target ≥ 100,000 on SQLite)`);
}
