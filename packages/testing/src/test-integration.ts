import {
  type ActionResult,
  type AnyIntegrationDefinition,
  createRequestFn,
  type FieldMapping,
  runAction,
  runBatch,
  scrubSecrets,
  toIntegrationError,
} from '@junction/core';
import { createFetchTransport } from './http-transport.ts';
import { type LoopbackServer, startLoopbackServer } from './loopback-server.ts';

/**
 * What to run: an action of the integration with settings and an optional mapping.
 *
 * @example
 * await t.run({ action: 'send', settings: { url }, mapping: { data: { '@path': '$.properties' } }, event });
 */
export interface RunInput {
  action: string;
  settings: unknown;
  /** Overrides of the action's default field mappings (like a subscription's mapping). */
  mapping?: Record<string, FieldMapping>;
  /** Per-request timeout (default: the integration's `delivery.timeoutMs`, else 10 s). */
  timeoutMs?: number;
}

/**
 * A harness bound to one integration and one loopback server.
 *
 * @example
 * const t: TestIntegration = await createTestIntegration(webhook);
 */
export interface TestIntegration {
  /** Every request the integration makes lands here, whatever host it names. */
  readonly server: LoopbackServer;
  run(input: RunInput & { event: unknown }): Promise<ActionResult>;
  runBatch(input: RunInput & { events: unknown[] }): Promise<ActionResult[]>;
  /** Calls the integration's `testConnection`; resolves to an error result instead of throwing. */
  testConnection(settings: unknown): Promise<ActionResult>;
  close(): Promise<void>;
}

/**
 * Starts a loopback server and returns a harness that runs the integration's actions through the
 * real host code path (`runAction` / `runBatch`: settings validation, mapping, payload validation,
 * error classification, secret scrubbing) with a real HTTP transport routed to that server.
 *
 * @example
 * const t = await createTestIntegration(webhook);
 * t.server.replyOnce({ status: 401 });
 * const result = await t.run({ action: 'send', event: sampleEvents.track, settings: { url: 'https://hooks.example/in' } });
 * expect(result).toMatchObject({ status: 'error', code: 'INVALID_CREDENTIALS' });
 * await t.close();
 */
export async function createTestIntegration(definition: AnyIntegrationDefinition): Promise<TestIntegration> {
  const server = await startLoopbackServer();
  const transport = createFetchTransport({ routeTo: server.url });
  const common = (input: RunInput) => ({
    actionId: input.action,
    settings: input.settings,
    mapping: input.mapping,
    timeoutMs: input.timeoutMs,
    transport,
  });
  return {
    server,
    run: (input) => runAction(definition, { ...common(input), event: input.event }),
    runBatch: (input) => runBatch(definition, { ...common(input), events: input.events }),
    async testConnection(settings) {
      if (!definition.testConnection) return { status: 'success' };
      try {
        const request = createRequestFn({ transport, errors: definition.errors, timeoutMs: definition.delivery?.timeoutMs });
        await definition.testConnection({ settings, request, signal: new AbortController().signal });
        return { status: 'success' };
      } catch (err) {
        const e = toIntegrationError(err);
        return { status: 'error', code: e.code, message: scrubSecrets(definition.settings, settings, e.message), retryable: e.retryable };
      }
    },
    close: () => server.close(),
  };
}
