import { ApiError } from './api-error.ts';

const VENDOR = /^application\/vnd\.segment\.(v1|v1beta|v1alpha)\+json$/;
const GENERIC = new Set(['*/*', 'application/*', 'application/json']);

/**
 * The response media type for an `Accept` header: Segment's versioned types
 * (`application/vnd.segment.v1+json`, `v1beta`, `v1alpha`) are echoed, generic JSON (or no
 * header) gets `application/json`; anything else is a 406. `text/csv` is allowed where `csv`.
 *
 * @example
 * responseType('application/vnd.segment.v1beta+json'); // 'application/vnd.segment.v1beta+json'
 * responseType(undefined); // 'application/json'
 */
export function responseType(accept: string | undefined, csv = false): string {
  if (accept === undefined || accept.trim() === '') return csv ? 'text/csv' : 'application/json';
  const types = accept.split(',').map((part) => part.split(';')[0]!.trim().toLowerCase());
  if (csv && types.some((t) => t === 'text/csv' || t === 'text/*' || t === '*/*')) return 'text/csv';
  const vendor = types.find((t) => VENDOR.test(t));
  if (vendor) return vendor;
  if (types.some((t) => GENERIC.has(t))) return 'application/json';
  throw new ApiError(
    406,
    `Accept "${accept.slice(0, 100)}" is not served: use application/json or application/vnd.segment.v1+json (also v1beta, v1alpha)${csv ? ', or text/csv' : ''}`,
  );
}
