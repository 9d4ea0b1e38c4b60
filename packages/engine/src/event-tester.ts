import { type ActionResult, compileFql, type HttpTransport } from '@junction/core';
import { deliverUnits, type Unit } from './deliver-units.ts';
import { compileDestination, type DestinationConfig } from './destination-runtime.ts';
import { createDestinationLimiter } from './policy/index.ts';
import { type Exchange, type RawExchange, recordingTransport, redactForStorage, toExchange } from './recording-transport.ts';
import { routeEvent } from './route-event.ts';

/**
 * Why a subscription did or did not run in an event test.
 *
 * @example
 * const v: SubscriptionVerdict = 'TRIGGER_FALSE';
 */
export type SubscriptionVerdict =
  | 'MATCHED'
  | 'TRIGGER_FALSE'
  | 'TRIGGER_INVALID'
  | 'SUBSCRIPTION_DISABLED'
  | 'FILTERED_BY_RULES'
  | 'FILTERED_BY_INTEGRATIONS_OBJECT'
  | 'DESTINATION_DISABLED';

/**
 * One HTTP exchange of a test (credential headers and secret setting values redacted).
 * `synthetic`: a dry run's made-up success; nothing was sent.
 *
 * @example
 * const x: TestedExchange = { request: { method: 'POST', url, headers: {}, body: '{}' }, response: { status: 200, headers: {}, body: '' }, synthetic: false };
 */
export interface TestedExchange extends Exchange {
  synthetic: boolean;
}

/**
 * What happened to one subscription of the destination.
 *
 * @example
 * if (s.matched && s.result?.status === 'error') show(s.result.code);
 */
export interface SubscriptionTest {
  id: string;
  name: string;
  actionId: string;
  trigger: string;
  enabled: boolean;
  matched: boolean;
  verdict: SubscriptionVerdict;
  /** Human explanation of the verdict (which filter, the trigger, the parse error). */
  detail: string;
  /** The mapped payload (matched subscriptions whose mapping compiles). */
  payload?: unknown;
  exchanges: TestedExchange[];
  /** The plugin's result (matched subscriptions only). */
  result?: ActionResult;
}

/**
 * The outcome of {@link testEvent}.
 *
 * @example
 * report.route; // { kind: 'filtered', reason: 'FILTERED_BY_RULES', droppedBy: 'df_1' }
 */
export interface EventTestReport {
  route: { kind: 'deliver' | 'filtered' | 'discarded'; reason?: string; droppedBy?: string };
  /** The event after destination filters (what subscriptions and mappings saw); null when filtered out. */
  filteredEvent: object | null;
  subscriptions: SubscriptionTest[];
  dryRun: boolean;
}

/** Options of {@link testEvent}. */
export interface TestEventOptions {
  /** The destination's transport (ignored on a dry run). */
  transport: HttpTransport;
  /** Capture the requests and answer each with a synthetic 200 instead of sending. */
  dryRun?: boolean;
  signal?: AbortSignal;
}

const dryRunTransport: HttpTransport = async () => ({ status: 200, headers: { 'content-type': 'application/json', 'x-junction-dry-run': 'true' }, body: '{}' });

function verdictOf(reason: string): SubscriptionVerdict {
  if (reason === 'FILTERED_BY_RULES' || reason === 'FILTERED_BY_INTEGRATIONS_OBJECT' || reason === 'DESTINATION_DISABLED') return reason;
  return 'TRIGGER_FALSE';
}

function unmatchedDetail(trigger: string): { verdict: SubscriptionVerdict; detail: string } {
  try {
    compileFql(trigger);
    return { verdict: 'TRIGGER_FALSE', detail: `trigger ${JSON.stringify(trigger)} is false for this event` };
  } catch (err) {
    return { verdict: 'TRIGGER_INVALID', detail: `trigger is invalid (matches nothing): ${err instanceof Error ? err.message : String(err)}` };
  }
}

const REASON_DETAIL: Record<string, string> = {
  DESTINATION_DISABLED: 'the destination is disabled',
  FILTERED_BY_INTEGRATIONS_OBJECT: "the event's integrations object disables this destination",
  FILTERED_BY_RULES: 'a destination filter dropped the event',
};

/**
 * Runs one event through a destination exactly as the engine does (its `routeEvent`, compiled
 * filters, subscriptions and mappings, and `deliverUnits` with the destination's limiter) and
 * reports per subscription whether it matched and why not, the mapped payload, every HTTP exchange
 * (secrets redacted with `redactForStorage`) and the plugin's result. Nothing is stored.
 *
 * @example
 * const report = await testEvent(config, { type: 'track', event: 'Signed Up', userId: 'u1' }, { transport: pool.forDestination(id), dryRun: true });
 * report.subscriptions[0].exchanges[0].request.body;
 */
export async function testEvent(config: DestinationConfig, event: Record<string, unknown>, options: TestEventOptions): Promise<EventTestReport> {
  const rt = compileDestination(config, undefined);
  const route = routeEvent(rt, event);
  const dryRun = options.dryRun === true;
  const droppedBy = route.kind === 'filtered' && route.reason === 'FILTERED_BY_RULES' ? rt.filters(event).droppedBy : undefined;
  const base = dryRun ? dryRunTransport : options.transport;
  const redact = (x: Exchange): TestedExchange => ({ ...(JSON.parse(redactForStorage(x, rt.definition.settings, rt.settings)) as Exchange), synthetic: dryRun });
  const subscriptions: SubscriptionTest[] = [];
  for (const s of config.subscriptions) {
    const common = { id: s.id, name: s.name, actionId: s.actionId, trigger: s.trigger, enabled: s.enabled, exchanges: [] as TestedExchange[] };
    if (!s.enabled) {
      subscriptions.push({ ...common, matched: false, verdict: 'SUBSCRIPTION_DISABLED', detail: 'the subscription is disabled' });
      continue;
    }
    if (route.kind !== 'deliver' && route.reason !== 'NO_MATCHING_MAPPING') {
      const detail = droppedBy ? `destination filter "${droppedBy}" dropped the event` : (REASON_DETAIL[route.reason] ?? route.reason);
      subscriptions.push({ ...common, matched: false, verdict: verdictOf(route.reason), detail });
      continue;
    }
    const sub = route.kind === 'deliver' ? route.subscriptions.find((c) => c.id === s.id) : undefined;
    if (!sub || route.kind !== 'deliver') {
      subscriptions.push({ ...common, matched: false, ...unmatchedDetail(s.trigger) });
      continue;
    }
    let payload: unknown;
    try {
      payload = sub.mapping?.(route.event);
    } catch {
      payload = undefined; // the delivery below reports the mapping error
    }
    const log: RawExchange[] = [];
    const capture = recordingTransport(base, createDestinationLimiter({}), log);
    const unit: Unit = {
      sub,
      event: route.event,
      eventJson: JSON.stringify(route.event),
      seq: 0,
      partition: 0,
      userKey: String(event.userId ?? event.anonymousId ?? ''),
      messageId: String(event.messageId ?? ''),
      eventType: String(event.type ?? ''),
      receivedAt: new Date().toISOString(),
    };
    const [delivered] = await deliverUnits(rt, capture, [unit], options.signal);
    subscriptions.push({
      ...common,
      matched: true,
      verdict: 'MATCHED',
      detail: `trigger ${JSON.stringify(s.trigger)} matched`,
      ...(payload === undefined ? {} : { payload }),
      exchanges: log.map((x) => redact(toExchange(x))),
      ...(delivered ? { result: delivered.result } : {}),
    });
  }
  return {
    route: { kind: route.kind, ...(route.kind === 'deliver' ? {} : { reason: route.reason }), ...(droppedBy ? { droppedBy } : {}) },
    filteredEvent: route.kind === 'deliver' ? route.event : null,
    subscriptions,
    dryRun,
  };
}
