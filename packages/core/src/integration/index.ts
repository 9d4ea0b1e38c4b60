/**
 * The destination plugin contract: `defineIntegration`, `defineAction`, `defineSettings`, the
 * definition types, definition validation, secret handling and the `runAction` / `runBatch` /
 * `prepareAction` helpers hosts and the test harness use. See ./README.md.
 */
export { type ActionInput, defineAction, defineIntegration, defineSettings } from './define-integration.ts';
export type {
  ActionContext,
  ActionDefinition,
  ActionMap,
  AnyIntegrationDefinition,
  ActionResult,
  BatchContext,
  DeliveryPolicy,
  HttpResponse,
  HttpTransport,
  Infer,
  IntegrationDefinition,
  Logger,
  ObjectSchema,
  Preset,
  RequestFn,
  RequestOptions,
  TestConnectionContext,
  TransportRequest,
  TransportResponse,
  VendorResponse,
} from './integration-types.ts';
export { createRequestFn, DEFAULT_TIMEOUT_MS, errorFromResponse, type RequestFnOptions } from './request-fn.ts';
export { actionMapping, compileActionMapping } from './action-mapping.ts';
export { errorResult } from './action-result.ts';
export { type PreparedAction, type PrepareActionOptions, prepareAction } from './prepared-action.ts';
export { type RunOptions, runAction, runBatch } from './run-action.ts';
export { compileSchema, type Issue as SchemaIssue, SECRET_KEYWORD, schemaError, validateAgainst } from './schema-compiler.ts';
export { maskSecret, redactSettings, scrubSecrets, secretFields } from './secrets.ts';
export { assertValidIntegration, validateIntegrationDefinition } from './validate-definition.ts';
export { captureIntegrationError, throwIfError } from './result-bridge.ts';
export { EVENT_JSON, eventJsonOf, withEventJson } from './event-json.ts';
