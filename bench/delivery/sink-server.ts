/**
 * bench/delivery sink: a loopback HTTP destination in its own process (the other core). Answers
 * 200 to every POST, counts events (JSON arrays flattened) and, while recording, the latency of
 * each event = arrival − `properties.t` (epoch ms stamped by the producer just before append).
 *
 *   GET /stats            → { events, requests }
 *   POST /record?on=1|0   → starts (clearing) or stops recording latencies
 *   GET /latency          → { count, p50, p99, max } of the recorded latencies (ms)
 */
import { createServer } from 'node:http';

let events = 0;
let requests = 0;
let recording = false;
let latencies: number[] = [];

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const server = createServer((req, res) => {
  const url = req.url ?? '/';
  if (req.method === 'GET' && url === '/stats') {
    res.end(JSON.stringify({ events, requests }));
    return;
  }
  if (req.method === 'GET' && url === '/latency') {
    const sorted = Float64Array.from(latencies).sort();
    const list = Array.from(sorted);
    res.end(JSON.stringify({ count: list.length, p50: pct(list, 50), p99: pct(list, 99), max: list.at(-1) ?? Number.NaN }));
    return;
  }
  if (req.method === 'POST' && url.startsWith('/record')) {
    recording = url.endsWith('on=1');
    if (recording) latencies = [];
    res.end('{}');
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const now = Date.now();
    requests++;
    const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    const list = (Array.isArray(parsed) ? parsed : [parsed]) as Array<{ properties?: { t?: number } }>;
    events += list.length;
    if (recording) for (const e of list) if (typeof e.properties?.t === 'number') latencies.push(now - e.properties.t);
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('sink ready'));
