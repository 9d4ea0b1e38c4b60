/**
 * Segment's `integrations` object rules: the default is `{ All: true }`; `All: false` turns off
 * every destination not named, except warehouses; keys are exact, case-sensitive destination
 * names; `true` or an options object enables, `false` disables. Any other value under a name
 * (string, number, null) is ignored and the `All` default applies (Junction's reading).
 */
import { isPlainObject } from './merge-objects.ts';

/**
 * Options of `isIntegrationEnabled`.
 *
 * @example
 * const options: IntegrationCheckOptions = { isWarehouse: true };
 */
export interface IntegrationCheckOptions {
  /** Warehouses ignore `All: false` (only an explicit `false` under their name turns them off). */
  isWarehouse?: boolean;
}

/**
 * Whether an event's `integrations` object lets it go to the destination named `destinationName`.
 *
 * @example
 * isIntegrationEnabled(undefined, 'Mixpanel'); // true
 * isIntegrationEnabled({ All: false, Mixpanel: true }, 'Mixpanel'); // true
 * isIntegrationEnabled({ All: false }, 'Amplitude'); // false
 * isIntegrationEnabled({ All: false }, 'Postgres', { isWarehouse: true }); // true
 * isIntegrationEnabled({ Amplitude: { session_id: 1 } }, 'Amplitude'); // true
 * isIntegrationEnabled({ mixpanel: false }, 'Mixpanel'); // true (case-sensitive)
 */
export function isIntegrationEnabled(
  integrations: unknown,
  destinationName: string,
  options: IntegrationCheckOptions = {},
): boolean {
  if (!isPlainObject(integrations)) return true;
  if (Object.hasOwn(integrations, destinationName)) {
    const value = integrations[destinationName];
    if (value === false) return false;
    if (value === true || isPlainObject(value)) return true;
  }
  if (options.isWarehouse === true) return true;
  return !(Object.hasOwn(integrations, 'All') && integrations.All === false);
}
