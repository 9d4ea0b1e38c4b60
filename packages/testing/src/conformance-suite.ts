import {
  type ActionDefinition,
  type AnyIntegrationDefinition,
  compileActionMapping,
  compileFql,
  type ErrorCode,
  errorCodeInfo,
  secretFields,
  validateAgainst,
  validateFql,
  validateIntegrationDefinition,
} from '@junction/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sampleEventList } from './sample-events.ts';
import { createTestIntegration, type TestIntegration } from './test-integration.ts';

/**
 * Options of {@link runConformanceSuite}.
 *
 * @example
 * runConformanceSuite(acme, { settings: { apiKey: 'sk_test_123456789' }, expectedErrors: { 400: 'RATE_LIMITED' } });
 */
export interface ConformanceOptions {
  /**
   * Valid settings. Every secret field must be filled (≥ 8 characters) so the suite can check that
   * secrets never leak into error messages. URLs may name any host: all requests go to the loopback server.
   */
  settings: Record<string, unknown>;
  /** Event to run each action with (default: the first sample event its defaultSubscription matches). */
  events?: Record<string, unknown>;
  /** Where the integration's `errors` mapping deliberately differs from the default expectations. */
  expectedErrors?: Partial<Record<number, ErrorCode>>;
  /**
   * How the integration reaches its destination. `'http'` (default): through `ctx.request`, so the
   * HTTP checks run (requests made, status classification, Retry-After, timeouts, dropped and
   * refused connections, secrets echoed back). `'none'`: the plugin talks to its destination
   * another way (e.g. a database driver), so those checks are skipped; the definition, settings,
   * FQL and mapping checks, a successful delivery and one `performBatch` result per item still run.
   * Such plugins must test their own error mapping against the real destination.
   */
  transport?: 'http' | 'none';
}

const DEFAULT_EXPECTED: Record<number, ErrorCode> = {
  400: 'PAYLOAD_REJECTED',
  401: 'INVALID_CREDENTIALS',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'RATE_LIMITED',
  500: 'DESTINATION_UNAVAILABLE',
  503: 'DESTINATION_UNAVAILABLE',
};

function eventFor(actionId: string, action: ActionDefinition, options: ConformanceOptions): unknown {
  const given = options.events?.[actionId];
  if (given !== undefined) return given;
  const matches = compileFql(action.defaultSubscription);
  const event = sampleEventList().find((e) => matches(e));
  if (!event) throw new Error(`no sample event matches the defaultSubscription of "${actionId}"; pass options.events.${actionId}`);
  return event;
}

function secretValues(definition: AnyIntegrationDefinition, settings: Record<string, unknown>): string[] {
  return secretFields(definition.settings).map((path) => {
    const value = path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], settings);
    if (typeof value !== 'string' || value.length < 8) {
      throw new Error(`options.settings.${path} is a secret field: give it a value of at least 8 characters`);
    }
    return value;
  });
}

function actionSuite(definition: AnyIntegrationDefinition, actionId: string, options: ConformanceOptions, harness: () => TestIntegration) {
  const action = definition.actions[actionId]!;
  const http = (options.transport ?? 'http') === 'http';
  const expected: Array<readonly [number, ErrorCode]> = Object.entries({ ...DEFAULT_EXPECTED, ...options.expectedErrors }).flatMap(
    ([status, code]) => (code === undefined ? [] : [[Number(status), code] as const]),
  );
  const run = (extra: { timeoutMs?: number } = {}) =>
    harness().run({ action: actionId, settings: options.settings, event: eventFor(actionId, action, options), ...extra });

  describe(`action "${actionId}"`, () => {
    it.each(sampleEventList().map((e) => [e.type, e] as const))('default mapping maps a sample %s event', (_type, event) => {
      const payload = compileActionMapping(action)(event);
      expect(typeof payload).toBe('object');
      if (compileFql(action.defaultSubscription)(event)) expect(validateAgainst(action.fields, payload, 'payload')).toEqual([]);
    });

    it(http ? 'delivers an event: success and at least one request' : 'delivers an event: success, without HTTP requests', async () => {
      const result = await run();
      expect(result).toEqual({ status: 'success' });
      if (http) expect(harness().server.requests.length).toBeGreaterThan(0);
      else expect(harness().server.requests).toHaveLength(0);
    });

    if (!http) {
      if (action.performBatch) {
        it('performBatch returns one result per item', async () => {
          const event = eventFor(actionId, action, options);
          const ok = await harness().runBatch({ action: actionId, settings: options.settings, events: [event, event, event] });
          expect(ok).toEqual([{ status: 'success' }, { status: 'success' }, { status: 'success' }]);
        });
      }
      return;
    }

    it.each(expected)('classifies HTTP %i as %s', async (status, code) => {
      harness().server.reply({ status, body: { error: `status ${status}` } });
      const result = await run();
      expect(result).toMatchObject({ status: 'error', code, retryable: errorCodeInfo[code].retryable });
    });

    it('passes Retry-After on as retryAfterMs', async () => {
      harness().server.reply({ status: 429, headers: { 'retry-after': '7' } });
      expect(await run()).toMatchObject({ status: 'error', retryable: true, retryAfterMs: 7000 });
    });

    it('classifies a destination that does not answer in time as TIMEOUT', async () => {
      harness().server.reply({ delayMs: 5000 });
      expect(await run({ timeoutMs: 100 })).toMatchObject({ status: 'error', code: 'TIMEOUT', retryable: true });
    });

    it('classifies a dropped connection as a retryable NETWORK_ERROR', async () => {
      harness().server.reply({ drop: true });
      expect(await run()).toMatchObject({ status: 'error', code: 'NETWORK_ERROR', retryable: true });
    });

    it('classifies a refused connection as a retryable NETWORK_ERROR', async () => {
      const dead = await createTestIntegration(definition);
      await dead.close();
      const result = await dead.run({ action: actionId, settings: options.settings, event: eventFor(actionId, action, options) });
      expect(result).toMatchObject({ status: 'error', code: 'NETWORK_ERROR', retryable: true });
    });

    it('never puts secrets in error messages, even when the destination echoes them', async () => {
      const secrets = secretValues(definition, options.settings);
      harness().server.reply((req) => ({ status: 401, body: `denied: ${JSON.stringify(req.headers)} ${req.body} ${secrets.join(' ')}` }));
      const result = await run();
      expect(result.status).toBe('error');
      if (result.status === 'error') for (const secret of secrets) expect(result.message).not.toContain(secret);
    });

    if (action.performBatch) {
      it('performBatch returns one result per item', async () => {
        const event = eventFor(actionId, action, options);
        const ok = await harness().runBatch({ action: actionId, settings: options.settings, events: [event, event, event] });
        expect(ok).toEqual([{ status: 'success' }, { status: 'success' }, { status: 'success' }]);
        harness().server.reply({ status: 500 });
        const failed = await harness().runBatch({ action: actionId, settings: options.settings, events: [event, event, event] });
        expect(failed).toHaveLength(3);
        for (const r of failed) expect(r).toMatchObject({ status: 'error', retryable: true });
      });
    }
  });
}

/**
 * Registers the conformance tests (vitest `describe`/`it`) every integration must pass; call it from
 * the integration's own test file. Checks: the definition validates (settings schema compiles with
 * ajv strict, FQL parses, default mappings are valid), presets and default subscriptions parse as
 * FQL, default mappings map a sample event of each type, HTTP 400/401/403/404/413/429/500/503,
 * timeouts, dropped and refused connections are classified, `performBatch` answers per item, and
 * secrets never appear in error messages — all against a real loopback HTTP server. With
 * `transport: 'none'` (plugins that do not use `ctx.request`) the HTTP checks are skipped.
 *
 * @example
 * // integrations/acme/src/conformance.test.ts
 * import { runConformanceSuite } from '@junction/testing';
 * import acme from './index.ts';
 * runConformanceSuite(acme, { settings: { apiKey: 'sk_test_1234567890' } });
 */
export function runConformanceSuite(definition: AnyIntegrationDefinition, options: ConformanceOptions): void {
  describe(`conformance: ${definition.slug}`, () => {
    let harness: TestIntegration | undefined;
    beforeAll(async () => {
      harness = await createTestIntegration(definition);
    });
    afterAll(async () => {
      await harness?.close();
    });
    beforeEach(() => {
      harness?.server.reset();
    });

    it('has a valid definition (slug, semver, settings schema, actions, mappings, FQL, delivery)', () => {
      expect(validateIntegrationDefinition(definition)).toEqual([]);
    });

    it('accepts the given settings, with every secret field filled', () => {
      expect(validateAgainst(definition.settings, options.settings, 'settings')).toEqual([]);
      expect(() => secretValues(definition, options.settings)).not.toThrow();
    });

    it('parses presets and default subscriptions as FQL', () => {
      const sources = [
        ...Object.entries(definition.actions).map(([id, a]) => [`actions.${id}.defaultSubscription`, a.defaultSubscription] as const),
        ...(definition.presets ?? []).map((p, i) => [`presets.${i}.trigger`, p.trigger] as const),
      ];
      for (const [path, source] of sources) expect(validateFql(source), path).toEqual({ valid: true });
    });

    for (const actionId of Object.keys(definition.actions)) actionSuite(definition, actionId, options, () => harness!);
  });
}
