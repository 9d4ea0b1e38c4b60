import { describe, expect, it } from 'vitest';
import {
  checkMessageSize,
  MAX_BATCH_BYTES,
  MAX_BATCH_EVENTS,
  MAX_MESSAGE_BYTES,
  MAX_MESSAGE_ID_LENGTH,
  MAX_NESTING_DEPTH,
  MAX_PROPERTIES,
  utf8ByteLength,
} from './limits.ts';

describe('limits', () => {
  it("match Segment's documented limits (1 KB = 1,024 bytes)", () => {
    expect(MAX_MESSAGE_BYTES).toBe(32_768);
    expect(MAX_BATCH_BYTES).toBe(512_000);
    expect(MAX_BATCH_EVENTS).toBe(2_500);
    expect(MAX_MESSAGE_ID_LENGTH).toBe(100);
    expect(MAX_PROPERTIES).toBe(10_000);
    expect(MAX_NESTING_DEPTH).toBe(64);
  });

  it('utf8ByteLength agrees with Buffer for ASCII, accents, emoji and lone surrogates', () => {
    for (const text of ['', 'abc', 'é', '€', '😀', 'a😀b', '\ud800', 'x\udc00y', '\ud83d', 'ok\u0000']) {
      expect(utf8ByteLength(text)).toBe(Buffer.byteLength(text, 'utf8'));
    }
  });

  it('checkMessageSize accepts the limit itself and refuses one byte more', () => {
    expect(checkMessageSize('x'.repeat(MAX_MESSAGE_BYTES))).toEqual({ ok: true, bytes: 32_768, limit: 32_768 });
    expect(checkMessageSize('x'.repeat(MAX_MESSAGE_BYTES + 1))).toEqual({ ok: false, bytes: 32_769, limit: 32_768 });
  });

  it('checkMessageSize counts UTF-8 bytes of strings and byteLength of byte arrays', () => {
    expect(checkMessageSize('é'.repeat(16_385)).ok).toBe(false);
    expect(checkMessageSize(new Uint8Array(MAX_BATCH_BYTES), MAX_BATCH_BYTES).ok).toBe(true);
    expect(checkMessageSize(new Uint8Array(MAX_BATCH_BYTES + 1), MAX_BATCH_BYTES)).toEqual({
      ok: false,
      bytes: 512_001,
      limit: 512_000,
    });
  });
});
