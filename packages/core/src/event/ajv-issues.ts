/**
 * Turns ajv errors (compiled with `verbose: true`) into `EventValidationIssue`s, using the
 * `x-*` annotations in `event-schema.ts` for the discard reason and wording.
 */
import type { ErrorObject } from 'ajv';
import type { EventValidationIssue, IngestDiscardReason } from './ingest-discard-reasons.ts';
import { joinPath } from './payload-guard.ts';

type Annotated = Record<string, unknown> & { properties?: Record<string, Record<string, unknown>> };

/**
 * Converts an ajv `instancePath` (JSON Pointer) into a dotted path.
 *
 * @example
 * pointerToPath('/context/traits'); // 'context.traits'
 */
export function pointerToPath(pointer: string): string {
  if (pointer === '') return '';
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

function reasonOf(schema: Annotated | undefined, key: string): IngestDiscardReason {
  const value = schema?.[key];
  return typeof value === 'string' ? (value as IngestDiscardReason) : 'bad_request';
}

/**
 * Maps one ajv error to an issue, or `undefined` for errors that only explain another one (the
 * branches of an `anyOf`).
 *
 * @example
 * issueFromAjvError('track', { keyword: 'required', instancePath: '', schemaPath: '#/required',
 *   params: { missingProperty: 'event' }, parentSchema: EVENT_SCHEMAS.track });
 * // { path: 'event', message: 'track: "event" is required', reason: 'event_not_defined' }
 */
export function issueFromAjvError(label: string, error: ErrorObject): EventValidationIssue | undefined {
  if (error.schemaPath.includes('/anyOf/')) return undefined;
  const parent = error.parentSchema as Annotated | undefined;
  const path = pointerToPath(error.instancePath);
  const issue = (at: string, reason: IngestDiscardReason, text: string): EventValidationIssue => ({
    path: at,
    message: `${label}: ${text}`,
    reason,
  });
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      const at = joinPath(path, missing);
      return issue(at, reasonOf(parent?.properties?.[missing], 'x-missing'), `"${at}" is required`);
    }
    case 'anyOf':
      return issue(path, reasonOf(parent, 'x-reason'), String(parent?.['x-message'] ?? 'no alternative matched'));
    case 'not':
      return issue(path, reasonOf(parent, 'x-missing'), `"${path}" must not be null or empty`);
    case 'type':
    case 'enum':
    case 'format':
      return issue(path, reasonOf(parent, 'x-reason'), `"${path}" must be ${String(parent?.['x-expect'] ?? params.type)}`);
    case 'pattern':
      return issue(path, reasonOf(parent, 'x-reason'), `"${path}" ${String(parent?.['x-message'] ?? 'does not match its pattern')}`);
    case 'maxLength':
      return issue(path, reasonOf(parent, 'x-limit-reason'), `"${path}" must be at most ${params.limit} characters`);
    case 'maxProperties':
      return issue(path, reasonOf(parent, 'x-limit-reason'), `"${path}" must have at most ${params.limit} keys`);
    default:
      return issue(path, 'bad_request', `"${path}" ${error.message ?? 'is invalid'}`);
  }
}
