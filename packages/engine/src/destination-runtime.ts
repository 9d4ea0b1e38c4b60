import {
  type AnyIntegrationDefinition,
  compileActionMapping,
  compileFilters,
  compileFql,
  type DestinationFilter,
  type FilterOutcome,
  type FqlPredicate,
  type MappingResolver,
  type PreparedAction,
  prepareAction,
} from '@junction/core';
import type { Destination, StoredFilter, Subscription } from '@junction/store';
import { type ResolvedOptions, resolveOptions } from './delivery-options.ts';
import { createDestinationLimiter, type DestinationLimiter } from './policy/index.ts';

/**
 * One subscription compiled: its trigger predicate (never matching when invalid: fails closed),
 * its mapping (undefined with `mappingError` when invalid) and, when the settings are valid, the
 * action prepared with them (`prepared.toPayload` is `mapping`, so `runAction` / `runBatch` given
 * `compiledMapping: mapping` with the runtime's settings and `options.timeoutMs` reuse it).
 *
 * @example
 * if (sub.matches(event)) runBatch(definition, { actionId: sub.actionId, compiledMapping: sub.mapping, ... });
 */
export interface CompiledSubscription {
  id: string;
  actionId: string;
  matches: FqlPredicate;
  mapping: MappingResolver | undefined;
  mappingError: string | undefined;
  /** The action prepared with the destination's settings (undefined: invalid settings or mapping; each call then reports why). */
  prepared?: PreparedAction | undefined;
  /** Learned: the action's `performBatch` sends one request per batch (so one batch may carry several events of a user, in order). */
  singleRequestBatches?: boolean;
}

/**
 * Everything the engine needs to deliver to one destination, compiled once per configuration version.
 *
 * @example
 * const rt = compileDestination({ destination, definition, settings, subscriptions, filters, options: {} }, undefined);
 */
export interface DestinationRuntime {
  destination: Destination;
  definition: AnyIntegrationDefinition;
  settings: unknown;
  options: ResolvedOptions;
  filters: (event: unknown) => FilterOutcome;
  /** False when no destination filter is enabled (`filters` then returns an object event as is, and routing skips it). */
  filtering?: boolean;
  subscriptions: CompiledSubscription[];
  limiter: DestinationLimiter;
  /** Changes whenever anything above changes. */
  version: string;
  /** Why the options could not be used (the destination then pauses). */
  error: string | undefined;
}

/** The raw configuration of one destination. */
export interface DestinationConfig {
  destination: Destination;
  definition: AnyIntegrationDefinition;
  settings: unknown;
  subscriptions: Subscription[];
  filters: StoredFilter[];
  options: Record<string, unknown>;
}

const never: FqlPredicate = () => false;

/** The action prepared once for all the subscription's events, or undefined when the settings are invalid (each call then says why, as before). */
function tryPrepare(definition: AnyIntegrationDefinition, actionId: string, settings: unknown, mapping: MappingResolver, timeoutMs: number | undefined): PreparedAction | undefined {
  try {
    return prepareAction(definition, { actionId, settings, compiledMapping: mapping, timeoutMs });
  } catch {
    return undefined;
  }
}

function compileSubscription(definition: AnyIntegrationDefinition, s: Subscription, settings: unknown, timeoutMs: number | undefined): CompiledSubscription {
  let matches = never;
  try {
    matches = compileFql(s.trigger);
  } catch {
    // invalid trigger: matches nothing (fails closed)
  }
  const action = definition.actions[s.actionId];
  let mapping: MappingResolver | undefined;
  let mappingError: string | undefined;
  if (!action) mappingError = `integration "${definition.slug}" has no action "${s.actionId}"`;
  else {
    try {
      mapping = compileActionMapping(action, s.mapping as never);
    } catch (err) {
      mappingError = `mapping is invalid: ${err instanceof Error ? err.message : String(err)}`;
    }
  }
  const prepared = mapping ? tryPrepare(definition, s.actionId, settings, mapping, timeoutMs) : undefined;
  return { id: s.id, actionId: s.actionId, matches, mapping, mappingError, prepared };
}

/**
 * A version string of a destination's configuration (the cache key of its compiled form).
 *
 * @example
 * if (configVersion(next) !== runtime.version) runtime = compileDestination(next, runtime);
 */
export function configVersion(c: DestinationConfig): string {
  const d = c.destination;
  return JSON.stringify([d.updatedAt, d.enabled, d.name, d.pluginVersion, d.settings, c.definition.version, c.subscriptions, c.filters, c.options]);
}

/**
 * Compiles a destination's configuration. The limiter of `previous` is kept when the limits did
 * not change (so a 429 pause survives a settings edit).
 *
 * @example
 * const runtime = compileDestination(config, cache.get(config.destination.id));
 */
export function compileDestination(c: DestinationConfig, previous: DestinationRuntime | undefined): DestinationRuntime {
  let options: ResolvedOptions;
  let error: string | undefined;
  try {
    options = resolveOptions(c.definition, c.options);
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
    options = resolveOptions(c.definition, {});
  }
  const limits = { concurrency: options.concurrency, ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}) };
  const sameLimits = previous && JSON.stringify(previous.options.rateLimit) === JSON.stringify(options.rateLimit) && previous.options.concurrency === options.concurrency;
  const filters: DestinationFilter[] = c.filters.map((f) => ({
    id: f.id,
    destinationId: f.destinationId,
    title: f.title,
    description: f.description,
    if: f.if,
    actions: f.actions as DestinationFilter['actions'],
    enabled: f.enabled,
  }));
  return {
    destination: c.destination,
    definition: c.definition,
    settings: c.settings,
    options,
    filters: compileFilters(filters),
    filtering: filters.some((f) => f.enabled !== false),
    subscriptions: c.subscriptions.filter((s) => s.enabled).map((s) => compileSubscription(c.definition, s, c.settings, options.timeoutMs)),
    limiter: sameLimits ? previous.limiter : createDestinationLimiter(limits),
    version: configVersion(c),
    error,
  };
}
