/**
 * DROP_PROPERTIES and ALLOW_PROPERTIES: edit objects in place inside an (already cloned) event.
 * A field-list key is a dot path to an object (`''` = top level); a list of objects is edited
 * item by item; anything that is not an object is left alone.
 */
import { compilePath } from '../fql/fql-path.ts';

/**
 * A compiled field list: apply it to a payload in place.
 * @example
 * const drop = compileFieldEdit({ properties: ['email'] }, 'drop');
 * const e = { properties: { email: 'a@b.c', plan: 'pro' } };
 * drop(e); // e.properties is now { plan: 'pro' }
 */
export type FieldEdit = (payload: Record<string, unknown>) => void;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Compiles `fields` of a DROP_PROPERTIES (`mode: 'drop'`) or ALLOW_PROPERTIES (`'allow'`) action.
 * @example
 * compileFieldEdit({ '': ['type', 'event', 'properties'], properties: ['total'] }, 'allow');
 */
export function compileFieldEdit(fields: Record<string, string[]>, mode: 'drop' | 'allow'): FieldEdit {
  const targets = Object.entries(fields).map(([path, keys]) => ({
    get: path === '' ? (p: unknown) => p : compilePath(path.split('.')),
    keys: new Set(keys),
  }));
  const edit = (obj: unknown, keys: Set<string>): void => {
    if (!isRecord(obj)) return;
    if (mode === 'drop') {
      for (const k of keys) if (Object.hasOwn(obj, k)) delete obj[k];
    } else {
      for (const k of Object.keys(obj)) if (!keys.has(k)) delete obj[k];
    }
  };
  return (payload) => {
    for (const { get, keys } of targets) {
      const target = get(payload);
      if (Array.isArray(target)) for (const item of target) edit(item, keys);
      else edit(target, keys);
    }
  };
}
