import { StoreError } from '@junction/store';
import { CatalogPolicyError } from '../catalog/index.ts';
import { PluginLoadError, PluginNotFoundError } from '../plugins/index.ts';
import { SettingsValidationError } from '../secrets/index.ts';

/** HTTP statuses the admin API answers with on errors. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 406 | 409 | 413 | 422 | 429 | 500;

/**
 * One error of Segment's envelope `{ errors: [{ type, message, field?, status? }] }`.
 *
 * @example
 * const e: ApiErrorItem = { type: 'validation', message: 'slug must be …', field: 'slug', status: 422 };
 */
export interface ApiErrorItem {
  type: string;
  message: string;
  field?: string;
  status?: number;
}

const TYPES: Record<ErrorStatus, string> = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  406: 'not-acceptable',
  409: 'conflict',
  413: 'payload-too-large',
  422: 'validation',
  429: 'rate-limited',
  500: 'internal',
};

/**
 * An error the admin API turns into Segment's error envelope.
 *
 * @example
 * throw new ApiError(404, 'source "abc" not found');
 * throw new ApiError(422, 'trigger: FQL syntax error at 1:9: …', 'trigger');
 */
export class ApiError extends Error {
  readonly status: ErrorStatus;
  readonly items: ApiErrorItem[];
  constructor(status: ErrorStatus, message: string, field?: string, more: ApiErrorItem[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.items = [{ type: TYPES[status], message, ...(field !== undefined ? { field } : {}), status }, ...more];
  }

  /** Several validation problems at once (422), each naming its field. */
  static validation(issues: ReadonlyArray<{ field: string; message: string }>): ApiError {
    const [first, ...rest] = issues;
    const item = (i: { field: string; message: string }): ApiErrorItem => ({ type: TYPES[422], message: i.field ? `${i.field}: ${i.message}` : i.message, field: i.field, status: 422 });
    const err = new ApiError(422, item(first!).message, first!.field, rest.map(item));
    return err;
  }
}

/**
 * Maps any thrown error to an {@link ApiError}: store, catalog, plugin and settings errors keep
 * their message (which names the field); anything else is an opaque 500.
 *
 * @example
 * toApiError(new NotFoundError('source "x" not found')).status; // 404
 */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof SettingsValidationError) {
    return ApiError.validation(error.issues.map((i) => ({ field: i.path, message: i.message })));
  }
  if (error instanceof CatalogPolicyError) return new ApiError(403, error.message);
  if (error instanceof PluginNotFoundError) return new ApiError(422, error.message, 'metadataId');
  if (error instanceof PluginLoadError) return new ApiError(422, error.message, 'metadataId');
  if (error instanceof StoreError) {
    if (error.code === 'not_found') return new ApiError(404, error.message);
    if (error.code === 'conflict') return new ApiError(409, error.message);
    const field = /^([A-Za-z][\w.[\]]*)[: ]/.exec(error.message)?.[1];
    return new ApiError(422, error.message, field);
  }
  return new ApiError(500, 'Internal error; the request was not applied.');
}
