/**
 * Field-path getters: compiled once per path, they walk own properties of objects and integer
 * indexes of arrays only (never the prototype chain, never `.length` of a string or array).
 */

import { keySlot, readKey } from './fql-key-slots.ts';
import { internString } from './fql-values.ts';

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

/** A path of 1 to 3 plain keys, pre-resolved for `readPlain` (keys interned, read slots assigned). */
export interface PlainPath {
  n: number;
  a: string;
  b: string;
  c: string;
  sa: number;
  sb: number;
  sc: number;
}

/**
 * Pre-resolves a path of 1 to 3 plain keys for `readPlain`; null for any other path.
 * @example
 * const p = plainPath(['context', 'page', 'url']); // { n: 3, a: 'context', … }
 */
export function plainPath(segments: readonly string[]): PlainPath | null {
  if (segments.length < 1 || segments.length > 3 || !segments.every(plain)) return null;
  const keys = segments.map(internString);
  const [a, b = '', c = ''] = keys;
  return { n: keys.length, a: a as string, b, c, sa: keySlot(a as string), sb: b ? keySlot(b) : 0, sc: c ? keySlot(c) : 0 };
}

/**
 * The value at a pre-resolved plain path, `undefined` when missing. A plain module function, so
 * V8 inlines it into each caller instead of a call through a closure variable.
 * @example
 * readPlain({ context: { page: { url: '/a' } } }, plainPath(['context', 'page', 'url'])!); // '/a'
 */
export function readPlain(e: unknown, p: PlainPath): unknown {
  if (!isObj(e)) return undefined;
  let o = readKey(e, p.a, p.sa);
  if (p.n === 1) return o;
  for (let i = 1; i < p.n; i += 1) {
    if (!isObj(o)) return undefined;
    o = i === 1 ? readKey(o, p.b, p.sb) : readKey(o, p.c, p.sc);
  }
  return o;
}

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
    const keys = segments.map(internString);
    const [a, b, c] = keys as [string, string, string];
    const [sa, sb, sc] = keys.map(keySlot) as [number, number, number];
    if (segments.length === 1) return (e) => (isObj(e) ? readKey(e, a, sa) : undefined);
    if (segments.length === 2) {
      return (e) => {
        if (!isObj(e)) return undefined;
        const x = readKey(e, a, sa);
        return isObj(x) ? readKey(x, b, sb) : undefined;
      };
    }
    if (segments.length === 3) {
      return (e) => {
        if (!isObj(e)) return undefined;
        const x = readKey(e, a, sa);
        if (!isObj(x)) return undefined;
        const y = readKey(x, b, sb);
        return isObj(y) ? readKey(y, c, sc) : undefined;
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
