import { describe, expect, it } from 'vitest';
import { eventTableName, quoteIdent, snakeCase } from './snake-case.ts';

describe('snakeCase (go-snakecase rules)', () => {
  it.each([
    ['Order Completed', 'order_completed'],
    ['accountType', 'account_type'],
    ['HTMLParser v2', 'html_parser_v2'],
    ['userID', 'user_id'],
    ['already_snake', 'already_snake'],
    ['  Spaces -- and $ymbols!! ', 'spaces_and_ymbols'],
    ['2fa Enabled', '_2fa_enabled'],
    ['Café Ordered', 'café_ordered'],
    ['!!!', ''],
  ])('%s → %s', (input, output) => {
    expect(snakeCase(input)).toBe(output);
  });

  it('cuts names to 63 bytes, never inside a character', () => {
    expect(snakeCase('a'.repeat(100))).toBe('a'.repeat(63));
    const cut = snakeCase('é'.repeat(40));
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(63);
    expect(cut).toBe('é'.repeat(31));
  });
});

describe('eventTableName', () => {
  it('prefixes names of the standard tables and skips names without letters', () => {
    expect(eventTableName('Signed Up')).toBe('signed_up');
    expect(eventTableName('Users')).toBe('_users');
    expect(eventTableName('tracks')).toBe('_tracks');
    expect(eventTableName('???')).toBeUndefined();
  });

  it('quotes identifiers', () => {
    expect(quoteIdent('a"b')).toBe('"a""b"');
  });
});
