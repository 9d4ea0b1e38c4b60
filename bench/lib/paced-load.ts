import { writeFileSync } from 'node:fs';
import { Pool } from 'undici';

/** What a paced run measured; latencies in milliseconds from each request's scheduled start. */
export interface PacedResult {
  /** Requests sent (all of them were due: the schedule is fixed in advance). */
  sent: number;
  /** Requests answered 2xx; the rest are `errors` (non-2xx or failed connections). */
  ok: number;
  errors: number;
  /** Requests answered per second of the run. */
  reqPerSec: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export interface PacedOptions {
  /** Server origin, e.g. `http://127.0.0.1:3000`. */
  url: string;
  path: string;
  body: string;
  headers: Record<string, string>;
  /** Requests per second, sent evenly spaced (open loop: a slow answer does not delay the next send). */
  rate: number;
  seconds: number;
  /** Keep-alive connections to open at most; requests queue for a free one beyond that. */
  connections?: number;
}

/**
 * An open-loop load at a steady rate: request i is due at `i / rate` seconds and is sent then,
 * whatever earlier requests are doing, and its latency counts from that due time (so a stalled
 * server or a backlog in the client is measured, not hidden: "coordinated omission" corrected, as
 * wrk2 does). autocannon's `overallRate` instead lets each connection send its quota for the second
 * back to back and then wait for the next second, so half the rate there is full speed for half of
 * each second.
 *
 * @example
 * const r = await pacedLoad({ url, path: '/v1/batch', body, headers, rate: 500, seconds: 10 });
 * console.log(r.p99);
 */
export async function pacedLoad(options: PacedOptions): Promise<PacedResult> {
  const { rate, seconds } = options;
  const total = Math.max(1, Math.round(rate * seconds));
  const pool = new Pool(options.url, { connections: options.connections ?? 64, pipelining: 1 });
  const latencies = new Float64Array(total);
  let sent = 0;
  let done = 0;
  let ok = 0;
  const started = performance.now();
  const headers = { ...options.headers, 'content-length': String(Buffer.byteLength(options.body)) };
  try {
    await new Promise<void>((resolve) => {
      const send = (i: number) => {
        const due = started + (i * 1000) / rate;
        pool
          .request({ path: options.path, method: 'POST', headers, body: options.body })
          .then(async (res) => {
            await res.body.dump();
            if (res.statusCode >= 200 && res.statusCode < 300) ok++;
          })
          .catch(() => {})
          .finally(() => {
            latencies[i] = performance.now() - due;
            if (++done === total) resolve();
          });
      };
      const tick = () => {
        const due = Math.min(total, Math.floor(((performance.now() - started) * rate) / 1000) + 1);
        while (sent < due) send(sent++);
        if (sent < total) setTimeout(tick, Math.max(0, (sent * 1000) / rate - (performance.now() - started)));
      };
      tick();
    });
  } finally {
    await pool.close();
  }
  const elapsed = (performance.now() - started) / 1000;
  // LAT_DUMP=<file>: every request's latency in send order (request i was due at i / rate s), to find stalls in time.
  if (process.env.LAT_DUMP) writeFileSync(process.env.LAT_DUMP, JSON.stringify(Array.from(latencies)));
  latencies.sort();
  const at = (q: number) => Math.round(latencies[Math.min(total - 1, Math.ceil(q * total) - 1)]! * 10) / 10;
  return { sent, ok, errors: total - ok, reqPerSec: ok / elapsed, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: at(1) };
}
