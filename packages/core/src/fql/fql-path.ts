/**
 * Field-path getters: compiled once per path, they walk own properties of objects and integer
 * indexes of arrays only (never the prototype chain, never `.length` of a string or array).
 */

/** A value getter: returns the value at a path, `undefined` when missing. */
export type FqlGetter = (event: unknown) => unknown;

const INDEX = /^(0|[1-9]\d{0,8})$/;

const isRecord = (o: unknown): o is Record<string, unknown> => typeof o === 'object' && o !== null && !Array.isArray(o);

function stepper(key: string): (o: unknown) => unknown {
  if (INDEX.test(key)) {
    const idx = Number(key);
    return (o) => (Array.isArray(o) ? o[idx] : isRecord(o) ? o[key] : undefined);
  }
  if (key in Object.prototype) {
    return (o) => (isRecord(o) && Object.hasOwn(o, key) ? o[key] : undefined);
  }
  return (o) => (isRecord(o) ? o[key] : undefined);
}

/** Keys safe to read with `o[k]` on any non-null object (no index, no inherited member). */
export const isPlainKey = (k: string): boolean => !INDEX.test(k) && !(k in Object.prototype) && !(k in Array.prototype);
const plain = isPlainKey;
const isObj = (o: unknown): o is Record<string, unknown> => typeof o === 'object' && o !== null;

/**
 * Compiles a getter for a field path given as segments.
 * @example
 * const get = compilePath(['properties', 'items', '0', 'sku']);
 * get({ properties: { items: [{ sku: 'A1' }] } }); // 'A1'
 * get({ properties: { items: 'no' } }); // undefined
 */
export function compilePath(segments: readonly string[]): FqlGetter {
  if (segments.every(plain)) {
    // Plain keys read `undefined` on arrays too, so `typeof === 'object'` is enough here.
    const [a, b, c] = segments as [string, string, string];
    if (segments.length === 1) return (e) => (isObj(e) ? e[a] : undefined);
    if (segments.length === 2) {
      return (e) => {
        if (!isObj(e)) return undefined;
        const x = e[a];
        return isObj(x) ? x[b] : undefined;
      };
    }
    if (segments.length === 3) {
      return (e) => {
        if (!isObj(e)) return undefined;
        const x = e[a];
        if (!isObj(x)) return undefined;
        const y = x[b];
        return isObj(y) ? y[c] : undefined;
      };
    }
    return (e) => {
      let o: unknown = e;
      for (const k of segments) {
        if (!isObj(o)) return undefined;
        o = o[k];
      }
      return o;
    };
  }
  const steps = segments.map(stepper);
  return (e) => {
    let o: unknown = e;
    for (const s of steps) {
      o = s(o);
      if (o === undefined) return undefined;
    }
    return o;
  };
}
