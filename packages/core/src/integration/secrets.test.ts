import { describe, expect, it } from 'vitest';
import { maskSecret, redactSettings, scrubSecrets, secretFields } from './secrets.ts';

const schema = {
  type: 'object',
  properties: {
    url: { type: 'string' },
    apiKey: { type: 'string', 'x-secret': true },
    auth: { type: 'object', properties: { user: { type: 'string' }, password: { type: 'string', 'x-secret': true } } },
  },
} as const;

describe('secrets', () => {
  it('finds top-level and nested secret fields', () => {
    expect(secretFields(schema)).toEqual(['apiKey', 'auth.password']);
    expect(secretFields({ type: 'object' })).toEqual([]);
  });

  it.each([
    ['sk_live_abcdef123456', '••••3456'],
    ['elevenchars', '••••'],
    ['', '••••'],
    [42, '••••'],
  ])('masks %s as %s', (value, expected) => {
    expect(maskSecret(value)).toBe(expected);
  });

  it('redacts secrets in a copy and leaves the rest', () => {
    const settings = { url: 'https://x.example', apiKey: 'sk_live_abcdef123456', auth: { user: 'ada', password: 'hunter2' } };
    const redacted = redactSettings(schema, settings);
    expect(redacted).toEqual({ url: 'https://x.example', apiKey: '••••3456', auth: { user: 'ada', password: '••••' } });
    expect(settings.apiKey).toBe('sk_live_abcdef123456');
  });

  it('leaves absent or empty secrets alone', () => {
    expect(redactSettings(schema, { url: 'u', apiKey: '' })).toEqual({ url: 'u', apiKey: '' });
  });

  it('scrubs every occurrence of secret values from text', () => {
    const settings = { apiKey: 'k-123456', auth: { password: 'hunter2' } };
    expect(scrubSecrets(schema, settings, 'bad key k-123456 (k-123456), pw hunter2')).toBe('bad key [redacted] ([redacted]), pw [redacted]');
  });

  it('scrubs URL-encoded, JSON-escaped and base64 forms too', () => {
    const secret = 'p@ss/"word"+1';
    const settings = { apiKey: secret };
    const text = `url ?key=${encodeURIComponent(secret)} json ${JSON.stringify({ k: secret })} basic ${Buffer.from(secret).toString('base64')}`;
    const scrubbed = scrubSecrets(schema, settings, text);
    expect(scrubbed).toBe('url ?key=[redacted] json {"k":"[redacted]"} basic [redacted]');
  });
});
