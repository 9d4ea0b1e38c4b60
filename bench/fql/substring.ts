/**
 * Micro-benchmark of the precompiled string tests (`fql-substring.ts`) against the native
 * `includes` / `startsWith` they replace, on random strings (not the FQL bench's events): checks
 * that they are not a loss outside the realistic case. Prints a table; speedup > 1 = compiled wins.
 * Run from the repo root: `npx tsx bench/fql/substring.ts [rounds=41]`.
 */
import { compileIncludes, compilePrefix } from '../../packages/core/src/fql/fql-substring.ts';
import { rng } from './fql-events.ts';
import { makePass, type Predicate, race, type Timed } from './fql-measure.ts';

const rounds = Number(process.argv[2] ?? 41);
const r = rng(7);
const ALPHABETS = { url: 'abcdefghijklmnopqrstuvwxyz/.-_0123456789', ab: 'ab' } as const;
const word = (n: number, alphabet: string): string => Array.from({ length: n }, () => alphabet[Math.floor(r() * alphabet.length)]).join('');

type Row = { label: string; ours: Predicate; native: Predicate; events: object[] };
const rows: Row[] = [];
for (const [name, alphabet] of Object.entries(ALPHABETS)) {
  for (const len of [16, 40, 200, 2000]) {
    for (const m of [3, 9, 20]) {
      const needle = word(m, alphabet);
      // One string in four contains the needle at a random place.
      const events = Array.from({ length: 1000 }, () => {
        const s = word(len, alphabet);
        const at = Math.floor(r() * Math.max(1, len - m));
        return JSON.parse(JSON.stringify({ s: r() < 0.25 ? s.slice(0, at) + needle + s.slice(at + m) : s })) as object;
      });
      const test = compileIncludes(needle);
      const x = needle;
      rows.push({ label: `includes, ${name} alphabet, ${len} chars, needle ${m}`, ours: (e) => test((e as { s: string }).s), native: (e) => (e as { s: string }).s.includes(x), events });
    }
  }
}
for (const m of [4, 8, 16]) {
  const prefix = word(m, ALPHABETS.url);
  const events = Array.from({ length: 1000 }, () => {
    const s = word(40, ALPHABETS.url);
    return JSON.parse(JSON.stringify({ s: r() < 0.25 ? prefix + s : s })) as object;
  });
  const test = compilePrefix(prefix);
  rows.push({ label: `startsWith, 40 chars, prefix ${m}`, ours: (e) => test((e as { s: string }).s), native: (e) => (e as { s: string }).s.startsWith(prefix), events });
}

console.log(`precompiled string tests vs native — node ${process.version}, median of ${rounds} interleaved rounds\n`);
console.log('| case | compiled M/s | native M/s | speedup |\n|---|---|---|---|');
for (const row of rows) {
  const pair: [Timed, Timed] = [
    { fn: row.ours, pass: makePass() },
    { fn: row.native, pass: makePass() },
  ];
  if (pair[0].pass(pair[0].fn, row.events) !== pair[1].pass(pair[1].fn, row.events)) throw new Error(`results differ: ${row.label}`);
  const [res] = race([pair], row.events, rounds, 1);
  if (res) console.log(`| ${row.label} | ${(res.ours / 1e6).toFixed(1)} | ${(res.theirs / 1e6).toFixed(1)} | ${res.speedup.toFixed(2)}× |`);
}
