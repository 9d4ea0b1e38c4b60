import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signBody, verifySignature } from './signature.ts';

const secret = 'whsec_0123456789';
const body = '{"type":"track","event":"Ünïcode ✓"}';

describe('signature', () => {
  it('is sha256= and the hex HMAC-SHA256 of the raw UTF-8 body', () => {
    const expected = createHmac('sha256', secret).update(Buffer.from(body, 'utf8')).digest('hex');
    expect(signBody(body, secret)).toBe(`sha256=${expected}`);
  });

  it.each([
    ['the right signature', signBody(body, secret), true],
    ['surrounding whitespace', ` ${signBody(body, secret)} `, true],
    ['another secret', signBody(body, 'other-secret'), false],
    ['a different body', signBody(`${body} `, secret), false],
    ['a truncated signature', signBody(body, secret).slice(0, -1), false],
    ['no header', undefined, false],
  ])('verifies %s → %s', (_label, header, ok) => {
    expect(verifySignature(body, secret, header)).toBe(ok);
  });
});
