import { type ActionResult, type HttpTransport, runAction, runBatch } from '@junction/core';
import type { CompiledSubscription, DestinationRuntime } from './destination-runtime.ts';

function invalidMapping(sub: CompiledSubscription): ActionResult {
  return { status: 'error', code: 'INVALID_SETTINGS', message: sub.mappingError ?? 'mapping is invalid', retryable: false };
}

/**
 * Runs a subscription's action on one event: through the action prepared when the runtime was
 * compiled (`sub.prepared`: settings validated once, nothing per call but what depends on the
 * event), else through `runAction`, which reports why it could not be prepared (invalid
 * settings). A subscription without a mapping fails with its `mappingError`. Never throws.
 *
 * @example
 * const result = await sendAction(rt, sub, unit.event, recordingTransport(base, rt.limiter, log), signal);
 */
export function sendAction(rt: DestinationRuntime, sub: CompiledSubscription, event: object, transport: HttpTransport, signal: AbortSignal): Promise<ActionResult> {
  if (sub.prepared) return sub.prepared.run(event, transport, signal);
  if (!sub.mapping) return Promise.resolve(invalidMapping(sub));
  return runAction(rt.definition, { actionId: sub.actionId, settings: rt.settings, compiledMapping: sub.mapping, timeoutMs: rt.options.timeoutMs, transport, signal, event });
}

/**
 * {@link sendAction} for many events: one result per event, in order (`performBatch` when the
 * action has one, else `perform` per event).
 *
 * @example
 * const results = await sendActionBatch(rt, sub, units.map((u) => u.event), transport, signal);
 */
export function sendActionBatch(rt: DestinationRuntime, sub: CompiledSubscription, events: object[], transport: HttpTransport, signal: AbortSignal): Promise<ActionResult[]> {
  if (sub.prepared) return sub.prepared.runBatch(events, transport, signal);
  if (!sub.mapping) {
    const result = invalidMapping(sub);
    return Promise.resolve(events.map(() => result));
  }
  return runBatch(rt.definition, { actionId: sub.actionId, settings: rt.settings, compiledMapping: sub.mapping, timeoutMs: rt.options.timeoutMs, transport, signal, events });
}
