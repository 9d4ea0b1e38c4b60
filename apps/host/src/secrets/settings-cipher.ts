import { redactSettings, secretFields } from '@junction/core';
import { decryptValue, ENCRYPTED_PREFIX, encryptValue } from './field-crypto.ts';
import { loadSecretKey, type SecretKey } from './secret-key.ts';
import { getSettingsPath, keepRedactedSecrets, setSettingsPath, validateSettings } from './settings-validation.ts';

type Settings = Record<string, unknown>;

/**
 * Encrypts the secret fields of destination settings for storage (store's `destinations.settings`
 * is opaque text) and reads them back, decrypted for the engine or redacted for everyone else.
 *
 * @example
 * const text = cipher.seal(webhook.settings, { url, sharedSecret: 'whsec_0123456789abcd' });
 * cipher.open(webhook.settings, text);     // the real settings (for delivery only)
 * cipher.redacted(webhook.settings, text); // { url, sharedSecret: '••••abcd' }
 */
export interface SettingsCipher {
  keyId: string;
  /** Where the key came from: JUNCTION_SECRET, DATA_DIR/secret.key, or generated just now. */
  keySource: SecretKey['source'];
  /** Validates the settings (naming each bad field), keeps redacted secrets from `previousText`, encrypts the secrets; returns the text to store. */
  seal(schema: object, settings: Settings, previousText?: string): string;
  /** Decrypts stored settings (for the delivery engine only). */
  open(schema: object, text: string): Settings;
  /** Stored settings with secrets masked (`••••1234`): what APIs and the console return. */
  redacted(schema: object, text: string): Settings;
}

function parse(text: string): Settings {
  const value = JSON.parse(text) as unknown;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TypeError('stored settings are not a JSON object');
  return value as Settings;
}

/**
 * Builds a {@link SettingsCipher} from a key.
 *
 * @example
 * const cipher = settingsCipher(await loadSecretKey({ dataDir }));
 */
export function settingsCipher(secret: SecretKey): SettingsCipher {
  const open = (schema: object, text: string): Settings => {
    const settings = parse(text);
    for (const path of secretFields(schema)) {
      const keys = path.split('.');
      const value = getSettingsPath(settings, keys);
      if (typeof value === 'string' && value.startsWith(ENCRYPTED_PREFIX)) setSettingsPath(settings, keys, decryptValue(secret, path, value));
    }
    return settings;
  };
  return {
    keyId: secret.keyId,
    keySource: secret.source,
    seal(schema, settings, previousText) {
      const merged = keepRedactedSecrets(schema, settings, previousText === undefined ? undefined : open(schema, previousText));
      validateSettings(schema, merged);
      for (const path of secretFields(schema)) {
        const keys = path.split('.');
        const value = getSettingsPath(merged, keys);
        if (typeof value === 'string' && value !== '') setSettingsPath(merged, keys, encryptValue(secret, path, value));
      }
      return JSON.stringify(merged);
    },
    open,
    redacted: (schema, text) => redactSettings(schema, open(schema, text)),
  };
}

/**
 * Loads the key (`JUNCTION_SECRET`, else `DATA_DIR/secret.key`, generated 0600 on first start) and
 * returns the host's {@link SettingsCipher}.
 *
 * @example
 * const cipher = await createSettingsCipher({ dataDir: config.dataDir, env: process.env });
 */
export async function createSettingsCipher(options: { dataDir: string; env?: NodeJS.ProcessEnv }): Promise<SettingsCipher> {
  return settingsCipher(await loadSecretKey(options));
}
