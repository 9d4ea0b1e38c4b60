/**
 * FQL benchmark: events/s of Junction's compiled FQL vs @segment/destination-subscriptions
 * (`validate(parseFql(x), event)`, AST parsed once) for ten realistic subscription expressions,
 * same events, same loop, same run, interleaved rounds, medians.
 * Run from the repo root: `npx tsx bench/fql/run.ts [rounds=101] [sampleMs=1] [events=1000] [shared]`.
 */
import { createRequire } from 'node:module';
import { compileFql } from '../../packages/core/src/fql/index.ts';
import { makeEvents } from './fql-events.ts';
import { makePass, type Predicate, race, type Timed } from './fql-measure.ts';

const require = createRequire(new URL('../../packages/core/package.json', import.meta.url));
const segment = require('@segment/destination-subscriptions') as {
  parseFql: (q: string) => unknown;
  validate: (ast: unknown, event: unknown) => boolean;
};

const EXPRESSIONS = [
  'type = "track"',
  'type = "track" and event = "Order Completed"',
  'event = "Order Completed" or event = "Product Added" or event = "Checkout Started"',
  'properties.revenue > 100',
  'type = "identify" and traits.email != null',
  'contains(context.page.url, "/checkout")',
  'match(event, "Product *")',
  'type = "track" and (properties.plan = "pro" or properties.plan = "enterprise")',
  'userId != null and properties.total >= 50 and properties.currency = "USD"',
  'context.library.name = "analytics.js" and (properties.coupon = null or properties.discount < 10)',
];

const rounds = Number(process.argv[2] ?? 101);
const sampleMs = Number(process.argv[3] ?? 1);
const events = makeEvents(Number(process.argv[4] ?? 1000));
const shared = process.argv[5] === 'shared';

// All twenty predicates are compiled before any runs, as in a process holding many subscriptions
// (the compiler's closures share V8 feedback across queries).
const pairs = EXPRESSIONS.map((q): [Timed, Timed] => {
  const ast = segment.parseFql(q);
  const theirs: Predicate = (e) => segment.validate(ast, e);
  return [
    { fn: compileFql(q), pass: makePass(shared) },
    { fn: theirs, pass: makePass(shared) },
  ];
});
// Every predicate runs once before any timing, and the match counts must agree.
const matches = pairs.map(([ours, theirs], i) => {
  const [a, b] = [ours.pass(ours.fn, events), theirs.pass(theirs.fn, events)];
  if (a !== b) throw new Error(`results differ for ${EXPRESSIONS[i]}: ${a} vs ${b}`);
  return a;
});
const results = race(pairs, events, rounds, sampleMs);

const fmt = (n: number): string => `${(n / 1e6).toFixed(1)} M`;
const header = ['expression', 'junction ev/s', 'destination-subscriptions ev/s', 'speedup', 'matches'];
console.log(`FQL bench — node ${process.version}, ${events.length} JSON-parsed events, ${shared ? 'one shared' : 'own'} timing loop per predicate, median of ${rounds} interleaved rounds of ~${sampleMs} ms per side\n`);
console.log(`| ${header.join(' | ')} |`);
console.log(`|${header.map(() => '---').join('|')}|`);
results.forEach((r, i) => {
  console.log(`| \`${EXPRESSIONS[i]}\` | ${fmt(r.ours)} | ${fmt(r.theirs)} | ${r.speedup.toFixed(1)}× | ${matches[i]}/${events.length} |`);
});
const worst = Math.min(...results.map((r) => r.speedup));
const met = results.filter((r) => r.speedup >= 5).length;
console.log(`\nslowest speedup: ${worst.toFixed(1)}×; ${met}/${results.length} expressions at ≥ 5×`);
