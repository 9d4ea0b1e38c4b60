import { type AnyIntegrationDefinition, defineIntegration } from '@junction/core';
import { describe, expect, it } from 'vitest';
import { checkUpgrade } from './check-upgrade.ts';

function acme(version: string, properties: Record<string, object>, required: string[]): AnyIntegrationDefinition {
  return defineIntegration({
    slug: 'acme',
    name: 'Acme',
    version,
    description: 'Acme',
    categories: ['Analytics'],
    settings: { type: 'object', properties, required, additionalProperties: false },
    actions: { send: { title: 'Send', description: 'Send', defaultSubscription: 'all', fields: { type: 'object' }, perform: async () => undefined } },
  }) as AnyIntegrationDefinition;
}

const v1 = acme('1.0.0', { apiKey: { type: 'string' }, legacyMode: { type: 'boolean' }, region: { type: 'string' } }, ['apiKey']);
const v2 = acme('2.0.0', { apiKey: { type: 'string' }, region: { type: 'string', enum: ['eu', 'us'] }, projectId: { type: 'string' } }, ['apiKey', 'projectId']);

describe('checkUpgrade', () => {
  it('accepts an upgrade whose settings still fit', () => {
    expect(checkUpgrade(v1, v2, { apiKey: 'k', projectId: 'p1', region: 'eu' })).toEqual({ ok: true });
  });

  it('refuses a new required setting the current settings lack, naming it', () => {
    const result = checkUpgrade(v1, v2, { apiKey: 'k' });
    expect(result).toMatchObject({ ok: false, problems: [{ field: 'projectId', kind: 'added-required' }] });
    if (!result.ok) expect(result.message).toBe('cannot upgrade acme 1.0.0 → 2.0.0: projectId is now required by 2.0.0: supply it to upgrade');
  });

  it('refuses dropping a setting that is set, and lists every problem', () => {
    const result = checkUpgrade(v1, v2, { apiKey: 'k', legacyMode: true, region: 'mars' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems.map((p) => [p.field, p.kind])).toEqual([
        ['projectId', 'added-required'],
        ['legacyMode', 'dropped'],
        ['region', 'invalid'],
      ]);
      expect(result.message).toContain('legacyMode is set but 2.0.0 no longer has this setting');
      expect(result.message).toContain('region must be equal to one of the allowed values');
    }
  });

  it('allows dropping a setting that is not set (empty or absent)', () => {
    expect(checkUpgrade(v1, v2, { apiKey: 'k', projectId: 'p', legacyMode: undefined })).toEqual({ ok: true });
  });

  it('refuses switching to another integration', () => {
    const other = { ...v2, slug: 'other' } as AnyIntegrationDefinition;
    expect(checkUpgrade(v1, other, { apiKey: 'k', projectId: 'p' })).toMatchObject({ ok: false, problems: [{ field: '(integration)' }] });
  });
});
