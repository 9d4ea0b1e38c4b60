import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { openDeliveryStore, type Store } from '@junction/store';
import type { Engine } from './engine.ts';
import type { EngineStatus, FromThread, ThreadMethod, ToThread } from './engine-thread-protocol.ts';

/**
 * Options of {@link startEngineThread}.
 *
 * @example
 * const o: EngineThreadOptions = { entry: new URL('./engine-thread-entry.ts', import.meta.url), workerData: { dataDir }, store };
 */
export interface EngineThreadOptions {
  /** The thread's module: opens its own store connection, creates the engine, calls `serveEngineThread`. */
  entry: URL | string;
  /** Structured-cloneable data for the entry (store location, engine options). */
  workerData?: unknown;
  /** This thread's store (same database): backs `engine.delivery` on the main thread. */
  store: Store;
  /** Where a thread failure is reported. Default console.error. */
  log?: (message: string) => void;
}

/**
 * A worker on `entry`. On Node 20 a worker does not inherit the tsx loader (not even under the
 * tsx CLI), so a `.ts` entry is loaded through tsx's `tsImport` from a small eval bootstrap.
 */
function spawnThread(entry: URL | string, workerData: unknown): Worker {
  const url = entry instanceof URL ? entry : new URL(entry.startsWith('file:') ? entry : pathToFileURL(entry).href);
  if (!url.pathname.endsWith('.ts')) return new Worker(url, { workerData });
  let api: string;
  try {
    api = new URL('dist/esm/api/index.mjs', pathToFileURL(createRequire(import.meta.url).resolve('tsx/package.json'))).href;
  } catch {
    throw new Error(`startEngineThread: entry ${url.pathname} is TypeScript and tsx is not installed to load it`);
  }
  const boot = `import(${JSON.stringify(api)}).then((tsx) => tsx.tsImport(${JSON.stringify(url.href)}, ${JSON.stringify(url.href)}));`;
  return new Worker(boot, { eval: true, workerData });
}

/**
 * Starts the delivery engine in a worker thread (the second core) and returns an {@link Engine}
 * view of it: `status()` answers at once from the status the thread posts every 50 ms; `stop`,
 * replays, `summary` and `flushMetrics` are forwarded; `delivery` reads the same database through
 * the main thread's store. A `.ts` entry is loaded through tsx.
 *
 * @example
 * const engine = await startEngineThread({ entry: new URL('./engine-thread-entry.ts', import.meta.url), workerData: { dataDir }, store });
 * engine.status().breakers; // as in-process
 * await engine.stop();
 */
export async function startEngineThread(options: EngineThreadOptions): Promise<Engine> {
  const log = options.log ?? ((m: string) => console.error(`engine thread: ${m}`));
  const worker = spawnThread(options.entry, options.workerData);
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let status: EngineStatus | undefined;
  let exited = false;
  const failAll = (why: string) => {
    for (const p of pending.values()) p.reject(new Error(`engine thread: ${why}`));
    pending.clear();
  };
  const ready = new Promise<void>((resolve, reject) => {
    worker.on('message', (m: FromThread) => {
      if (m.type === 'ready' || m.type === 'status') {
        status = m.status;
        if (m.type === 'ready') resolve();
      } else if (m.type === 'failed') reject(new Error(`engine thread failed to start: ${m.error}`));
      else if (m.type === 'reply') {
        const p = pending.get(m.id);
        pending.delete(m.id);
        if (m.ok) p?.resolve(m.value);
        else p?.reject(new Error(m.error));
      }
    });
    worker.on('error', (error) => {
      log(error.stack ?? error.message);
      reject(error);
      failAll(error.message);
    });
    worker.on('exit', (code) => {
      exited = true;
      reject(new Error(`engine thread exited with code ${code} before it was ready`));
      failAll(`exited with code ${code}`);
    });
  });
  try {
    await ready;
  } catch (error) {
    await worker.terminate();
    throw error;
  }
  const call = <T>(method: ThreadMethod, ...args: unknown[]): Promise<T> => {
    if (exited) return Promise.reject(new Error(`engine thread: ${method} after the thread exited`));
    const id = nextId++;
    const message: ToThread = { type: 'call', id, method, args };
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage(message);
    });
  };
  let stopping: Promise<void> | undefined;
  return {
    delivery: openDeliveryStore(options.store),
    start: async () => {},
    stop() {
      stopping ??= (async () => {
        if (!exited) await call('stop');
        if (!exited) await new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      })();
      return stopping;
    },
    replayHistory: (q) => call('replayHistory', q),
    replayFailed: (q) => call('replayFailed', q),
    summary: (q) => call('summary', q),
    flushMetrics: () => call('flushMetrics'),
    status: () => status!,
  };
}
