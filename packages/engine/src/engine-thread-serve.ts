import { type MessagePort, parentPort } from 'node:worker_threads';
import type { Engine } from './engine.ts';
import { type FromThread, THREAD_METHODS, type ToThread } from './engine-thread-protocol.ts';

/**
 * Runs inside the engine's worker thread: starts `engine`, then answers the main thread's calls
 * (stop, replays, summary, flushMetrics) and posts `engine.status()` every `statusMs` (default 50)
 * so the main thread's `status()` stays synchronous. On `stop`: the engine stops, then `onStop`
 * (close the thread's store), then the reply, and the port closes so the thread exits.
 *
 * @example
 * // engine-thread-entry.ts, started by startEngineThread({ entry: new URL('./engine-thread-entry.ts', import.meta.url), … })
 * const engine = createEngine({ store: await openStore(workerData.store), resolveIntegration });
 * await serveEngineThread(engine, { onStop: () => store.close() });
 */
export async function serveEngineThread(engine: Engine, options: { port?: MessagePort | null; statusMs?: number; onStop?: () => Promise<void> } = {}): Promise<void> {
  const port = options.port ?? parentPort;
  if (!port) throw new Error('serveEngineThread must run in a worker thread (no parentPort)');
  const post = (m: FromThread) => port.postMessage(m);
  try {
    await engine.start();
  } catch (error) {
    post({ type: 'failed', error: error instanceof Error ? error.message : String(error) });
    port.close();
    return;
  }
  const timer = setInterval(() => post({ type: 'status', status: engine.status() }), options.statusMs ?? 50);
  post({ type: 'ready', status: engine.status() });
  port.on('message', async (m: ToThread) => {
    if (m?.type !== 'call' || !THREAD_METHODS.includes(m.method)) return;
    try {
      const fn = engine[m.method] as (...args: unknown[]) => Promise<unknown>;
      const value = await fn.apply(engine, m.args);
      if (m.method === 'stop') {
        clearInterval(timer);
        post({ type: 'status', status: engine.status() });
        await options.onStop?.();
      }
      post({ type: 'reply', id: m.id, ok: true, value });
      if (m.method === 'stop') port.close();
    } catch (error) {
      post({ type: 'reply', id: m.id, ok: false, error: error instanceof Error ? error.message : String(error) });
    }
  });
}
