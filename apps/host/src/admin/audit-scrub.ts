import { maskSecret } from '@junction/core';

const SECRET_KEY = /secret|password|token|apikey|api_key|plaintext|credential|private/i;

/**
 * A copy of a value safe for the audit trail: write keys and any string under a secret-looking
 * key are masked (`••••abcd`); already-masked values stay as they are.
 *
 * @example
 * scrubForAudit({ name: 'Web', writeKeys: ['q8ZkX0123456789abcdef'] }); // { name: 'Web', writeKeys: ['••••cdef'] }
 */
export function scrubForAudit(value: unknown, key = ''): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (Array.isArray(value)) return value.map((v) => scrubForAudit(v, key));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = scrubForAudit(v, k);
    return out;
  }
  if (typeof value === 'string' && (key === 'writeKeys' || key === 'writeKey' || SECRET_KEY.test(key)) && !value.startsWith('••••')) return maskSecret(value);
  return value;
}
