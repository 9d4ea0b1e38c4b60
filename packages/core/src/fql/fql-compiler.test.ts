import { describe, expect, it } from 'vitest';
import { compileFql } from './fql-compiler.ts';

const ev = {
  type: 'track',
  event: 'Order Completed',
  userId: 'u-1',
  context: { library: { name: 'analytics.js', version: '1.0' }, ip: '10.0.0.1' },
  properties: {
    total: 120,
    price: 19.99,
    coupon: null,
    vip: true,
    zero: 0,
    tags: ['sale', 'new', 3, null],
    items: [{ sku: 'A1' }, { sku: 'B2' }],
    'product 1': { price: '19.99' },
    prénom: 'Zoë',
    city: '東京',
    emoji: '🎉🎉',
  },
};
const run = (q: string, e: unknown = ev): boolean => compileFql(q)(e);

describe('compileFql: comparisons and types', () => {
  it('compares strings, numbers, booleans strictly by type', () => {
    expect(run('event = "Order Completed"')).toBe(true);
    expect(run("event = 'Order Completed'")).toBe(true);
    expect(run('event = "order completed"')).toBe(false); // case-sensitive
    expect(run('properties.total = 120')).toBe(true);
    expect(run('properties.total = "120"')).toBe(false); // type mismatch
    expect(run('properties.total != "120"')).toBe(true);
    expect(run('properties.vip = true')).toBe(true);
    expect(run('properties.vip = "true"')).toBe(false);
    expect(run('properties.zero = false')).toBe(false);
    expect(run('properties.price >= 19.99 and properties.price < 20')).toBe(true);
    expect(run('properties.total > -1 and properties.total <= +120')).toBe(true);
  });

  it('treats ordering comparisons of non-numbers as false', () => {
    expect(run('event > 5')).toBe(false);
    expect(run('properties.total > "100"')).toBe(false);
    expect(run('properties.missing < 1')).toBe(false);
    expect(run('properties.missing >= 0')).toBe(false);
  });

  it('treats null comparisons as existence tests (missing = null)', () => {
    expect(run('properties.coupon = null')).toBe(true);
    expect(run('properties.nothing = null')).toBe(true);
    expect(run('properties.total != null')).toBe(true);
    expect(run('properties.nothing != null')).toBe(false);
    expect(run('properties.nothing.deeper.still = null')).toBe(true);
    expect(run('properties.nothing != "x"')).toBe(true);
    expect(run('properties.nothing = "x"')).toBe(false);
  });

  it('compares a path against a path', () => {
    expect(run('properties.price = properties.price')).toBe(true);
    expect(run('properties.total > properties.price')).toBe(true);
    expect(run('properties.tags = properties.tags')).toBe(true);
    expect(run('properties.items = properties.tags')).toBe(false);
  });

  it('compares lists by value', () => {
    expect(run('properties.tags = ["sale", "new", 3, null]')).toBe(true);
    expect(run('properties.tags = ["new", "sale", 3, null]')).toBe(false);
    expect(run('properties.tags != ["sale"]')).toBe(true);
  });
});

describe('compileFql: precedence and nesting', () => {
  it('binds and tighter than or, and ! tighter than both', () => {
    // false or (true and true) = true; (false or true) and true would also be true, so use a discriminating one:
    expect(run('event = "x" or event = "Order Completed" and type = "identify"')).toBe(false);
    expect(run('type = "track" or event = "x" and type = "identify"')).toBe(true);
    expect(run('(type = "track" or event = "x") and type = "identify"')).toBe(false);
    expect(run('!event = "x" and type = "track"')).toBe(true);
    expect(run('!(event = "x" or type = "track")')).toBe(false);
    expect(run('!!properties.vip')).toBe(true);
  });

  it('handles deeply nested parentheses', () => {
    expect(run('((((type = "track"))))')).toBe(true);
    expect(run('(type = "page" or (userId != null and (properties.total > 100 and !(properties.vip = false))))')).toBe(true);
  });

  it('uses only true as truthy for a bare value', () => {
    expect(run('properties.vip')).toBe(true);
    expect(run('properties.total')).toBe(false);
    expect(run('event')).toBe(false);
    expect(run('properties.missing')).toBe(false);
    expect(run('!properties.missing')).toBe(true);
  });

  it('matches everything with "all"', () => {
    expect(run('all', {})).toBe(true);
    expect(run('  all  ', null)).toBe(true);
  });
});

describe('compileFql: paths', () => {
  it('reads nested, escaped, bracketed and indexed paths', () => {
    expect(run('context.library.name = "analytics.js"')).toBe(true);
    expect(run('properties.product\\ 1.price = "19.99"')).toBe(true);
    expect(run("properties['product 1'].price = '19.99'")).toBe(true);
    expect(run('properties.items.1.sku = "B2"')).toBe(true);
    expect(run('properties.items[0].sku = "A1"')).toBe(true);
    expect(run('properties.items.2.sku = null')).toBe(true);
  });

  it('reads unicode keys and values', () => {
    expect(run('properties.prénom = "Zoë"')).toBe(true);
    expect(run('properties.city = "東京"')).toBe(true);
    expect(run('contains(properties.emoji, "🎉")')).toBe(true);
  });

  it('never reads the prototype chain or .length of strings and arrays', () => {
    expect(run('properties.constructor != null')).toBe(false);
    expect(run('properties.toString = null')).toBe(true);
    expect(run('event.length = 15')).toBe(false);
    expect(run('properties.tags.length = 4')).toBe(false);
    expect(run('properties.__proto__ = null')).toBe(true);
  });

  it('is null-safe on any event shape', () => {
    const p = compileFql('properties.total > 1 or contains(event, "a") or length(properties.tags) > 0');
    for (const e of [null, undefined, 42, 'str', [], { properties: 'x' }, { properties: [1, 2] }]) expect(p(e)).toBe(false);
    expect(p({ properties: { tags: ['x'] } })).toBe(true);
  });
});

describe('compileFql: in and functions', () => {
  it('tests list membership with strict types', () => {
    expect(run('type in ["track", "identify"]')).toBe(true);
    expect(run('"sale" in properties.tags')).toBe(true);
    expect(run('"3" in properties.tags')).toBe(false);
    expect(run('3 in properties.tags')).toBe(true);
    expect(run('null in properties.tags')).toBe(true);
    expect(run('"x" in properties.missing')).toBe(false);
    expect(run('properties.nothing in [null]')).toBe(true);
    expect(run('!(type in ["page", "screen"])')).toBe(true);
    expect(run('properties.tags in [["sale", "new", 3, null]]')).toBe(true);
  });

  it('implements contains, match and the string functions null-safely', () => {
    expect(run('contains(context.library.name, "js")')).toBe(true);
    expect(run('contains(properties.total, "1")')).toBe(false);
    expect(run('contains(properties.missing, "x")')).toBe(false);
    expect(run('match(event, "Order *")')).toBe(true);
    expect(run('match(event, "order *")')).toBe(false);
    expect(run('match(context.ip, "10.0.?.[0-9]")')).toBe(true);
    expect(run('match(properties.missing, "*")')).toBe(false);
    expect(run('lowercase(event) = "order completed"')).toBe(true);
    expect(run('uppercase(type) = "TRACK"')).toBe(true);
    expect(run('lowercase(properties.missing) = null')).toBe(true);
    expect(run('snakecase(event) = "Order_Completed"')).toBe(true);
    expect(run('kebabcase(event) = "Order-Completed"')).toBe(true);
    expect(run('titlecase("test string") = "Test String"')).toBe(true);
  });

  it('implements length (bytes for strings), typeof and conversions', () => {
    expect(run('length(properties.tags) = 4')).toBe(true);
    expect(run('length(properties.city) = 6')).toBe(true); // UTF-8 bytes
    expect(run('length(userId) > 0')).toBe(true);
    expect(run('length(properties.missing) = 0')).toBe(true);
    expect(run('length(properties.total) > -1')).toBe(false); // NaN
    expect(run('typeof(properties.tags) = "list"')).toBe(true);
    expect(run('typeof(properties.vip) = "bool"')).toBe(true);
    expect(run('typeof(properties.missing) = "null"')).toBe(true);
    expect(run('typeof(context) = "object"')).toBe(true);
    expect(run('number("12.5") = 12.5 and string(properties.total) = "120" and bool(1)')).toBe(true);
    expect(run('number("abc") = null and bool("no") = false and bool(properties.tags)')).toBe(true);
  });

  it('compares semantic versions', () => {
    expect(run('semver(context.library.version, ">=", "1.0.0")')).toBe(true);
    expect(run('semver(context.library.version, "<", "0.9")')).toBe(false);
    expect(run('semver(properties.missing, "=", "1")')).toBe(false);
  });
});
