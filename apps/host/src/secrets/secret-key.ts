import { createHash, hkdfSync, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The settings-encryption key: 32 bytes for AES-256-GCM, an id (first 8 hex of its SHA-256) stored
 * with every ciphertext, and where it came from.
 *
 * @example
 * const { key, keyId, source } = await loadSecretKey({ dataDir: './.data', env: process.env });
 */
export interface SecretKey {
  key: Buffer;
  keyId: string;
  source: 'env' | 'file' | 'generated';
}

/** The file a generated key is kept in, under DATA_DIR. */
export const SECRET_KEY_FILE = 'secret.key';

function derive(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'junction', 'settings-encryption v1', 32));
}

function withId(key: Buffer, source: SecretKey['source']): SecretKey {
  return { key, keyId: createHash('sha256').update(key).digest('hex').slice(0, 8), source };
}

async function readKeyFile(path: string): Promise<string> {
  const text = (await readFile(path, 'utf8')).trim();
  if (text.length < 32) throw new Error(`${path} does not hold a valid key (too short); restore it from a backup or set JUNCTION_SECRET`);
  return text;
}

/**
 * Loads the key: from `JUNCTION_SECRET` (≥ 16 characters; all hosts sharing a database must use
 * the same) or else from `DATA_DIR/secret.key`, generated (32 random bytes, mode 0600) on first
 * start. Both are stretched with HKDF-SHA256. Errors never contain the secret.
 *
 * @example
 * await loadSecretKey({ dataDir: '/var/lib/junction', env: { JUNCTION_SECRET: 'a-long-random-secret-value' } });
 */
export async function loadSecretKey(options: { dataDir: string; env?: NodeJS.ProcessEnv }): Promise<SecretKey> {
  const fromEnv = (options.env ?? process.env).JUNCTION_SECRET;
  if (fromEnv !== undefined && fromEnv !== '') {
    if (fromEnv.length < 16) throw new Error('JUNCTION_SECRET must be at least 16 characters (use e.g. `openssl rand -base64 32`)');
    return withId(derive(fromEnv), 'env');
  }
  const path = join(options.dataDir, SECRET_KEY_FILE);
  try {
    return withId(derive(await readKeyFile(path)), 'file');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(options.dataDir, { recursive: true });
  const generated = randomBytes(32).toString('base64url');
  try {
    await writeFile(path, `${generated}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // another host process created it first: use theirs
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return withId(derive(await readKeyFile(path)), 'file');
    throw error;
  }
  return withId(derive(generated), 'generated');
}
