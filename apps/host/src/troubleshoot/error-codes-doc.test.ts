import { readFileSync } from 'node:fs';
import { ErrorCode } from '@junction/core';
import { describe, expect, it } from 'vitest';
import { renderErrorCodesDoc } from './error-codes-doc.ts';
import { errorReference, helpFor } from './error-reference.ts';

const doc = readFileSync(new URL('../../../../docs/error-codes.md', import.meta.url), 'utf8');

describe('error codes reference', () => {
  it('docs/error-codes.md is the generated document (regenerate with write-error-codes-doc.ts)', () => {
    expect(doc).toBe(renderErrorCodesDoc());
  });

  it('lists every core error code and every discard reason with its help', () => {
    for (const code of Object.values(ErrorCode)) expect(doc).toContain(`| \`${code}\` |`);
    for (const e of errorReference()) {
      expect(doc).toContain(`| \`${e.code}\` | ${e.title} |`);
      expect(e.help.length).toBeGreaterThan(20);
    }
    expect(errorReference().filter((e) => e.kind === 'delivery-error')).toHaveLength(Object.keys(ErrorCode).length);
    expect(helpFor('NO_MATCHING_MAPPING')).toMatchObject({ kind: 'discard-reason', retryable: false });
    expect(helpFor('nope')).toBeUndefined();
  });
});
