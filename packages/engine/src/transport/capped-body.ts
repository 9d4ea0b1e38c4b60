/**
 * A response body read up to a byte cap.
 *
 * @example
 * const { text, truncated, bytes } = new CappedBuffer(65_536).result();
 */
export interface CappedBody {
  /** UTF-8 text of the kept bytes (a character cut at the cap becomes U+FFFD). */
  text: string;
  /** True when the body was longer than the cap and the rest was discarded. */
  truncated: boolean;
  /** Bytes kept (at most the cap). */
  bytes: number;
}

/** Past the cap, up to this many more bytes are read and dropped so the keep-alive socket stays reusable. */
export const DRAIN_LIMIT = 256 * 1024;

/**
 * Collects body chunks up to `maxBytes`; past the cap, bytes are counted and dropped. `push`
 * returns false once more than {@link DRAIN_LIMIT} bytes were dropped (the caller then closes the
 * connection instead of draining it).
 *
 * @example
 * const body = new CappedBuffer(1024);
 * if (!body.push(chunk)) socket.destroy();
 * body.result(); // { text, truncated, bytes }
 */
export class CappedBuffer {
  readonly #max: number;
  #chunks: Buffer[] = [];
  #bytes = 0;
  #dropped = 0;

  constructor(maxBytes: number) {
    this.#max = maxBytes;
  }

  /** Adds a chunk; false once the overflow passed {@link DRAIN_LIMIT}. */
  push(chunk: Buffer): boolean {
    const room = this.#max - this.#bytes;
    if (chunk.byteLength <= room) {
      this.#chunks.push(chunk);
      this.#bytes += chunk.byteLength;
      return true;
    }
    if (room > 0) this.#chunks.push(chunk.subarray(0, room));
    this.#bytes = this.#max;
    this.#dropped += chunk.byteLength - room;
    return this.#dropped <= DRAIN_LIMIT;
  }

  /** The text of the kept bytes. */
  result(): CappedBody {
    const chunks = this.#chunks;
    const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : chunks.length === 0 ? '' : Buffer.concat(chunks, this.#bytes).toString('utf8');
    return { text, truncated: this.#dropped > 0, bytes: this.#bytes };
  }
}
