import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { createSettingsCipher } from '../../secrets/index.ts';
import { safeNext } from './form.ts';
import { hashPassword, passwordProblem, verifyPassword } from './password.ts';
import { hashRecoveryCode, newRecoveryCodes, newTotpSecret, openTotpSecret, sealTotpSecret, totpUri, verifyTotp } from './totp.ts';

describe('TOTP, recovery codes and passwords', () => {
  const secret = newTotpSecret();
  const code = (ms: number) => new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: ms });
  const t = Date.parse('2030-06-01T12:00:10.000Z');

  it('accepts the current code and one step either side, and returns its step', () => {
    const step = Math.floor(t / 30_000);
    expect(verifyTotp(secret, code(t), new Date(t))).toBe(step);
    expect(verifyTotp(secret, code(t - 30_000), new Date(t))).toBe(step - 1);
    expect(verifyTotp(secret, code(t + 30_000), new Date(t))).toBe(step + 1);
    expect(verifyTotp(secret, code(t - 90_000), new Date(t))).toBeNull();
    expect(verifyTotp(secret, 'abcdef', new Date(t))).toBeNull();
    expect(verifyTotp(secret, `${code(t).slice(0, 3)} ${code(t).slice(3)}`, new Date(t))).toBe(step);
    expect(totpUri(secret, 'ada@example.com')).toMatch(/^otpauth:\/\/totp\/Junction:ada%40example\.com\?.*secret=/);
  });

  it('makes 10 distinct recovery codes whose hash ignores case, dashes and spaces', () => {
    const codes = newRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    expect(codes[0]).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(hashRecoveryCode(codes[0]!.toLowerCase().replaceAll('-', ' '))).toBe(hashRecoveryCode(codes[0]!));
    expect(hashRecoveryCode(codes[0]!)).not.toBe(hashRecoveryCode(codes[1]!));
  });

  it('seals the TOTP secret with the host key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'junction-totp-'));
    try {
      const cipher = await createSettingsCipher({ dataDir: dir, env: {} });
      const sealed = sealTotpSecret(cipher, secret);
      expect(sealed).not.toContain(secret);
      expect(openTotpSecret(cipher, sealed)).toBe(secret);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('hashes passwords with argon2id and names what is wrong with a new one', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(stored, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(stored, 'wrong horse battery')).toBe(false);
    expect(await verifyPassword(null, 'anything at all')).toBe(false);
    expect(passwordProblem('short')).toBe('Password must be at least 10 characters.');
    expect(passwordProblem('Ada@Example.com', 'ada@example.com')).toBe('Password must not be your email address.');
    expect(passwordProblem('long enough password')).toBeUndefined();
  });

  it('only redirects to paths on this host after sign-in', () => {
    expect(safeNext('/sources?x=1')).toBe('/sources?x=1');
    for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example', undefined, '']) expect(safeNext(bad)).toBe('/');
  });
});
