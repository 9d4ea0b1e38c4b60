/**
 * FQL value semantics: strict, type-aware equality and the FQL type names. A missing field is
 * `null`.
 */

/**
 * FQL equality: same type and equal; a missing field equals `null`; lists and objects compare by
 * their JSON encoding (so key order matters, as in Segment).
 * @example
 * fqlEquals(5, 5); // true
 * fqlEquals('5', 5); // false
 * fqlEquals(undefined, null); // true
 */
export function fqlEquals(a: unknown, b: unknown): boolean {
  const x = a === undefined ? null : a;
  const y = b === undefined ? null : b;
  if (x === y) return true;
  if (typeof x === 'object' && typeof y === 'object' && x !== null && y !== null) {
    return JSON.stringify(x) === JSON.stringify(y);
  }
  return false;
}

/**
 * The FQL type name of a value: "string", "number", "bool", "list", "object" or "null".
 * @example
 * fqlTypeOf([1]); // 'list'
 * fqlTypeOf(undefined); // 'null'
 */
export function fqlTypeOf(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'list';
  return typeof v;
}

/**
 * Number of UTF-8 bytes of a string (lone surrogates count as U+FFFD, 3 bytes).
 * @example
 * utf8Length('ア'); // 3
 */
export function utf8Length(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i += 1) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        bytes += 4;
        i += 1;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * The engine's canonical (internalized) copy of a string: the same characters, but comparisons with
 * other internalized strings (property keys, most short JSON-parsed strings) become pointer
 * checks, and it can be used as a property key without a string-table lookup per read.
 * Strings cut out of the query source are not internalized, so the compiler passes every key and
 * string constant through this once.
 * @example
 * internString('track' + ''); // 'track'
 */
export function internString(s: string): string {
  const keys = Object.keys({ [s]: 0 });
  return keys.length === 1 && keys[0] === s ? keys[0] : s;
}
