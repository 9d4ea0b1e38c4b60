import { describe, expect, it } from 'vitest';
import { isIntegrationEnabled } from './integrations-object.ts';

describe('isIntegrationEnabled', () => {
  it('defaults to All: true (absent, empty or non-object integrations)', () => {
    for (const integrations of [undefined, null, {}, 'All', []]) {
      expect(isIntegrationEnabled(integrations, 'Mixpanel')).toBe(true);
    }
  });

  it('an explicit false disables one destination, others stay on', () => {
    const integrations = { Mixpanel: false };
    expect(isIntegrationEnabled(integrations, 'Mixpanel')).toBe(false);
    expect(isIntegrationEnabled(integrations, 'Amplitude')).toBe(true);
  });

  it('All: false blocks every destination not named true', () => {
    const integrations = { All: false, Mixpanel: true, 'Google Analytics': false };
    expect(isIntegrationEnabled(integrations, 'Mixpanel')).toBe(true);
    expect(isIntegrationEnabled(integrations, 'Amplitude')).toBe(false);
    expect(isIntegrationEnabled(integrations, 'Google Analytics')).toBe(false);
  });

  it('All: false does not block warehouses; an explicit false does', () => {
    expect(isIntegrationEnabled({ All: false }, 'Postgres', { isWarehouse: true })).toBe(true);
    expect(isIntegrationEnabled({ All: false, Postgres: false }, 'Postgres', { isWarehouse: true })).toBe(false);
  });

  it('an options object counts as enabled, even an empty one and even under All: false', () => {
    expect(isIntegrationEnabled({ All: false, Amplitude: { session_id: 123 } }, 'Amplitude')).toBe(true);
    expect(isIntegrationEnabled({ All: false, Amplitude: {} }, 'Amplitude')).toBe(true);
  });

  it('names are case-sensitive (and so is All)', () => {
    expect(isIntegrationEnabled({ mixpanel: false }, 'Mixpanel')).toBe(true);
    expect(isIntegrationEnabled({ all: false }, 'Mixpanel')).toBe(true);
    expect(isIntegrationEnabled({ All: false, mixpanel: true }, 'Mixpanel')).toBe(false);
  });

  it('other values under a name fall back to the All default', () => {
    expect(isIntegrationEnabled({ Mixpanel: 'false' }, 'Mixpanel')).toBe(true);
    expect(isIntegrationEnabled({ All: false, Mixpanel: 'true' }, 'Mixpanel')).toBe(false);
    expect(isIntegrationEnabled({ All: false, Mixpanel: null }, 'Mixpanel')).toBe(false);
    expect(isIntegrationEnabled({ All: 0 }, 'Mixpanel')).toBe(true);
  });

  it('reads own keys only (a destination named like an Object.prototype member)', () => {
    expect(isIntegrationEnabled({ All: false }, 'constructor')).toBe(false);
    expect(isIntegrationEnabled({ All: false }, 'toString')).toBe(false);
    expect(isIntegrationEnabled({ toString: false }, 'toString')).toBe(false);
  });
});
