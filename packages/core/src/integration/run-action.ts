import { IntegrationError, toIntegrationError } from '../errors/index.ts';
import { compileMapping, type FieldMapping, type MappingResolver } from '../mapping/index.ts';
import type { ActionDefinition, ActionResult, AnyIntegrationDefinition, HttpTransport, Logger } from './integration-types.ts';
import { createRequestFn } from './request-fn.ts';
import { type Issue, validateAgainst } from './schema-compiler.ts';
import { scrubSecrets } from './secrets.ts';

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
   */
  compiledMapping?: MappingResolver | undefined;
}

/**
 * The mapping an action runs: each field's `default` mapping, overridden by `mapping`.
 *
 * @example
 * actionMapping(send, { data: { '@path': '$.properties' } }); // { data: { '@path': '$.properties' } }
 */
export function actionMapping(action: Pick<ActionDefinition, 'fields'>, mapping: Record<string, FieldMapping> = {}): Record<string, FieldMapping> {
  const merged: Record<string, FieldMapping> = {};
  const properties = ((action.fields as { properties?: unknown }).properties ?? {}) as Record<string, unknown>;
  for (const [key, schema] of Object.entries(properties)) {
    if (typeof schema === 'object' && schema !== null && 'default' in schema) merged[key] = (schema as { default: FieldMapping }).default;
  }
  return { ...merged, ...mapping };
}

/**
 * Compiles the action's mapping once: `(event) => payload`. Throws `MappingError` when invalid.
 *
 * @example
 * const toPayload = compileActionMapping(send);
 * toPayload({ type: 'track', event: 'Signed Up' });
 */
export function compileActionMapping(action: Pick<ActionDefinition, 'fields'>, mapping?: Record<string, FieldMapping>): MappingResolver {
  return compileMapping(actionMapping(action, mapping));
}

function describeIssues(issues: Issue[]): string {
  return issues.map((i) => `${i.path} ${i.message}`).join('; ');
}

/**
 * The error result for anything thrown (classified by `toIntegrationError`). For `performBatch`
 * implementations that deliver items one by one; `runBatch` scrubs secrets from the message.
 *
 * @example
 * results.push(await request(url, { json: item }).then(() => ({ status: 'success' as const }), errorResult));
 */
export function errorResult(err: unknown): ActionResult {
  const e = toIntegrationError(err);
  return {
    status: 'error',
    code: e.code,
    message: e.message,
    retryable: e.retryable,
    ...(e.status === undefined ? {} : { httpStatus: e.status }),
    ...(e.retryAfterMs === undefined ? {} : { retryAfterMs: e.retryAfterMs }),
  };
}

function toResult(err: unknown, definition: AnyIntegrationDefinition, settings: unknown): ActionResult {
  const result = errorResult(err);
  return result.status === 'error' ? { ...result, message: scrubSecrets(definition.settings, settings, result.message) } : result;
}

interface Prepared {
  action: ActionDefinition;
  context: { settings: unknown; request: ReturnType<typeof createRequestFn>; signal: AbortSignal; logger?: Logger | undefined };
  toPayload: MappingResolver;
}

function prepare(definition: AnyIntegrationDefinition, options: RunOptions): Prepared {
  const action = definition.actions[options.actionId];
  if (!action) {
    throw new IntegrationError('INVALID_SETTINGS', `integration "${definition.slug}" has no action "${options.actionId}" (actions: ${Object.keys(definition.actions).join(', ')})`);
  }
  const settingsIssues = validateAgainst(definition.settings, options.settings, 'settings');
  if (settingsIssues.length > 0) throw new IntegrationError('INVALID_SETTINGS', describeIssues(settingsIssues));
  let toPayload: MappingResolver;
  try {
    toPayload = options.compiledMapping ?? compileActionMapping(action, options.mapping);
  } catch (err) {
    throw new IntegrationError('INVALID_SETTINGS', `mapping is invalid: ${err instanceof Error ? err.message : String(err)}`);
  }
  const signal = options.signal ?? new AbortController().signal;
  const request = createRequestFn({
    transport: options.transport,
    errors: definition.errors,
    timeoutMs: options.timeoutMs ?? definition.delivery?.timeoutMs,
    signal,
  });
  return { action, toPayload, context: { settings: options.settings, request, signal, logger: options.logger } };
}

function mapAndValidate(prepared: Prepared, event: unknown): unknown {
  const payload = prepared.toPayload(event);
  const issues = validateAgainst(prepared.action.fields, payload, 'payload');
  if (issues.length > 0) throw new IntegrationError('INVALID_PAYLOAD', describeIssues(issues));
  return payload;
}

/**
 * Runs one action on one event: validates settings, maps the event (field defaults + `mapping`),
 * validates the payload against the action's `fields`, then calls `perform`. Never throws: every
 * failure is an error result with a catalogued code, and secret setting values are scrubbed from
 * its message.
 *
 * @example
 * const result = await runAction(webhook, { actionId: 'send', settings: { url }, event, transport });
 * if (result.status === 'error' && result.retryable) scheduleRetry(result.retryAfterMs);
 */
export async function runAction(definition: AnyIntegrationDefinition, options: RunOptions & { event: unknown }): Promise<ActionResult> {
  try {
    const prepared = prepare(definition, options);
    const payload = mapAndValidate(prepared, options.event);
    await prepared.action.perform({ ...prepared.context, payload });
    return { status: 'success' };
  } catch (err) {
    return toResult(err, definition, options.settings);
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
  let prepared: Prepared;
  try {
    prepared = prepare(definition, options);
  } catch (err) {
    const result = toResult(err, definition, options.settings);
    return options.events.map(() => result);
  }
  const results: Array<ActionResult | undefined> = options.events.map(() => undefined);
  const payloads: unknown[] = [];
  const indexes: number[] = [];
  for (const [i, event] of options.events.entries()) {
    try {
      payloads.push(mapAndValidate(prepared, event));
      indexes.push(i);
    } catch (err) {
      results[i] = toResult(err, definition, options.settings);
    }
  }
  if (payloads.length > 0) {
    const { action, context } = prepared;
    if (action.performBatch) {
      let batch: ActionResult[];
      try {
        batch = await action.performBatch({ ...context, payloads });
        if (!Array.isArray(batch) || batch.length !== payloads.length) {
          throw new IntegrationError('UNKNOWN', `performBatch of "${options.actionId}" returned ${Array.isArray(batch) ? batch.length : 'no'} results for ${payloads.length} payloads`);
        }
      } catch (err) {
        const failed = toResult(err, definition, options.settings);
        batch = payloads.map(() => failed);
      }
      for (const [j, index] of indexes.entries()) {
        const r = batch[j]!;
        results[index] = r.status === 'error' ? { ...r, message: scrubSecrets(definition.settings, options.settings, r.message) } : r;
      }
    } else {
      for (const [j, index] of indexes.entries()) {
        try {
          await action.perform({ ...context, payload: payloads[j] });
          results[index] = { status: 'success' };
        } catch (err) {
          results[index] = toResult(err, definition, options.settings);
        }
      }
    }
  }
  return results as ActionResult[];
}
