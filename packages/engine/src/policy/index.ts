export { type Batcher, type BatcherOptions, createBatcher } from './batcher.ts';
export { createFakeClock, type FakeClock } from './fake-clock.ts';
export { createDestinationLimiter, type DestinationLimiter, type DestinationLimits } from './rate-and-concurrency.ts';
export {
  DEFAULT_RETRY_POLICY,
  type NextRetryInput,
  nextRetryAt,
  type RetryPolicy,
  resolveRetryPolicy,
  retryDelay,
} from './retry-schedule.ts';
export { Semaphore } from './semaphore.ts';
export { abortReason, resolveTimers, type Timers } from './timers.ts';
export { TokenBucket, type TokenBucketOptions } from './token-bucket.ts';
