import type { AnyIntegrationDefinition } from '@junction/core';
import { createEngine, type Engine, type EngineOptions } from '@junction/engine';
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

/**
 * Whether the delivery engine runs in this process: on unless `ENGINE=off`.
 *
 * @example
 * engineEnabled({ ENGINE: 'off' }); // false
 */
export function engineEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = (env.ENGINE ?? 'on').toLowerCase();
  if (v !== 'on' && v !== 'off') throw new Error(`ENGINE must be "on" or "off", got "${env.ENGINE}"`);
  return v === 'on';
}

/**
 * Starts the delivery engine on the host's store. `resolveIntegration` / `decryptSettings` default
 * to the built-in plugins and JSON settings; the host passes its catalog and secret cipher.
 *
 * @example
 * const engine = await startDelivery(store);
 * process.on('SIGTERM', () => engine.stop());
 */
export async function startDelivery(store: Store, options: Partial<Omit<EngineOptions, 'store'>> = {}): Promise<Engine> {
  const engine = createEngine({ resolveIntegration: builtInIntegration, ...options, store });
  await engine.start();
  return engine;
}
