/**
 * Differential test: on the language subset that @segment/destination-subscriptions implements
 * faithfully, compileFql must agree with `validate(parseFql(x), event)` for random queries × events.
 */
import { parseFql as segmentParse, validate as segmentValidate } from '@segment/destination-subscriptions';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileFql } from './fql-compiler.ts';

// Strings without `"` (Segment's lexer has no escapes) and without glob metacharacters.
const WORDS = ['Order Completed', 'track', 'identify', '', 'a', 'Ünïcødé 🎉', 'x)', '5', 'true', 'null', 'Order', 'Completed', 'ab c'];
const NESTED = ['properties.a', 'properties.b', 'properties.n', 'properties.obj.x', 'traits.a', 'traits.email', 'context.a', 'context.obj.x'];
const TOP_STRING_FIELDS = ['type', 'event', 'name', 'userId'];
const FUNC_FIELDS = ['event', 'name', 'userId', ...NESTED];

// Substrings of WORDS at the start, middle and end, for contains() and match().
const FRAGMENTS = ['Order', 'Completed', 'rder', 'ra', 'ck', 'c', '🎉', 'Ü', '', 'track', 'er Comple', 'nïcødé 🎉', 'dCo'];

const word = fc.constantFrom(...WORDS);
const fragment = fc.constantFrom(...FRAGMENTS);
const quoted = word.map((w) => `"${w}"`);
const num = fc.oneof(fc.integer({ min: -20, max: 20 }), fc.constantFrom(0.5, -1.25, 3.75)).map((n) => ({ n, text: String(n) }));

/** One condition of the subset. */
const condition: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(fc.constantFrom(...TOP_STRING_FIELDS), fc.constantFrom('=', '!='), quoted).map(([f, op, v]) => `${f} ${op} ${v}`),
  fc.tuple(fc.constantFrom('name', 'userId'), fc.constantFrom('= null', '!= null')).map(([f, t]) => `${f} ${t}`),
  fc.tuple(fc.constantFrom(...NESTED), fc.constantFrom('=', '!='), quoted).map(([f, op, v]) => `${f} ${op} ${v}`),
  fc.tuple(fc.constantFrom(...NESTED), fc.constantFrom('=', '<', '<=', '>', '>='), num).map(([f, op, v]) => `${f} ${op} ${v.text}`),
  fc.tuple(fc.constantFrom(...NESTED, 'userId'), fc.constantFrom('= true', '= false')).map(([f, t]) => `${f} ${t}`),
  fc.tuple(fc.constantFrom(...NESTED), fc.constantFrom('= null', '!= null')).map(([f, t]) => `${f} ${t}`),
  fc.tuple(fc.constantFrom(...FUNC_FIELDS), fragment).map(([f, v]) => `contains(${f}, "${v}")`),
  fc.tuple(fc.constantFrom(...FUNC_FIELDS), fragment, fc.boolean()).map(([f, w, prefix]) => `match(${f}, "${prefix ? `${w}*` : `*${w}`}")`),
);

/** Comparisons only (Segment's grouping stops at the first ")", so no function calls inside). */
const plainCondition = condition.filter((c) => !c.includes('('));

const group = fc
  .tuple(fc.array(plainCondition, { minLength: 1, maxLength: 4 }), fc.constantFrom('and', 'or'))
  .map(([cs, op]) => `(${cs.join(` ${op} `)})`);

const expression = fc
  .tuple(fc.array(fc.oneof({ weight: 3, arbitrary: condition }, { weight: 1, arbitrary: group }), { minLength: 1, maxLength: 4 }), fc.constantFrom('and', 'or'))
  .map(([items, op]) => items.join(` ${op} `));

// Leaves: every JSON type, biased to values the vocabulary above can hit.
const leaf = fc.oneof(
  { weight: 4, arbitrary: word },
  fc.integer({ min: -20, max: 20 }),
  fc.constantFrom(0.5, -1.25, 3.75),
  fc.boolean(),
  fc.constant(null),
  fc.array(word, { maxLength: 2 }),
  fc.dictionary(fc.constantFrom('x', 'y'), word, { maxKeys: 2 }),
);
// Containers are never falsy primitives (Segment's `get` returns 0/""/false for `0.x`).
const container = (keys: string[]) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.record(Object.fromEntries(keys.map((k) => [k, k === 'obj' ? fc.oneof(fc.dictionary(fc.constantFrom('x', 'y'), leaf, { maxKeys: 2 }), fc.constant(null), fc.constant('str'), fc.constant(7)) : leaf])), { requiredKeys: [] }) },
    { weight: 1, arbitrary: fc.constantFrom(null, 'text', 3, [1]) },
  );
const event = fc.record(
  {
    type: fc.oneof(fc.constantFrom('track', 'identify', 'page'), leaf),
    event: fc.oneof(word, leaf),
    name: leaf,
    userId: leaf,
    properties: container(['a', 'b', 'n', 'obj']),
    traits: container(['a', 'email']),
    context: container(['a', 'obj']),
  },
  { requiredKeys: [] },
);

describe('FQL vs @segment/destination-subscriptions (differential)', () => {
  it('agrees on thousands of random queries × events', () => {
    let compared = 0;
    let matched = 0;
    fc.assert(
      fc.property(expression, fc.array(event, { minLength: 12, maxLength: 12 }), (query, events) => {
        const ours = compileFql(query);
        const ast = segmentParse(query);
        expect('error' in ast ? String(ast.error) : 'ok').toBe('ok');
        for (const ev of events) {
          const want = segmentValidate(ast, ev);
          const got = ours(ev);
          if (got !== want) throw new Error(`disagree on ${query} with ${JSON.stringify(ev)}: ours ${got}, segment ${want}`);
          compared += 1;
          if (got) matched += 1;
        }
      }),
      { numRuns: 500, seed: 20240601 },
    );
    expect(compared).toBe(6000);
    // The generator must exercise both outcomes, or the comparison proves little.
    expect(matched).toBeGreaterThan(600);
    expect(compared - matched).toBeGreaterThan(600);
  });

  it('agrees on single conditions (no and/or masking)', () => {
    let compared = 0;
    fc.assert(
      fc.property(condition, fc.array(event, { minLength: 10, maxLength: 10 }), (query, events) => {
        const ours = compileFql(query);
        const ast = segmentParse(query);
        for (const ev of events) {
          const want = segmentValidate(ast, ev);
          if (ours(ev) !== want) throw new Error(`disagree on ${query} with ${JSON.stringify(ev)}: segment ${want}`);
          compared += 1;
        }
      }),
      { numRuns: 600, seed: 7 },
    );
    expect(compared).toBe(6000);
  });

  it('agrees on the documented examples', () => {
    const ev = { type: 'track', event: 'Order Completed', userId: 'u1', properties: { total: 120, coupon: null, sku: 'AB-1' }, context: { library: { name: 'analytics.js' } } };
    const queries = [
      'type = "track" and event = "Order Completed"',
      'properties.total > 100 and properties.total <= 120',
      'properties.coupon = null or properties.missing != null',
      'contains(context.library.name, "js") and match(properties.sku, "AB*")',
      'event = "Signed Up" or (type = "track" and userId != null)',
    ];
    for (const q of queries) expect(compileFql(q)(ev), q).toBe(segmentValidate(segmentParse(q), ev));
  });
});
