export { ErrorCode, type ErrorCodeInfo, errorCodeInfo, isErrorCode } from './error-codes.ts';
export { classifyHttpStatus, type HttpClassification, parseRetryAfter } from './http-classification.ts';
export {
  IntegrationError,
  type IntegrationErrorOptions,
  segmentErrorCode,
  toIntegrationError,
} from './integration-error.ts';
export { classifyNetworkError, type NetworkClassification } from './network-classification.ts';
