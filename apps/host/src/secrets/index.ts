/** Settings secrets: key loading, AES-256-GCM field encryption, validation and redaction. */
export { decryptValue, ENCRYPTED_PREFIX, encryptValue, SecretDecryptError } from './field-crypto.ts';
export { loadSecretKey, SECRET_KEY_FILE, type SecretKey } from './secret-key.ts';
export { createSettingsCipher, type SettingsCipher, settingsCipher } from './settings-cipher.ts';
export { keepRedactedSecrets, SettingsValidationError, validateSettings } from './settings-validation.ts';
