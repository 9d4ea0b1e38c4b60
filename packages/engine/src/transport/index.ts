export { type CappedBody, DRAIN_LIMIT } from './capped-body.ts';
export {
  createTransportPool,
  DEFAULT_MAX_RESPONSE_BYTES,
  type DestinationTransportOptions,
  type PooledResponse,
  type TransportPool,
  type TransportPoolOptions,
} from './http-transport.ts';
