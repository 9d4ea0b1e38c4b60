/**
 * Fuzz: no input crashes or hangs the parser. "Hangs" is checked deterministically: the parser's
 * step counter must stay within 6 × the number of tokens (and the lexer is a single forward pass),
 * so time per input is linear in its (≤ 5 KB) size. No wall-clock assertions.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileFqlNode } from './fql-compiler.ts';
import { FQL_MAX_DEPTH, parseFqlWithStats } from './fql-parser.ts';
import { FqlSyntaxError } from './fql-syntax-error.ts';

const EVENT = { type: 'track', event: 'A', properties: { a: 1, b: 'x', c: [1, 'x'], d: { e: true } } };

/** Parses; on success compiles and evaluates. Returns 'ok' or 'syntax'; anything else throws. */
function exercise(source: string): 'ok' | 'syntax' {
  let parsed: ReturnType<typeof parseFqlWithStats>;
  try {
    parsed = parseFqlWithStats(source);
  } catch (error) {
    if (error instanceof FqlSyntaxError) {
      expect(error.line).toBeGreaterThanOrEqual(1);
      expect(error.column).toBeGreaterThanOrEqual(1);
      expect(error.message.startsWith(`FQL syntax error at ${error.line}:${error.column}: `)).toBe(true);
      return 'syntax';
    }
    throw error;
  }
  const { ast, stats } = parsed;
  expect(stats.steps).toBeLessThanOrEqual(6 * stats.tokens);
  expect(stats.maxDepth).toBeLessThanOrEqual(FQL_MAX_DEPTH);
  const p = compileFqlNode(ast);
  expect(typeof p(EVENT)).toBe('boolean');
  expect(typeof p(null)).toBe('boolean');
  return 'ok';
}

const FRAGMENTS = [
  'type', 'event', 'properties.a', 'properties.c', 'properties.d.e', "properties['b']", 'x\\ y', '=', '!=', '<', '<=', '>', '>=',
  'and', 'or', 'in', '!', '(', ')', '[', ']', ',', '"x"', "'A'", '1', '-2.5', 'true', 'false', 'null', 'contains(', 'match(',
  'length(', 'lowercase(', 'typeof(', 'semver(', '"*"', '"[a-"', '\n', 'all', '"', '\\', '.', '🎉', 'é',
];

describe('FQL fuzz', () => {
  it('never crashes on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 120 }), fc.string({ unit: 'binary', maxLength: 120 }), fc.string({ unit: 'grapheme', maxLength: 60 })), (s) => {
        exercise(s);
      }),
      { numRuns: 1500, seed: 42 },
    );
  });

  it('never crashes on token soup, and some of it parses', () => {
    const outcomes = { ok: 0, syntax: 0 };
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...FRAGMENTS), fc.constantFrom('', ' ')), { maxLength: 25 }), (parts) => {
        outcomes[exercise(parts.map(([f, sp]) => f + sp).join(''))] += 1;
      }),
      { numRuns: 2500, seed: 43 },
    );
    expect(outcomes.ok).toBeGreaterThan(50);
    expect(outcomes.syntax).toBeGreaterThan(50);
  });

  it('stays bounded on pathological inputs up to the size limit', () => {
    const inputs = [
      '('.repeat(5000),
      `${'('.repeat(60)}a${')'.repeat(60)}`,
      '['.repeat(5000),
      '!'.repeat(5000),
      `a in [${'1,'.repeat(2000)}1]`,
      Array.from({ length: 400 }, (_, i) => `p${i} = ${i}`).join(' or '),
      `${'contains('.repeat(40)}a, "b"${')'.repeat(40)}`,
      `"${'\\'.repeat(4000)}`,
      'a\\'.repeat(2000),
      '\n'.repeat(5000),
      `match(event, "${'*a'.repeat(1000)}")`,
    ];
    for (const s of inputs) expect(['ok', 'syntax']).toContain(exercise(s));
  });
});
