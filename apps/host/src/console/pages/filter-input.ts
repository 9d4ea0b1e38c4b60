import type { FilterView } from './destination-pages.tsx';
import type { FilterValues } from './filter-pages.tsx';
import { type AdminError, formError } from './page-kit.ts';

/**
 * The form's text of a stored filter (one action in the simple fields; several in the JSON area).
 *
 * @example
 * filterToValues(filter, SAMPLE_EVENT).actionType; // 'DROP'
 */
export function filterToValues(f: FilterView, sample: string): FilterValues {
  const [a, ...more] = f.actions;
  const simple = a && more.length === 0 ? a : undefined;
  return {
    title: f.title,
    description: f.description ?? '',
    if: f.if,
    enabled: f.enabled,
    actionType: simple?.type ?? 'DROP',
    percent: simple?.percent === undefined ? '' : String(simple.percent),
    path: simple?.path ?? '',
    fields: Object.entries(simple?.fields ?? {}).map(([path, keys]) => `${path}: ${keys.join(', ')}`).join('\n'),
    actionsJson: simple ? '' : JSON.stringify(f.actions, null, 2),
    sample,
  };
}

/**
 * The filter's actions from the form (the admin API validates them); unreadable JSON is reported.
 *
 * @example
 * valuesToActions({ actionType: 'DROP_PROPERTIES', fields: 'properties: email', … }); // { actions: [{ type: 'DROP_PROPERTIES', fields: { properties: ['email'] } }], errors: [] }
 */
export function valuesToActions(v: FilterValues): { actions: unknown[]; errors: AdminError[] } {
  if (v.actionsJson.trim() !== '') {
    try {
      const parsed = JSON.parse(v.actionsJson) as unknown;
      if (Array.isArray(parsed)) return { actions: parsed, errors: [] };
    } catch {
      // reported below
    }
    return { actions: [], errors: [formError('actionsJson', 'actionsJson: must be a JSON array of actions, e.g. [{"type": "DROP"}]')] };
  }
  const action: Record<string, unknown> = { type: v.actionType };
  if (v.actionType === 'SAMPLE') {
    action.percent = v.percent.trim() === '' ? undefined : Number.isFinite(Number(v.percent)) ? Number(v.percent) : v.percent;
    if (v.path.trim() !== '') action.path = v.path.trim();
  }
  if (v.actionType === 'DROP_PROPERTIES' || v.actionType === 'ALLOW_PROPERTIES') {
    const fields: Record<string, string[]> = {};
    for (const line of v.fields.split(/\r?\n/)) {
      if (line.trim() === '') continue;
      const at = line.indexOf(':');
      const path = at < 0 ? 'properties' : line.slice(0, at).trim();
      fields[path] = (at < 0 ? line : line.slice(at + 1)).split(',').map((k) => k.trim()).filter(Boolean);
    }
    action.fields = fields;
  }
  return { actions: [action], errors: [] };
}

/**
 * Maps the admin API's filter error fields to the form's inputs (`actions[0].percent` → `percent`).
 *
 * @example
 * filterFieldAlias(false)('actions[0].percent'); // 'percent'
 */
export function filterFieldAlias(advanced: boolean): (field: string) => string {
  return (field) => {
    if (advanced && field.startsWith('actions')) return 'actionsJson';
    const m = /^actions(?:\[0\])?(?:\.(\w+))?/.exec(field);
    if (!m) return field;
    if (m[1] === 'percent' || m[1] === 'path' || m[1] === 'fields') return m[1];
    return 'actionType';
  };
}
