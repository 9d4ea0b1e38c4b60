/**
 * Literal string tests compiled once per constant, for `contains()` and the literal shapes of
 * `match()`. They answer exactly like `String.prototype.includes` / `startsWith` / `endsWith`
 * (UTF-16 code units), but do the per-pattern work at compile time: V8's `includes` rebuilds its
 * Boyer–Moore–Horspool tables on every call, which is most of the cost of a search in a short
 * field such as a URL; a prefix or suffix of known length is a few inlined `charCodeAt` compares
 * instead of a builtin call.
 */

/** Needles shorter than this use the native search (its memchr-like scan is faster). */
const MIN_HORSPOOL = 4;
/** Horspool shifts are stored in bytes; longer needles use the native search. */
const MAX_HORSPOOL = 255;
/** Prefixes / suffixes longer than this use the native `startsWith` / `endsWith`. */
const MAX_UNROLLED = 32;

const codesOf = (x: string): Uint16Array => Uint16Array.from({ length: x.length }, (_, i) => x.charCodeAt(i));

/**
 * `(s) => s.includes(needle)`, as a Boyer–Moore–Horspool search whose shift table is built once,
 * for strings up to `4 × needle.length + 16` code units (field values such as URLs, names); longer
 * strings and needles under 4 units use the native `includes`. The table is indexed by the low
 * byte of each code unit (a shared bucket keeps the smallest shift, so it never skips a match).
 * Work on one string is linear: when partial matches have cost more than the string's length, it
 * finishes with the native `includes`.
 * @example
 * const hasCheckout = compileIncludes('/checkout');
 * hasCheckout('https://shop.example.com/checkout/step-1'); // true
 * hasCheckout('https://shop.example.com/'); // false
 */
export function compileIncludes(needle: string): (s: string) => boolean {
  const m = needle.length;
  if (m < MIN_HORSPOOL || m > MAX_HORSPOOL) return (s) => s.includes(needle);
  const last = m - 1;
  const lastCode = needle.charCodeAt(last);
  const codes = codesOf(needle);
  const shift = new Uint8Array(256).fill(m);
  for (let i = 0; i < last; i += 1) {
    const b = needle.charCodeAt(i) & 0xff;
    shift[b] = Math.min(shift[b] as number, last - i);
  }
  // Past this length the native search (memchr-like scan for the first unit, no per-unit JS work)
  // wins on random text; below it the table built once here wins (bench/fql/substring.ts).
  const maxLength = 4 * m + 16;
  return (s) => {
    const n = s.length;
    if (n < m) return false;
    if (n > maxLength) return s.includes(needle);
    let budget = n;
    for (let i = last; i < n; ) {
      const c = s.charCodeAt(i);
      if (c === lastCode) {
        const start = i - last;
        let k = 0;
        while (k < last && s.charCodeAt(start + k) === codes[k]) k += 1;
        if (k === last) return true;
        budget -= k;
        if (budget < 0) return s.includes(needle);
      }
      i += shift[c & 0xff] as number;
    }
    return false;
  };
}

/**
 * `(s) => s.startsWith(prefix)`, comparing the known code units in place.
 * @example
 * const isProduct = compilePrefix('Product ');
 * isProduct('Product Added'); // true
 * isProduct('Page Viewed'); // false
 */
export function compilePrefix(prefix: string): (s: string) => boolean {
  const n = prefix.length;
  if (n > MAX_UNROLLED) return (s) => s.startsWith(prefix);
  const codes = codesOf(prefix);
  return (s) => {
    if (s.length < n) return false;
    for (let k = 0; k < n; k += 1) if (s.charCodeAt(k) !== codes[k]) return false;
    return true;
  };
}

/**
 * `(s) => s.endsWith(suffix)`, comparing the known code units in place, last one first.
 * @example
 * const isCompleted = compileSuffix(' Completed');
 * isCompleted('Order Completed'); // true
 */
export function compileSuffix(suffix: string): (s: string) => boolean {
  const n = suffix.length;
  if (n > MAX_UNROLLED) return (s) => s.endsWith(suffix);
  const codes = codesOf(suffix);
  return (s) => {
    const off = s.length - n;
    if (off < 0) return false;
    for (let k = n - 1; k >= 0; k -= 1) if (s.charCodeAt(off + k) !== codes[k]) return false;
    return true;
  };
}
