import { type ErrorCode, normalizeEvent, validateEvent } from '@junction/core';
import { createTransportPool, type DestinationConfig, type EventTestReport, type SubscriptionTest, testEvent } from '@junction/engine';
import type { DeliveryConfigRepo, Destination, Store } from '@junction/store';
import type { PluginLoader } from '../plugins/plugin-loader.ts';
import type { SettingsCipher } from '../secrets/settings-cipher.ts';
import { type ErrorReferenceEntry, helpFor } from './error-reference.ts';
import { recentSourceEvents } from './log-scan.ts';

/**
 * What the Event Tester reads: the store, the plugin loader, the settings cipher and the delivery
 * configuration (the admin API's resolved dependencies satisfy it).
 *
 * @example
 * const deps: TesterDeps = { store, catalog, cipher, delivery: openDeliveryStore(store).config };
 */
export interface TesterDeps {
  store: Store;
  catalog: { loader: Pick<PluginLoader, 'resolveIntegration'> };
  cipher: Pick<SettingsCipher, 'open'>;
  delivery: Pick<DeliveryConfigRepo, 'listSubscriptions' | 'listFilters' | 'getOptions'>;
}

/** Why a test could not run (the route turns it into a 4xx naming the field). */
export class EventTestInputError extends Error {
  readonly field: string;
  readonly status: 404 | 422;
  constructor(status: 404 | 422, field: string, message: string) {
    super(message);
    this.name = 'EventTestInputError';
    this.status = status;
    this.field = field;
  }
}

/**
 * The destination's configuration as the engine compiles it: its pinned plugin version, decrypted
 * settings, every subscription (disabled ones too), its filters and engine options.
 *
 * @example
 * const config = await loadDestinationConfig(deps, destination);
 */
export async function loadDestinationConfig(deps: TesterDeps, destination: Destination): Promise<DestinationConfig> {
  let definition: DestinationConfig['definition'];
  try {
    definition = await deps.catalog.loader.resolveIntegration(destination.integration, destination.pluginVersion);
  } catch (err) {
    throw new EventTestInputError(422, 'destinationId', `plugin "${destination.integration}@${destination.pluginVersion}" cannot be loaded: ${err instanceof Error ? err.message : String(err)}`);
  }
  const [subscriptions, filters, options] = await Promise.all([
    deps.delivery.listSubscriptions([destination.id]),
    deps.delivery.listFilters([destination.id]),
    deps.delivery.getOptions([destination.id]),
  ]);
  return { destination, definition, settings: deps.cipher.open(definition.settings, destination.settings), subscriptions, filters, options: options.get(destination.id)?.options ?? {} };
}

/** A subscription's test with the help of its error code. */
export type SubscriptionTestView = SubscriptionTest & { error: (ErrorReferenceEntry & { message: string }) | null };

/**
 * The Event Tester's answer: the tested event, the routing decision and each subscription's test.
 *
 * @example
 * const r: EventTestView = await runEventTest(deps, destination, { event, dryRun: true });
 */
export interface EventTestView extends Omit<EventTestReport, 'subscriptions'> {
  event: Record<string, unknown>;
  /** Where the event came from: typed in, or the log (its messageId). */
  origin: { kind: 'typed' } | { kind: 'source'; messageId: string; seq: number; receivedAt: string };
  routeHelp: ErrorReferenceEntry | null;
  subscriptions: SubscriptionTestView[];
}

/** Input of {@link runEventTest}: an event typed in, or the messageId of one of the source's recent events. */
export interface EventTestInput {
  event?: Record<string, unknown>;
  sourceEventMessageId?: string;
  dryRun?: boolean;
}

async function pickEvent(deps: TesterDeps, destination: Destination, input: EventTestInput): Promise<Pick<EventTestView, 'event' | 'origin'>> {
  if (input.event !== undefined && input.sourceEventMessageId !== undefined) throw new EventTestInputError(422, 'event', 'give either event or sourceEventMessageId, not both');
  if (input.event !== undefined) {
    // Validated and normalised exactly as the tracking API would before storing it.
    const checked = validateEvent(input.event);
    if (!checked.valid) {
      const first = checked.errors[0]!;
      throw new EventTestInputError(422, first.path ? `event.${first.path}` : 'event', checked.errors.map((e) => e.message).join('; '));
    }
    const event = normalizeEvent(checked.event, { receivedAt: new Date() }) as unknown as Record<string, unknown>;
    return { event, origin: { kind: 'typed' } };
  }
  if (input.sourceEventMessageId === undefined) throw new EventTestInputError(422, 'event', 'event (an object) or sourceEventMessageId (a string) is required');
  const [found] = await recentSourceEvents(deps.store, destination.sourceId, { limit: 1, messageId: input.sourceEventMessageId });
  if (!found) throw new EventTestInputError(404, 'sourceEventMessageId', `no recent event with messageId "${input.sourceEventMessageId}" in source "${destination.sourceId}"`);
  const event = JSON.parse(found.payload) as Record<string, unknown>;
  return { event, origin: { kind: 'source', messageId: found.messageId, seq: found.seq, receivedAt: found.receivedAt } };
}

/**
 * Runs the Event Tester: the event (typed in or picked from the source's log) goes through the
 * destination's real routing, filters, subscriptions, mappings and plugin (see the engine's
 * `testEvent`), over a transport pool of its own (closed afterwards), or nowhere on a dry run.
 *
 * @example
 * const view = await runEventTest(deps, destination, { sourceEventMessageId: 'm-1' });
 * view.subscriptions.filter((s) => s.matched).map((s) => s.exchanges);
 */
export async function runEventTest(deps: TesterDeps, destination: Destination, input: EventTestInput): Promise<EventTestView> {
  const picked = await pickEvent(deps, destination, input);
  const config = await loadDestinationConfig(deps, destination);
  const pool = createTransportPool();
  try {
    const report = await testEvent(config, picked.event, { transport: pool.forDestination(destination.id), dryRun: input.dryRun === true });
    const subscriptions = report.subscriptions.map((s) => {
      const r = s.result;
      const error = r?.status === 'error' ? { ...(helpFor(r.code as ErrorCode) as ErrorReferenceEntry), message: r.message } : null;
      return { ...s, error };
    });
    const reason = report.route.reason;
    return { ...picked, ...report, routeHelp: reason ? (helpFor(reason) ?? null) : null, subscriptions };
  } finally {
    await pool.close();
  }
}
