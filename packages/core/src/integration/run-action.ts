import type { MappingResolver, FieldMapping } from '../mapping/index.ts';
import { scrubbedErrorResult } from './action-result.ts';
import type { ActionResult, AnyIntegrationDefinition, HttpTransport, Logger } from './integration-types.ts';
import { type PreparedAction, preparedFor } from './prepared-action.ts';

export { actionMapping, compileActionMapping } from './action-mapping.ts';
export { errorResult } from './action-result.ts';

/**
 * Options shared by {@link runAction} and {@link runBatch}.
 *
 * @example
 * const options: RunOptions = { actionId: 'send', settings, mapping: subscription.mapping, transport };
 */
export interface RunOptions {
  actionId: string;
  settings: unknown;
  /** Overrides of the action's default field mappings (a subscription's mapping). */
  mapping?: Record<string, FieldMapping> | undefined;
  transport: HttpTransport;
  signal?: AbortSignal | undefined;
  logger?: Logger | undefined;
  /** Overrides `delivery.timeoutMs` for `ctx.request`. */
  timeoutMs?: number | undefined;
  /**
   * The action's mapping compiled beforehand with `compileActionMapping(action, mapping)`, so
   * engines delivering many events compile it once; when given, `mapping` is not compiled again.
   * When it is the `toPayload` of a `prepareAction(definition, …)` made from the same action,
   * settings object, `timeoutMs` and `logger`, that preparation is reused: the settings are not
   * validated again.
   */
  compiledMapping?: MappingResolver | undefined;
}

function prepared(definition: AnyIntegrationDefinition, options: RunOptions): PreparedAction | ActionResult {
  try {
    return preparedFor(definition, options);
  } catch (err) {
    return scrubbedErrorResult(err, definition.settings, options.settings);
  }
}

/**
 * Runs one action on one event: validates settings, maps the event (field defaults + `mapping`),
 * validates the payload against the action's `fields`, then calls `perform`. Never throws: every
 * failure is an error result with a catalogued code, and secret setting values are scrubbed from
 * its message. See `prepareAction` for engines running one action on many events.
 *
 * @example
 * const result = await runAction(webhook, { actionId: 'send', settings: { url }, event, transport });
 * if (result.status === 'error' && result.retryable) scheduleRetry(result.retryAfterMs);
 */
export function runAction(definition: AnyIntegrationDefinition, options: RunOptions & { event: unknown }): Promise<ActionResult> {
  // Not async: the prepared action's promise is returned as is (no extra promise per event).
  try {
    const p = prepared(definition, options);
    return 'status' in p ? Promise.resolve(p) : p.run(options.event, options.transport, options.signal);
  } catch (err) {
    return Promise.reject(err);
  }
}

/**
 * Runs one action on many events and returns exactly one result per event, in order. Events whose
 * payload is invalid fail alone (`INVALID_PAYLOAD`); the rest go to `performBatch` (or `perform`
 * one by one when the action has none). A batch-level failure becomes each item's result.
 *
 * @example
 * const results = await runBatch(webhook, { actionId: 'send', settings, events, transport });
 * results.filter((r) => r.status === 'error').length;
 */
export async function runBatch(definition: AnyIntegrationDefinition, options: RunOptions & { events: unknown[] }): Promise<ActionResult[]> {
  const p = prepared(definition, options);
  if ('status' in p) return options.events.map(() => p);
  return p.runBatch(options.events, options.transport, options.signal);
}
