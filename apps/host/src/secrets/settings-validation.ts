import { maskSecret, type SchemaIssue, secretFields, validateAgainst } from '@junction/core';

/**
 * Destination settings that do not fit the plugin's schema; `issues` names each field.
 *
 * @example
 * if (error instanceof SettingsValidationError) return c.json({ errors: error.issues.map((i) => ({ type: 'validation', field: i.path, message: i.message })) }, 422);
 */
export class SettingsValidationError extends Error {
  readonly issues: SchemaIssue[];
  constructor(issues: SchemaIssue[]) {
    super(`invalid settings: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`);
    this.name = 'SettingsValidationError';
    this.issues = issues;
  }
}

/**
 * The value at a path of keys in settings (undefined when absent).
 *
 * @example
 * getSettingsPath({ auth: { token: 't' } }, ['auth', 'token']); // 't'
 */
export function getSettingsPath(obj: unknown, keys: string[]): unknown {
  return keys.reduce<unknown>((o, k) => (typeof o === 'object' && o !== null ? (o as Record<string, unknown>)[k] : undefined), obj);
}

/**
 * Sets the value at a path of keys whose parent object exists.
 *
 * @example
 * setSettingsPath(settings, ['auth', 'token'], 'enc:v1:…');
 */
export function setSettingsPath(obj: Record<string, unknown>, keys: string[], value: unknown): void {
  const parent = getSettingsPath(obj, keys.slice(0, -1));
  if (typeof parent === 'object' && parent !== null) (parent as Record<string, unknown>)[keys.at(-1)!] = value;
}

/**
 * Validates settings against a plugin's settings schema; throws {@link SettingsValidationError}
 * naming every bad field (values are never echoed).
 *
 * @example
 * validateSettings(webhook.settings, { url: 'ftp://x' }); // throws 'invalid settings: settings.url must match pattern "^https?://"'
 */
export function validateSettings(schema: object, settings: unknown): void {
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) {
    throw new SettingsValidationError([{ path: 'settings', message: 'must be an object' }]);
  }
  const issues = validateAgainst(schema, settings, 'settings');
  if (issues.length > 0) throw new SettingsValidationError(issues);
}

/**
 * On update, a secret sent back in its redacted form (`••••1234`, as the API showed it) keeps the
 * stored value. A redacted form with nothing stored behind it is refused, naming the field.
 *
 * @example
 * keepRedactedSecrets(schema, { apiKey: '••••3456' }, { apiKey: 'sk_live_abcdef123456' }); // { apiKey: 'sk_live_abcdef123456' }
 */
export function keepRedactedSecrets<T extends Record<string, unknown>>(schema: object, incoming: T, previous: Record<string, unknown> | undefined): T {
  const out = structuredClone(incoming) as Record<string, unknown>;
  const issues: SchemaIssue[] = [];
  for (const path of secretFields(schema)) {
    const keys = path.split('.');
    const value = getSettingsPath(out, keys);
    if (typeof value !== 'string' || !value.startsWith('••••')) continue;
    const before = getSettingsPath(previous, keys);
    if (typeof before === 'string' && maskSecret(before) === value) setSettingsPath(out, keys, before);
    else issues.push({ path: `settings.${path}`, message: 'is a redacted placeholder: give the real value' });
  }
  if (issues.length > 0) throw new SettingsValidationError(issues);
  return out as T;
}

