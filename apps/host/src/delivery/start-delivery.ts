import type { AnyIntegrationDefinition } from '@junction/core';
import { createEngine, type Engine, type EngineOptions, startEngineThread } from '@junction/engine';
import { webhook } from '@junction/integration-webhook';
import type { Store } from '@junction/store';

/** Plugins the engine can always resolve, by slug (the catalog adds the rest through `resolveIntegration`). */
const builtIn: Record<string, AnyIntegrationDefinition> = { webhook };

/**
 * The built-in resolver: a first-party plugin by slug, whatever the version asked for.
 *
 * @example
 * builtInIntegration('webhook')?.name; // 'Webhook'
 */
export function builtInIntegration(slug: string): AnyIntegrationDefinition | undefined {
  return Object.hasOwn(builtIn, slug) ? builtIn[slug] : undefined;
}

/** Where the host runs the delivery engine: `on` in-process, `thread` in a worker thread, `off` not at all. */
export type EngineMode = 'on' | 'thread' | 'off';

/**
 * The `ENGINE` variable: `on` (default), `thread` or `off`.
 *
 * @example
 * engineMode({ ENGINE: 'thread' }); // 'thread'
 */
export function engineMode(env: NodeJS.ProcessEnv = process.env): EngineMode {
  const v = (env.ENGINE ?? 'on').toLowerCase();
  if (v !== 'on' && v !== 'off' && v !== 'thread') throw new Error(`ENGINE must be "on", "thread" or "off", got "${env.ENGINE}"`);
  return v;
}

/**
 * Whether the delivery engine runs in this process (in-process or in a worker thread): unless `ENGINE=off`.
 *
 * @example
 * engineEnabled({ ENGINE: 'off' }); // false
 */
export function engineEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return engineMode(env) !== 'off';
}

/** The engine options a worker thread can receive (functions cannot cross threads). */
const THREAD_OPTIONS = ['workerId', 'leaseMs', 'pollIntervalMs', 'configRefreshMs', 'readBatchSize', 'metricsFlushMs', 'breaker'] as const;

/**
 * Starts the delivery engine on the host's store. `resolveIntegration` / `decryptSettings` default
 * to the built-in plugins and JSON settings; the host passes its catalog and secret cipher.
 * `mode` (default: `ENGINE`) `thread` runs it in a worker thread (engine-thread-entry.ts) with its
 * own store connection and its own plugin loader, cipher and resolver built from `env` as the
 * host builds them (the function options are not used there; the plain ones are passed on).
 *
 * @example
 * const engine = await startDelivery(store, resolver);
 * process.on('SIGTERM', () => engine.stop());
 */
export async function startDelivery(store: Store, options: Partial<Omit<EngineOptions, 'store'>> = {}, mode: EngineMode = engineMode(), env: NodeJS.ProcessEnv = process.env): Promise<Engine> {
  if (mode === 'thread') {
    const plain: Record<string, unknown> = {};
    for (const k of THREAD_OPTIONS) if (options[k] !== undefined) plain[k] = options[k];
    return startEngineThread({ entry: new URL('./engine-thread-entry.ts', import.meta.url), workerData: { env: { ...env }, options: plain }, store });
  }
  const engine = createEngine({ resolveIntegration: builtInIntegration, ...options, store });
  await engine.start();
  return engine;
}
