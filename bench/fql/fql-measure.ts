/**
 * Interleaved throughput measurement for the FQL benchmark: both predicates run through the same
 * loop function, alternately, in many short rounds; medians are reported.
 */

/** A predicate under test. */
export type Predicate = (event: object) => boolean;

/** A timing loop: runs `fn` over every event once, returns the number of matches. */
export type Pass = (fn: Predicate, events: readonly object[]) => number;

const PASS_BODY = 'let m = 0; for (let k = 0; k < events.length; k += 1) if (fn(events[k])) m += 1; return m;';
let loops = 0;

/**
 * A fresh timing loop. V8 shares type feedback (and optimised code) among all closures made from
 * one function literal, so a loop written once in the source and used for twenty predicates has a
 * megamorphic call site that inlines nothing and costs ~5 ns per event, the same for both sides,
 * which flattens every ratio. Each predicate therefore gets its own copy of the loop, compiled
 * from the fixed source above (never from user input; the numbered comment keeps V8's
 * compilation cache from handing back a shared copy), so each side is measured at its best.
 * `shared = true` returns one loop for all instead (the router-like, megamorphic case).
 * @example
 * const pass = makePass(); pass((e) => 'type' in e, [{ type: 'track' }]); // 1
 */
export function makePass(shared = false): Pass {
  if (shared) return sharedPass;
  loops += 1;
  return new Function('fn', 'events', `// timing loop ${loops}\n${PASS_BODY}`) as Pass;
}

const sharedPass: Pass = (fn, events) => {
  let m = 0;
  for (let k = 0; k < events.length; k += 1) if (fn(events[k] as object)) m += 1;
  return m;
};

/** Nanoseconds taken by `passes` passes of `fn` over `events` with loop `pass`. */
function timed(pass: Pass, fn: Predicate, events: readonly object[], passes: number): number {
  const start = process.hrtime.bigint();
  for (let p = 0; p < passes; p += 1) pass(fn, events);
  return Number(process.hrtime.bigint() - start);
}

/** Median of a non-empty list. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** Result for one pair: median events/s of each side and median per-round speedup. */
export interface RaceResult {
  ours: number;
  theirs: number;
  speedup: number;
}

/** A predicate with its own timing loop. */
export interface Timed {
  fn: Predicate;
  pass: Pass;
}

/** Passes over `events` that take about `sampleMs` for `t`, after ~50 ms of warm-up (JIT tiers). */
function passesFor(t: Timed, events: readonly object[], sampleMs: number): number {
  let passes = 1;
  while (timed(t.pass, t.fn, events, passes) < 2e6) passes *= 2;
  for (const end = Date.now() + 50; Date.now() < end; ) timed(t.pass, t.fn, events, passes);
  const perPass = timed(t.pass, t.fn, events, passes) / passes;
  return Math.max(1, Math.round((sampleMs * 1e6) / perPass));
}

/**
 * Races each `[ours, theirs]` pair on `events`: warm-up and calibration, then `rounds` rounds;
 * each round samples every pair once, both sides back to back for about `sampleMs` each, the side
 * that goes first alternating between rounds. Per pair, the speedup is the median of the
 * per-round ratios (the two samples of a ratio are adjacent in time, so load from other
 * processes on a shared machine hits both alike) and the events/s are medians too.
 * @example
 * const [r] = race([[ours, theirs]], events, 15, 20); // r = { ours, theirs, speedup }
 */
export function race(pairs: ReadonlyArray<readonly [Timed, Timed]>, events: readonly object[], rounds: number, sampleMs: number): RaceResult[] {
  const passes = pairs.map(([x, y]) => [passesFor(x, events, sampleMs), passesFor(y, events, sampleMs)] as const);
  const rate = (t: Timed, n: number): number => (n * events.length * 1e9) / timed(t.pass, t.fn, events, n);
  const samples = pairs.map(() => ({ a: [] as number[], b: [] as number[], ratio: [] as number[] }));
  for (let r = 0; r < rounds; r += 1) {
    pairs.forEach(([ours, theirs], i) => {
      const [na, nb] = passes[i] as readonly [number, number];
      let a: number;
      let b: number;
      if (r % 2 === 0) {
        a = rate(ours, na);
        b = rate(theirs, nb);
      } else {
        b = rate(theirs, nb);
        a = rate(ours, na);
      }
      const s = samples[i] as { a: number[]; b: number[]; ratio: number[] };
      s.a.push(a);
      s.b.push(b);
      s.ratio.push(a / b);
    });
  }
  return samples.map((s) => ({ ours: median(s.a), theirs: median(s.b), speedup: median(s.ratio) }));
}
