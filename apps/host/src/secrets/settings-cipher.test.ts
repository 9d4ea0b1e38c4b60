import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import webhook from '@junction/integration-webhook';
import { openStore, type Store } from '@junction/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SecretDecryptError } from './field-crypto.ts';
import { createSettingsCipher } from './settings-cipher.ts';
import { SettingsValidationError } from './settings-validation.ts';

const schema = webhook.settings;
const secret = 'whsec_live_0123456789abcd';
const settings = { url: 'https://hooks.example.com/in', sharedSecret: secret, headers: { 'X-Team': 'growth' } };
let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'junction-secrets-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('settings cipher', () => {
  it('stores secrets encrypted in a real store, decrypts them for delivery and redacts them on read', async () => {
    const cipher = await createSettingsCipher({ dataDir, env: {} });
    const store: Store = await openStore({ dataDir });
    try {
      const ws = await store.workspaces.create({ slug: 'acme', name: 'Acme' });
      const source = await store.sources.create({ workspaceId: ws.id, slug: 'web', name: 'Web' });
      const created = await store.destinations.create({ sourceId: source.id, integration: 'webhook', pluginVersion: webhook.version, name: 'Hook', settings: cipher.seal(schema, settings) });
      const stored = (await store.destinations.get(created.id))!.settings;
      expect(stored).not.toContain(secret);
      expect(stored).not.toContain(secret.slice(4, -4));
      expect(JSON.parse(stored)).toMatchObject({ url: settings.url, headers: settings.headers, sharedSecret: expect.stringMatching(/^enc:v1:[0-9a-f]{8}:/) });
      expect(cipher.open(schema, stored)).toEqual(settings);
      expect(cipher.redacted(schema, stored)).toEqual({ ...settings, sharedSecret: '••••abcd' });
      expect(JSON.stringify(cipher.redacted(schema, stored))).not.toContain(secret);
    } finally {
      await store.close();
    }
  });

  it('generates DATA_DIR/secret.key (0600) on first start and reuses it on the next', async () => {
    const first = await createSettingsCipher({ dataDir, env: {} });
    expect(first.keySource).toBe('generated');
    expect((await stat(join(dataDir, 'secret.key'))).mode & 0o777).toBe(0o600);
    const text = first.seal(schema, settings);
    const second = await createSettingsCipher({ dataDir, env: {} });
    expect(second.keySource).toBe('file');
    expect(second.keyId).toBe(first.keyId);
    expect(second.open(schema, text)).toEqual(settings);
    expect(await readFile(join(dataDir, 'secret.key'), 'utf8')).not.toContain(secret);
  });

  it('uses JUNCTION_SECRET when set, and refuses to decrypt with another key', async () => {
    const a = await createSettingsCipher({ dataDir, env: { JUNCTION_SECRET: 'correct-horse-battery-staple' } });
    const b = await createSettingsCipher({ dataDir, env: { JUNCTION_SECRET: 'another-long-secret-value' } });
    expect(a.keySource).toBe('env');
    const text = a.seal(schema, settings);
    expect((await createSettingsCipher({ dataDir, env: { JUNCTION_SECRET: 'correct-horse-battery-staple' } })).open(schema, text)).toEqual(settings);
    expect(() => b.open(schema, text)).toThrow(SecretDecryptError);
    expect(() => b.open(schema, text)).toThrow(`settings.sharedSecret was encrypted with another key (id ${a.keyId}, current ${b.keyId})`);
    await expect(createSettingsCipher({ dataDir, env: { JUNCTION_SECRET: 'short' } })).rejects.toThrow('JUNCTION_SECRET must be at least 16 characters');
  });

  it('detects a tampered ciphertext', async () => {
    const cipher = await createSettingsCipher({ dataDir, env: {} });
    const stored = JSON.parse(cipher.seal(schema, settings)) as { sharedSecret: string };
    const flipped = stored.sharedSecret.slice(0, -2) + (stored.sharedSecret.at(-2) === 'A' ? 'B' : 'A') + stored.sharedSecret.at(-1);
    expect(() => cipher.open(schema, JSON.stringify({ ...stored, sharedSecret: flipped }))).toThrow('settings.sharedSecret could not be decrypted');
  });

  it('validates settings on create and update, naming each field', async () => {
    const cipher = await createSettingsCipher({ dataDir, env: {} });
    let error: unknown;
    try {
      cipher.seal(schema, { url: 'ftp://x', sharedSecret: 'short', extra: 1 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SettingsValidationError);
    const issues = (error as SettingsValidationError).issues.map((i) => i.path);
    expect(issues).toEqual(expect.arrayContaining(['settings.url', 'settings.sharedSecret', 'settings.extra']));
    expect((error as Error).message).not.toContain('short');
    expect(() => cipher.seal(schema, {})).toThrow('invalid settings: settings.url is required');
  });

  it('on update keeps a secret sent back redacted, and refuses a placeholder with nothing behind it', async () => {
    const cipher = await createSettingsCipher({ dataDir, env: {} });
    const before = cipher.seal(schema, settings);
    const shown = cipher.redacted(schema, before);
    const after = cipher.seal(schema, { ...shown, url: 'https://hooks.example.com/v2' }, before);
    expect(cipher.open(schema, after)).toEqual({ ...settings, url: 'https://hooks.example.com/v2' });
    expect(() => cipher.seal(schema, shown)).toThrow('settings.sharedSecret is a redacted placeholder: give the real value');
  });
});
