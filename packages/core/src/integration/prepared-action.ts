import type { ValidateFunction } from 'ajv';
import { IntegrationError } from '../errors/index.ts';
import type { FieldMapping, MappingResolver } from '../mapping/index.ts';
import { compileActionMapping } from './action-mapping.ts';
import { describeIssues, scrubbedErrorResult } from './action-result.ts';
import type { ActionDefinition, ActionResult, AnyIntegrationDefinition, HttpTransport, Logger, RequestFn } from './integration-types.ts';
import { DEFAULT_TIMEOUT_MS, type RequestPolicy, requestPolicy, sendRequest } from './request-fn.ts';
import { compileSchema, validateAgainst } from './schema-compiler.ts';
import { scrubSecrets } from './secrets.ts';

/**
 * What {@link prepareAction} builds once: the action, its settings and its mapping.
 *
 * @example
 * const options: PrepareActionOptions = { actionId: 'send', settings: { url }, mapping: subscription.mapping, timeoutMs: 5000 };
 */
export interface PrepareActionOptions {
  actionId: string;
  /** Validated once, here; must not be mutated afterwards (the prepared action keeps using it). */
  settings: unknown;
  /** Overrides of the action's default field mappings (a subscription's mapping). */
  mapping?: Record<string, FieldMapping> | undefined;
  /** The mapping already compiled with `compileActionMapping`; when given, `mapping` is not compiled. */
  compiledMapping?: MappingResolver | undefined;
  /** Overrides `delivery.timeoutMs` for `ctx.request`. */
  timeoutMs?: number | undefined;
  logger?: Logger | undefined;
}

/**
 * An action ready to run on events: settings validated, mapping compiled, payload validator and
 * request defaults resolved, so each call only builds what depends on the event. Results are the
 * same as `runAction` / `runBatch` with the same options.
 *
 * @example
 * const send = prepareAction(webhook, { actionId: 'send', settings: { url } });
 * const result = await send.run(event, transport, signal);
 */
export interface PreparedAction {
  readonly definition: AnyIntegrationDefinition;
  readonly actionId: string;
  readonly action: ActionDefinition;
  readonly settings: unknown;
  /** The compiled mapping (`event → payload`). Passed as `compiledMapping` to `runAction` / `runBatch`, it makes them reuse this preparation. */
  readonly toPayload: MappingResolver;
  /** The `timeoutMs` and `logger` options it was prepared with. */
  readonly timeoutMs: number | undefined;
  readonly logger: Logger | undefined;
  /** Runs the action on one event (as `runAction`: never throws; secrets scrubbed from error messages). */
  run(event: unknown, transport: HttpTransport, signal?: AbortSignal): Promise<ActionResult>;
  /** Runs the action on many events (as `runBatch`: one result per event, in order). */
  runBatch(events: unknown[], transport: HttpTransport, signal?: AbortSignal): Promise<ActionResult[]>;
}

const succeeded = (): ActionResult => ({ status: 'success' });

/** The prepared action of each mapping made by {@link prepareAction} (the key `runAction` finds it by). */
const byMapping = new WeakMap<MappingResolver, Prepared>();

class Prepared implements PreparedAction {
  readonly definition: AnyIntegrationDefinition;
  readonly actionId: string;
  readonly action: ActionDefinition;
  readonly settings: unknown;
  readonly toPayload: MappingResolver;
  readonly timeoutMs: number | undefined;
  readonly logger: Logger | undefined;
  readonly #policy: RequestPolicy;
  readonly #validatePayload: ValidateFunction;
  readonly #onError: (err: unknown) => ActionResult;

  constructor(definition: AnyIntegrationDefinition, options: PrepareActionOptions) {
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
    this.definition = definition;
    this.actionId = options.actionId;
    this.action = action;
    this.settings = options.settings;
    this.toPayload = toPayload;
    this.timeoutMs = options.timeoutMs;
    this.logger = options.logger;
    this.#policy = requestPolicy(definition.errors, options.timeoutMs ?? definition.delivery?.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    this.#validatePayload = compileSchema(action.fields);
    this.#onError = (err) => this.#fail(err);
  }

  /** `ctx.request` of one call: the host's transport of that call, with this action's defaults. */
  #request(transport: HttpTransport, signal: AbortSignal): RequestFn {
    const policy = this.#policy;
    return (url, init) => sendRequest(transport, policy, signal, url, init);
  }

  #payloadOf(event: unknown): unknown {
    const payload = this.toPayload(event);
    if (!this.#validatePayload(payload)) {
      throw new IntegrationError('INVALID_PAYLOAD', describeIssues(validateAgainst(this.action.fields, payload, 'payload')));
    }
    return payload;
  }

  #fail(err: unknown): ActionResult {
    return scrubbedErrorResult(err, this.definition.settings, this.settings);
  }

  run(event: unknown, transport: HttpTransport, signal?: AbortSignal): Promise<ActionResult> {
    // One promise chain, not an async function: no await frame per event.
    const s = signal ?? new AbortController().signal;
    let performed: Promise<unknown>;
    try {
      const payload = this.#payloadOf(event);
      performed = Promise.resolve(this.action.perform({ settings: this.settings, request: this.#request(transport, s), signal: s, logger: this.logger, payload }));
    } catch (err) {
      return Promise.resolve(this.#fail(err));
    }
    return performed.then(succeeded, this.#onError);
  }

  async runBatch(events: unknown[], transport: HttpTransport, signal?: AbortSignal): Promise<ActionResult[]> {
    const s = signal ?? new AbortController().signal;
    const results = new Array<ActionResult>(events.length);
    const payloads: unknown[] = [];
    const indexes: number[] = [];
    for (let i = 0; i < events.length; i++) {
      try {
        payloads.push(this.#payloadOf(events[i]));
        indexes.push(i);
      } catch (err) {
        results[i] = this.#fail(err);
      }
    }
    if (payloads.length === 0) return results;
    const { action, settings, logger } = this;
    const request = this.#request(transport, s);
    if (!action.performBatch) {
      for (let j = 0; j < payloads.length; j++) {
        try {
          await action.perform({ settings, request, signal: s, logger, payload: payloads[j] });
          results[indexes[j]!] = { status: 'success' };
        } catch (err) {
          results[indexes[j]!] = this.#fail(err);
        }
      }
      return results;
    }
    let batch: ActionResult[];
    try {
      batch = await action.performBatch({ settings, request, signal: s, logger, payloads });
      if (!Array.isArray(batch) || batch.length !== payloads.length) {
        throw new IntegrationError('UNKNOWN', `performBatch of "${this.actionId}" returned ${Array.isArray(batch) ? batch.length : 'no'} results for ${payloads.length} payloads`);
      }
    } catch (err) {
      const failed = this.#fail(err);
      batch = payloads.map(() => failed);
    }
    for (let j = 0; j < indexes.length; j++) {
      const r = batch[j]!;
      results[indexes[j]!] = r.status === 'error' ? { ...r, message: scrubSecrets(this.definition.settings, this.settings, r.message) } : r;
    }
    return results;
  }
}

/**
 * Prepares an action once for many calls: checks the action exists, validates the settings and
 * compiles the mapping (throws an `IntegrationError` `INVALID_SETTINGS` naming the problem, as
 * `runAction` reports it). Engines prepare one per subscription when they load a destination.
 *
 * @example
 * const prepared = prepareAction(webhook, { actionId: 'send', settings: { url }, timeoutMs: 5000 });
 * await prepared.run(event, transport, signal); // { status: 'success' }
 * await runAction(webhook, { actionId: 'send', settings: prepared.settings, compiledMapping: prepared.toPayload, timeoutMs: 5000, transport, event }); // reuses it
 */
export function prepareAction(definition: AnyIntegrationDefinition, options: PrepareActionOptions): PreparedAction {
  const prepared = new Prepared(definition, options);
  byMapping.set(prepared.toPayload, prepared);
  return prepared;
}

/**
 * The preparation `runAction` / `runBatch` run with: the one made by {@link prepareAction} whose
 * mapping is `options.compiledMapping` when everything else it was made from is the same (same
 * definition, action, settings object, timeout and logger), else a new one for this call.
 */
export function preparedFor(definition: AnyIntegrationDefinition, options: PrepareActionOptions): PreparedAction {
  const mapping = options.compiledMapping;
  if (mapping !== undefined) {
    const p = byMapping.get(mapping);
    if (
      p !== undefined &&
      p.definition === definition &&
      p.actionId === options.actionId &&
      p.settings === options.settings &&
      p.timeoutMs === options.timeoutMs &&
      p.logger === options.logger
    ) {
      return p;
    }
  }
  return new Prepared(definition, options);
}
