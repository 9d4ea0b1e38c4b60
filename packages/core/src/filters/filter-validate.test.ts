import { describe, expect, it } from 'vitest';
import { validateFilter } from './filter-validate.ts';

describe('validateFilter', () => {
  it('accepts a valid filter in Segment’s Public API shape', () => {
    expect(
      validateFilter({
        id: 'df_1',
        sourceId: 'src',
        destinationId: 'dst',
        title: 'Sample 10% of users',
        description: 'by userId',
        if: 'type = "track"',
        actions: [{ type: 'SAMPLE', percent: 0.1, path: 'userId' }, { type: 'DROP_PROPERTIES', fields: { properties: ['email'] } }],
        enabled: true,
      }),
    ).toEqual([]);
    expect(validateFilter({ title: 'all', if: 'all', actions: [{ type: 'DROP' }], enabled: false })).toEqual([]);
  });

  it('refuses an if that does not parse, with message and position', () => {
    expect(validateFilter({ title: 't', if: 'event = "a" and', actions: [{ type: 'DROP' }], enabled: true })).toEqual([
      { field: 'if', message: 'FQL syntax error at 1:16: expected a value after "and"' },
    ]);
  });

  it('names every bad field', () => {
    const issues = validateFilter({
      title: '',
      if: 3,
      enabled: 'yes',
      description: 5,
      actions: [{ type: 'SAMPLE', percent: 50 }, { type: 'SAMPLE', percent: 0.5, path: '' }, { type: 'KEEP' }, { type: 'ALLOW_PROPERTIES' }, { type: 'DROP_PROPERTIES', fields: { properties: 'email' } }, 7],
    });
    expect(issues.map((i) => i.field)).toEqual([
      'title',
      'if',
      'enabled',
      'description',
      'actions[0].percent',
      'actions[1].path',
      'actions[2].type',
      'actions[3].fields',
      'actions[4].fields.properties',
      'actions[5]',
    ]);
    expect(issues.find((i) => i.field === 'actions[0].percent')?.message).toBe('percent must be a number from 0 to 1 (0.1 = 10%), got 50');
    expect(issues.find((i) => i.field === 'actions[2].type')?.message).toMatch(/one of SAMPLE, DROP, DROP_PROPERTIES, ALLOW_PROPERTIES, got "KEEP"/);
  });

  it('refuses empty actions and non-objects', () => {
    expect(validateFilter({ title: 't', if: 'all', actions: [], enabled: true })).toEqual([{ field: 'actions', message: 'actions must be a non-empty list, got []' }]);
    expect(validateFilter(null)).toEqual([{ field: '', message: 'a filter must be an object, got null' }]);
  });
});
