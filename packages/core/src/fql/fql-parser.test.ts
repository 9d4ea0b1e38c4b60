import { describe, expect, it } from 'vitest';
import { FQL_MAX_BYTES, parseFql } from './fql-parser.ts';
import { FqlSyntaxError } from './fql-syntax-error.ts';
import { validateFql } from './fql-validate.ts';

const strip = (node: unknown): unknown => JSON.parse(JSON.stringify(node, (k, v) => (k === 'pos' ? undefined : v)));
const syntaxError = (source: string): FqlSyntaxError => {
  try {
    parseFql(source);
  } catch (error) {
    if (error instanceof FqlSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(source)} to fail`);
};

describe('parseFql', () => {
  it('builds a tree with and above or, flattening chains', () => {
    expect(strip(parseFql('a = 1 or b = 2 and c = 3 and d = 4'))).toEqual({
      kind: 'or',
      children: [
        { kind: 'compare', op: '=', left: { kind: 'path', segments: ['a'] }, right: { kind: 'literal', value: 1 } },
        {
          kind: 'and',
          children: [
            { kind: 'compare', op: '=', left: { kind: 'path', segments: ['b'] }, right: { kind: 'literal', value: 2 } },
            { kind: 'compare', op: '=', left: { kind: 'path', segments: ['c'] }, right: { kind: 'literal', value: 3 } },
            { kind: 'compare', op: '=', left: { kind: 'path', segments: ['d'] }, right: { kind: 'literal', value: 4 } },
          ],
        },
      ],
    });
  });

  it('parses paths, literals, lists and calls', () => {
    expect(strip(parseFql("contains(properties.a\\.b['c d'][2], 'x') and x in [true, null, -1.5]"))).toEqual({
      kind: 'and',
      children: [
        { kind: 'call', name: 'contains', args: [{ kind: 'path', segments: ['properties', 'a.b', 'c d', '2'] }, { kind: 'literal', value: 'x' }] },
        {
          kind: 'in',
          left: { kind: 'path', segments: ['x'] },
          right: { kind: 'list', items: [{ kind: 'literal', value: true }, { kind: 'literal', value: null }, { kind: 'literal', value: -1.5 }] },
        },
      ],
    });
  });

  it('treats escaped keywords and keyword-prefixed names as paths', () => {
    expect(strip(parseFql('android = \\null'))).toEqual({
      kind: 'compare',
      op: '=',
      left: { kind: 'path', segments: ['android'] },
      right: { kind: 'path', segments: ['null'] },
    });
    expect(strip(parseFql('order = 1'))).toMatchObject({ left: { kind: 'path', segments: ['order'] } });
  });

  it('records 1-based positions across lines', () => {
    const ast = parseFql('type = "track"\n  and event = "x"');
    expect(ast.kind === 'and' && ast.children[1]!.pos).toEqual({ line: 2, column: 7, offset: 21 });
  });

  it('reports line, column and expectation on errors', () => {
    const e = syntaxError('userId != ');
    expect(e.message).toBe('FQL syntax error at 1:11: expected a value after "!="');
    expect([e.line, e.column, e.expected]).toEqual([1, 11, ['a value']]);

    const multi = syntaxError('type = "track" and\n  (event = "a" or');
    expect([multi.line, multi.column]).toEqual([2, 18]);
    expect(multi.reason).toBe('expected a value after "or"');

    expect(syntaxError('type = "track" event = "x"').reason).toBe('expected "and", "or" or end of input, got "event"');
    expect(syntaxError('(type = "track"').expected).toContain('")"');
    expect(syntaxError('type = "track")').reason).toBe('unexpected ")" without a matching "("');
    expect(syntaxError('foo(event)').reason).toBe('unknown function "foo"');
    expect(syntaxError('match(event)').reason).toBe('match() takes 2 arguments, got 1');
    expect(syntaxError('event = "x').reason).toMatch(/unterminated string/);
    expect(syntaxError('event == "x"').column).toBe(8);
    expect(syntaxError('a && b').reason).toMatch(/use "and"/);
    expect(syntaxError('properties. = 1').reason).toBe('expected a field name after "."');
    expect(syntaxError('').reason).toBe('the query is empty; expected a condition');
    expect(syntaxError('x in [1, 2').reason).toMatch(/expected "," or "]"/);
    expect(syntaxError('a = 1.').reason).toBe('expected a digit after the decimal point');
  });

  it('refuses queries over 5 KB and nesting over the depth limit', () => {
    const big = `event = "${'x'.repeat(FQL_MAX_BYTES)}"`;
    expect(syntaxError(big).message).toMatch(/the limit is 5120 bytes \(5 KB\)/);
    expect(() => parseFql(`event = "${'é'.repeat(2000)}"`)).not.toThrow();
    expect(syntaxError(`event = "${'é'.repeat(2600)}"`).reason).toMatch(/bytes/);
    expect(syntaxError(`${'('.repeat(100)}a${')'.repeat(100)}`).reason).toMatch(/nested more than 64/);
    expect(syntaxError(`${'!'.repeat(1000)}a`).reason).toMatch(/nested more than 64/);
  });
});

describe('validateFql', () => {
  it('returns valid or the message and position', () => {
    expect(validateFql('type = "track"')).toEqual({ valid: true });
    expect(validateFql('all')).toEqual({ valid: true });
    expect(validateFql('type = ')).toEqual({ valid: false, message: 'FQL syntax error at 1:8: expected a value after "="', line: 1, column: 8 });
  });
});
