/**
 * Segment's Tracking API limits (1 KB = 1,024 bytes, as Segment's libraries count), plus
 * Junction's nesting guard.
 */

/**
 * Maximum size of one call or one batch item, in UTF-8 bytes of its JSON (32 KB).
 *
 * @example
 * MAX_MESSAGE_BYTES; // 32768
 */
export const MAX_MESSAGE_BYTES = 32 * 1024;

/**
 * Maximum size of one `/v1/batch` request body, in bytes (500 KB).
 *
 * @example
 * MAX_BATCH_BYTES; // 512000
 */
export const MAX_BATCH_BYTES = 500 * 1024;

/**
 * Maximum number of events in one batch.
 *
 * @example
 * MAX_BATCH_EVENTS; // 2500
 */
export const MAX_BATCH_EVENTS = 2500;

/**
 * Maximum length of a `messageId`, in characters.
 *
 * @example
 * MAX_MESSAGE_ID_LENGTH; // 100
 */
export const MAX_MESSAGE_ID_LENGTH = 100;

/**
 * Maximum number of keys in an event's `properties` (and `traits`).
 *
 * @example
 * MAX_PROPERTIES; // 10000
 */
export const MAX_PROPERTIES = 10_000;

/**
 * Junction's guard: objects/arrays nested deeper than this are refused (Segment has no stated
 * limit; this keeps recursive consumers off the stack edge).
 *
 * @example
 * MAX_NESTING_DEPTH; // 64
 */
export const MAX_NESTING_DEPTH = 64;

/**
 * Number of UTF-8 bytes `text` encodes to (lone surrogates count as U+FFFD, 3 bytes, as
 * `TextEncoder` and `Buffer` encode them). Pure, allocation-free.
 *
 * @example
 * utf8ByteLength('é'); // 2
 */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * Result of a size check.
 *
 * @example
 * const r: MessageSizeCheck = { ok: false, bytes: 40000, limit: 32768 };
 */
export interface MessageSizeCheck {
  ok: boolean;
  bytes: number;
  limit: number;
}

/**
 * Checks a serialised message (JSON text or its bytes) against a byte limit (default 32 KB).
 * A message of exactly the limit is accepted.
 *
 * @example
 * checkMessageSize('{"type":"track"}'); // { ok: true, bytes: 16, limit: 32768 }
 * checkMessageSize(new Uint8Array(600 * 1024), MAX_BATCH_BYTES).ok; // false
 */
export function checkMessageSize(json: string | Uint8Array, limit: number = MAX_MESSAGE_BYTES): MessageSizeCheck {
  const bytes = typeof json === 'string' ? utf8ByteLength(json) : json.byteLength;
  return { ok: bytes <= limit, bytes, limit };
}
