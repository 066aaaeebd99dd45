// Privacy of raw LINE traffic: the stub shape, the retention loop, and scrubbing a resident's rows at once.
export { eraseRawData } from './erasure.ts';
export {
  createRawDataRetentionLoop,
  type RawDataRetentionLoop,
  type RawDataRetentionResult,
} from './loop.ts';
export { RAW_DATA_MAX_RETENTION_DAYS, STUB_RETENTION_DAYS } from './policy.ts';
export { eventStub, messagesStub } from './stubs.ts';
