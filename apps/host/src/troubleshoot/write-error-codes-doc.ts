/**
 * Writes docs/error-codes.md from the error codes reference.
 *
 * @example
 * // npx tsx apps/host/src/troubleshoot/write-error-codes-doc.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderErrorCodesDoc } from './error-codes-doc.ts';

const target = fileURLToPath(new URL('../../../../docs/error-codes.md', import.meta.url));
writeFileSync(target, renderErrorCodesDoc());
console.log(`wrote ${target}`);
