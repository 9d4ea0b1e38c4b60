import { describe, expect, it } from 'vitest';
import { acme } from './__fixtures__/acme-integration.ts';
import { assertValidIntegration, validateIntegrationDefinition } from './validate-definition.ts';

type Mutation = [string, (d: Record<string, unknown>) => void, string, RegExp];

function clone(): Record<string, unknown> {
  return { ...acme, actions: { track: { ...acme.actions.track } }, delivery: { ...acme.delivery }, presets: [...(acme.presets ?? [])] };
}

describe('validateIntegrationDefinition', () => {
  it('accepts a valid definition', () => {
    expect(validateIntegrationDefinition(acme)).toEqual([]);
  });

  const track = (d: Record<string, unknown>) => (d.actions as Record<string, Record<string, unknown>>).track!;
  const mutations: Mutation[] = [
    ['a slug with spaces', (d) => { d.slug = 'Acme Corp'; }, 'slug', /kebab-case/],
    ['a slug with a trailing dash', (d) => { d.slug = 'acme-'; }, 'slug', /kebab-case/],
    ['a missing name', (d) => { d.name = ''; }, 'name', /non-empty string/],
    ['a non-semver version', (d) => { d.version = '1.2'; }, 'version', /semver/],
    ['a version with a leading zero', (d) => { d.version = '01.2.3'; }, 'version', /semver/],
    ['categories that are not strings', (d) => { d.categories = [1]; }, 'categories', /array of non-empty strings/],
    ['a relative website', (d) => { d.website = '/acme'; }, 'website', /absolute URL/],
    ['settings that are not an object schema', (d) => { d.settings = { type: 'string' }; }, 'settings', /type "object"/],
    ['settings with an unknown type', (d) => { d.settings = { type: 'object', properties: { a: { type: 'strng' } } }; }, 'settings', /not a valid JSON Schema/],
    ['settings with an unknown keyword (ajv strict)', (d) => { d.settings = { type: 'object', properties: { a: { type: 'string', secret: true } } }; }, 'settings', /unknown keyword: "secret"/],
    ['settings with an unknown format', (d) => { d.settings = { type: 'object', properties: { a: { type: 'string', format: 'url-ish' } } }; }, 'settings', /unknown format "url-ish"/],
    ['a non-boolean x-secret', (d) => { d.settings = { type: 'object', properties: { a: { type: 'string', 'x-secret': 'yes' } } }; }, 'settings', /x-secret/],
    ['x-secret on a number', (d) => { d.settings = { type: 'object', properties: { pin: { type: 'number', 'x-secret': true } } }; }, 'settings.properties.pin', /not of type "string"/],
    ['x-secret on a nested non-string', (d) => { d.settings = { type: 'object', properties: { auth: { type: 'object', properties: { key: { type: 'integer', 'x-secret': true } } } } }; }, 'settings.properties.auth.properties.key', /not of type "string"/],
    ['no actions', (d) => { d.actions = {}; }, 'actions', /at least one action/],
    ['an action key with spaces', (d) => { d.actions = { 'send it': track(d) }; }, 'actions.send it', /start with a letter/],
    ['an action without perform', (d) => { delete track(d).perform; }, 'actions.track.perform', /must be a function/],
    ['a non-function performBatch', (d) => { track(d).performBatch = 'yes'; }, 'actions.track.performBatch', /must be a function/],
    ['an action without title', (d) => { track(d).title = ''; }, 'actions.track.title', /non-empty string/],
    ['a missing defaultSubscription', (d) => { delete track(d).defaultSubscription; }, 'actions.track.defaultSubscription', /FQL string/],
    ['an empty defaultSubscription', (d) => { track(d).defaultSubscription = ' '; }, 'actions.track.defaultSubscription', /FQL/],
    ['a defaultSubscription that is not FQL', (d) => { track(d).defaultSubscription = 'type = '; }, 'actions.track.defaultSubscription', /is not valid FQL \(line 1, column 8\)/],
    ['a preset trigger that is not FQL', (d) => { d.presets = [{ name: 'P', actionId: 'track', trigger: 'type == "track" and (' }]; }, 'presets.0.trigger', /is not valid FQL \(line 1, column \d+\)/],
    ['fields that are not an object schema', (d) => { track(d).fields = { type: 'array' }; }, 'actions.track.fields', /type "object"/],
    ['an invalid field default mapping', (d) => { track(d).fields = { type: 'object', properties: { name: { type: 'string', default: { '@path': '$.a..b' } } } }; }, 'actions.track.fields.properties.name.default', /./],
    ['a preset naming an unknown action', (d) => { d.presets = [{ name: 'P', actionId: 'identify', trigger: 'type = "identify"' }]; }, 'presets.0.actionId', /no action.*track/],
    ['a preset without a name', (d) => { d.presets = [{ name: '', actionId: 'track', trigger: 'type = "track"' }]; }, 'presets.0.name', /non-empty/],
    ['a preset with an invalid mapping', (d) => { d.presets = [{ name: 'P', actionId: 'track', trigger: 'type = "track"', mapping: { name: { '@nope': 1 } } }]; }, 'presets.0.mapping', /./],
    ['a zero batch count', (d) => { d.delivery = { batch: { maxCount: 0, maxBytes: 10, maxWaitMs: 0 } }; }, 'delivery.batch.maxCount', /positive integer/],
    ['batching without performBatch', (d) => { delete track(d).performBatch; }, 'delivery.batch', /no action has performBatch/],
    ['a negative rate limit', (d) => { d.delivery = { rateLimit: { perSecond: -1 } }; }, 'delivery.rateLimit.perSecond', /positive/],
    ['a fractional concurrency', (d) => { d.delivery = { concurrency: 1.5 }; }, 'delivery.concurrency', /positive integer/],
    ['a zero timeout', (d) => { d.delivery = { timeoutMs: 0 }; }, 'delivery.timeoutMs', /positive/],
    ['a retry whose max delay is below the initial delay', (d) => { d.delivery = { retry: { maxAgeMs: 10, initialDelayMs: 5, maxDelayMs: 1 } }; }, 'delivery.retry.maxDelayMs', /initialDelayMs/],
    ['a retry missing maxAgeMs', (d) => { d.delivery = { retry: { initialDelayMs: 5, maxDelayMs: 10 } }; }, 'delivery.retry.maxAgeMs', /positive/],
    ['a non-function errors mapping', (d) => { d.errors = { 400: 'X' }; }, 'errors', /function/],
  ];

  it.each(mutations)('refuses %s', (_label, mutate, path, message) => {
    const def = clone();
    mutate(def);
    const issues = validateIntegrationDefinition(def);
    const hit = issues.find((i) => i.path === path || i.path.startsWith(`${path}.`));
    expect(hit, JSON.stringify(issues)).toBeDefined();
    expect(hit!.message).toMatch(message);
  });

  it('assertValidIntegration throws one error naming every problem', () => {
    expect(() => assertValidIntegration({ ...acme, slug: 'Bad Slug', version: 'x' })).toThrow(
      /integration "Bad Slug" is invalid: slug must be kebab-case.*; version must be a semver/,
    );
    expect(assertValidIntegration(acme)).toBe(acme);
  });
});
