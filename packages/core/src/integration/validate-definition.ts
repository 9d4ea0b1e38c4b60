import { validateMapping } from '../mapping/index.ts';
import { fqlIssues } from './fql-check.ts';
import type { AnyIntegrationDefinition } from './integration-types.ts';
import { type Issue, SECRET_KEYWORD, schemaError } from './schema-compiler.ts';
import { secretFields } from './secrets.ts';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
// semver.org's official pattern
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;
const ACTION_KEY = /^[a-zA-Z][a-zA-Z0-9_-]*$/;

type Def = Record<string, unknown>;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkString(def: Def, key: string, issues: Issue[], optional = false): void {
  const v = def[key];
  if (v === undefined && optional) return;
  if (typeof v !== 'string' || v.trim() === '') issues.push({ path: key, message: 'must be a non-empty string' });
}

function checkPositive(value: unknown, path: string, issues: Issue[], allowZero = false): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    issues.push({ path, message: `must be a ${allowZero ? 'non-negative' : 'positive'} number` });
  }
}

function checkObjectSchema(schema: unknown, path: string, issues: Issue[]): boolean {
  if (!isObject(schema) || schema.type !== 'object') {
    issues.push({ path, message: 'must be a JSON Schema with type "object"' });
    return false;
  }
  const error = schemaError(schema);
  if (error) issues.push({ path, message: `is not a valid JSON Schema: ${error}` });
  return error === undefined;
}

function checkSettings(def: Def, issues: Issue[]): void {
  if (!checkObjectSchema(def.settings, 'settings', issues)) return;
  for (const path of secretFields(def.settings as object)) {
    const node = path.split('.').reduce<unknown>((s, k) => (s as { properties: Record<string, unknown> }).properties[k], def.settings);
    if (!isObject(node) || node.type !== 'string') {
      issues.push({ path: `settings.properties.${path.split('.').join('.properties.')}`, message: `is marked "${SECRET_KEYWORD}" but is not of type "string"` });
    }
  }
}

function checkActions(def: Def, issues: Issue[]): void {
  if (!isObject(def.actions) || Object.keys(def.actions).length === 0) {
    issues.push({ path: 'actions', message: 'must declare at least one action' });
    return;
  }
  for (const [key, action] of Object.entries(def.actions)) {
    const base = `actions.${key}`;
    if (!ACTION_KEY.test(key)) issues.push({ path: base, message: 'action keys must start with a letter and hold only letters, digits, "_" or "-"' });
    if (!isObject(action)) {
      issues.push({ path: base, message: 'must be an object' });
      continue;
    }
    for (const field of ['title', 'description'] as const) {
      if (typeof action[field] !== 'string' || action[field] === '') issues.push({ path: `${base}.${field}`, message: 'must be a non-empty string' });
    }
    if (typeof action.perform !== 'function') issues.push({ path: `${base}.perform`, message: 'must be a function' });
    if (action.performBatch !== undefined && typeof action.performBatch !== 'function') {
      issues.push({ path: `${base}.performBatch`, message: 'must be a function when present' });
    }
    if (typeof action.defaultSubscription !== 'string') {
      issues.push({ path: `${base}.defaultSubscription`, message: 'must be an FQL string' });
    } else {
      issues.push(...fqlIssues(action.defaultSubscription, `${base}.defaultSubscription`));
    }
    if (!checkObjectSchema(action.fields, `${base}.fields`, issues)) continue;
    const properties = (action.fields as { properties?: Record<string, unknown> }).properties ?? {};
    for (const [name, schema] of Object.entries(properties)) {
      if (isObject(schema) && 'default' in schema) {
        issues.push(...validateMapping(schema.default, { basePath: `${base}.fields.properties.${name}.default` }));
      }
    }
  }
}

function checkPresets(def: Def, issues: Issue[]): void {
  if (def.presets === undefined) return;
  if (!Array.isArray(def.presets)) {
    issues.push({ path: 'presets', message: 'must be an array' });
    return;
  }
  const actions = isObject(def.actions) ? def.actions : {};
  for (const [i, preset] of def.presets.entries()) {
    const base = `presets.${i}`;
    if (!isObject(preset)) {
      issues.push({ path: base, message: 'must be an object' });
      continue;
    }
    if (typeof preset.name !== 'string' || preset.name === '') issues.push({ path: `${base}.name`, message: 'must be a non-empty string' });
    if (typeof preset.actionId !== 'string' || !(preset.actionId in actions)) {
      issues.push({ path: `${base}.actionId`, message: `names no action of this integration (actions: ${Object.keys(actions).join(', ')})` });
    }
    if (typeof preset.trigger !== 'string') issues.push({ path: `${base}.trigger`, message: 'must be an FQL string' });
    else issues.push(...fqlIssues(preset.trigger, `${base}.trigger`));
    if (preset.mapping !== undefined) issues.push(...validateMapping(preset.mapping, { basePath: `${base}.mapping` }));
  }
}

function checkDelivery(def: Def, issues: Issue[]): void {
  const d = def.delivery;
  if (d === undefined) return;
  if (!isObject(d)) {
    issues.push({ path: 'delivery', message: 'must be an object' });
    return;
  }
  if (d.batch !== undefined) {
    const b = isObject(d.batch) ? d.batch : {};
    for (const k of ['maxCount', 'maxBytes'] as const) {
      if (!Number.isInteger(b[k]) || (b[k] as number) < 1) issues.push({ path: `delivery.batch.${k}`, message: 'must be a positive integer' });
    }
    if (b.maxWaitMs === undefined) issues.push({ path: 'delivery.batch.maxWaitMs', message: 'must be a non-negative number' });
    checkPositive(b.maxWaitMs, 'delivery.batch.maxWaitMs', issues, true);
    const batchable = isObject(def.actions) && Object.values(def.actions).some((a) => isObject(a) && typeof a.performBatch === 'function');
    if (!batchable) issues.push({ path: 'delivery.batch', message: 'is set but no action has performBatch' });
  }
  if (d.rateLimit !== undefined) {
    const r = isObject(d.rateLimit) ? d.rateLimit : {};
    if (r.perSecond === undefined) issues.push({ path: 'delivery.rateLimit.perSecond', message: 'must be a positive number' });
    checkPositive(r.perSecond, 'delivery.rateLimit.perSecond', issues);
    checkPositive(r.burst, 'delivery.rateLimit.burst', issues);
  }
  if (d.concurrency !== undefined && (!Number.isInteger(d.concurrency) || (d.concurrency as number) < 1)) {
    issues.push({ path: 'delivery.concurrency', message: 'must be a positive integer' });
  }
  checkPositive(d.timeoutMs, 'delivery.timeoutMs', issues);
  if (d.retry !== undefined) {
    const r = isObject(d.retry) ? d.retry : {};
    for (const k of ['maxAgeMs', 'initialDelayMs', 'maxDelayMs'] as const) {
      if (r[k] === undefined) issues.push({ path: `delivery.retry.${k}`, message: 'must be a positive number' });
      checkPositive(r[k], `delivery.retry.${k}`, issues);
    }
    if (typeof r.initialDelayMs === 'number' && typeof r.maxDelayMs === 'number' && r.maxDelayMs < r.initialDelayMs) {
      issues.push({ path: 'delivery.retry.maxDelayMs', message: 'must be at least initialDelayMs' });
    }
  }
}

/**
 * Checks a plugin definition and returns every problem with the path of the field at fault
 * (empty array = valid): slug, semver, metadata, settings JSON Schema (ajv strict; `x-secret` only on
 * strings), actions (perform, fields schema, default mappings, FQL), presets, delivery policy.
 *
 * @example
 * validateIntegrationDefinition({ ...webhook, slug: 'Web Hook' });
 * // [{ path: 'slug', message: 'must be kebab-case (a-z, 0-9, "-"), e.g. "google-analytics"' }]
 */
export function validateIntegrationDefinition(definition: AnyIntegrationDefinition | Record<string, unknown>): Issue[] {
  const def = definition as Def;
  const issues: Issue[] = [];
  if (typeof def.slug !== 'string' || !SLUG.test(def.slug) || def.slug.length > 64) {
    issues.push({ path: 'slug', message: 'must be kebab-case (a-z, 0-9, "-"), e.g. "google-analytics"' });
  }
  checkString(def, 'name', issues);
  if (typeof def.version !== 'string' || !SEMVER.test(def.version)) issues.push({ path: 'version', message: 'must be a semver version such as "1.2.3"' });
  checkString(def, 'description', issues);
  if (!Array.isArray(def.categories) || def.categories.some((c) => typeof c !== 'string' || c === '')) {
    issues.push({ path: 'categories', message: 'must be an array of non-empty strings' });
  }
  checkString(def, 'logo', issues, true);
  if (def.website !== undefined && (typeof def.website !== 'string' || !URL.canParse(def.website))) {
    issues.push({ path: 'website', message: 'must be an absolute URL' });
  }
  checkSettings(def, issues);
  checkActions(def, issues);
  checkPresets(def, issues);
  checkDelivery(def, issues);
  for (const fn of ['errors', 'testConnection'] as const) {
    if (def[fn] !== undefined && typeof def[fn] !== 'function') issues.push({ path: fn, message: 'must be a function when present' });
  }
  return issues;
}

/**
 * Throws one `Error` listing every problem of an invalid definition (hosts call this when loading a plugin).
 *
 * @example
 * assertValidIntegration(webhook); // returns the definition, or throws 'integration "x" is invalid: slug must be …'
 */
export function assertValidIntegration<T extends AnyIntegrationDefinition>(definition: T): T {
  const issues = validateIntegrationDefinition(definition);
  if (issues.length > 0) {
    const slug = typeof definition.slug === 'string' ? definition.slug : '?';
    throw new Error(`integration "${slug}" is invalid: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`);
  }
  return definition;
}
