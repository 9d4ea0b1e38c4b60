import { type AnyIntegrationDefinition, validateAgainst } from '@junction/core';

/**
 * Why an upgrade is refused, per settings field.
 *
 * @example
 * const p: UpgradeProblem = { field: 'apiKey', kind: 'added-required', message: 'apiKey is now required: supply it to upgrade' };
 */
export interface UpgradeProblem {
  field: string;
  kind: 'added-required' | 'dropped' | 'invalid';
  message: string;
}

/**
 * The verdict of {@link checkUpgrade}.
 *
 * @example
 * const r: UpgradeCheck = { ok: false, problems: [...], message: 'cannot upgrade acme 1.0.0 → 2.0.0: …' };
 */
export type UpgradeCheck = { ok: true } | { ok: false; problems: UpgradeProblem[]; message: string };

type Schema = { properties?: Record<string, unknown>; required?: string[] };

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

/**
 * Checks whether a destination's settings can move from one plugin version to another. Refused
 * (naming each field) when the new schema requires a setting the current settings lack, when a
 * setting that is set no longer exists in the new schema, or when the settings otherwise fail the
 * new schema. The admin passes the settings they intend to keep, including newly supplied values.
 *
 * @example
 * checkUpgrade(acmeV1, acmeV2, { apiKey: 'k' });
 * // { ok: false, problems: [{ field: 'region', kind: 'added-required', … }], message: 'cannot upgrade acme 1.0.0 → 2.0.0: region …' }
 */
export function checkUpgrade(fromDef: AnyIntegrationDefinition, toDef: AnyIntegrationDefinition, currentSettings: Record<string, unknown>): UpgradeCheck {
  const problems: UpgradeProblem[] = [];
  const from = fromDef.settings as Schema;
  const to = toDef.settings as Schema;
  if (fromDef.slug !== toDef.slug) {
    problems.push({ field: '(integration)', kind: 'invalid', message: `cannot change integration from "${fromDef.slug}" to "${toDef.slug}"` });
  }
  const toProps = to.properties ?? {};
  for (const field of to.required ?? []) {
    if (!isSet(currentSettings[field])) {
      const wasRequired = (from.required ?? []).includes(field);
      problems.push({ field, kind: 'added-required', message: `${field} is ${wasRequired ? 'required' : 'now required'} by ${toDef.version}: supply it to upgrade` });
    }
  }
  for (const [field, value] of Object.entries(currentSettings)) {
    if (isSet(value) && !(field in toProps)) {
      problems.push({ field, kind: 'dropped', message: `${field} is set but ${toDef.version} no longer has this setting: remove it (its value would be lost) to upgrade` });
    }
  }
  const reported = new Set(problems.map((p) => p.field));
  const kept = Object.fromEntries(Object.entries(currentSettings).filter(([field, value]) => field in toProps || isSet(value)));
  for (const issue of validateAgainst(toDef.settings, kept, '')) {
    const field = issue.path.split('.')[0] || '(root)';
    if (!reported.has(field)) problems.push({ field: issue.path || '(root)', kind: 'invalid', message: `${issue.path} ${issue.message}` });
  }
  if (problems.length === 0) return { ok: true };
  return { ok: false, problems, message: `cannot upgrade ${fromDef.slug} ${fromDef.version} → ${toDef.version}: ${problems.map((p) => p.message).join('; ')}` };
}
