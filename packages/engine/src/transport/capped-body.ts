import type { Readable } from 'node:stream';

/**
 * A response body read up to a byte cap.
 *
 * @example
 * const { text, truncated, bytes } = await readCappedBody(res.body, 65_536);
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
 * Reads a body, keeping at most `maxBytes` bytes. The rest is read and dropped (up to
 * {@link DRAIN_LIMIT}, so the connection stays reusable), past that the stream is destroyed
 * (closing its socket); it is never buffered. Rejects with the stream's error (e.g. the abort
 * reason when undici's request signal fires).
 *
 * @example
 * const res = await agent.request({ origin, path: '/', method: 'GET' });
 * const body = await readCappedBody(res.body, 1024); // { text: '…', truncated: true, bytes: 1024 }
 */
export function readCappedBody(body: Readable, maxBytes: number): Promise<CappedBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let dropped = 0;
    const done = () => {
      body.off('data', onData);
      resolve({ text: Buffer.concat(chunks, bytes).toString('utf8'), truncated: dropped > 0, bytes });
    };
    const onData = (chunk: Buffer) => {
      const room = maxBytes - bytes;
      if (chunk.byteLength <= room) {
        chunks.push(chunk);
        bytes += chunk.byteLength;
        return;
      }
      if (room > 0) chunks.push(chunk.subarray(0, room));
      bytes = maxBytes;
      dropped += chunk.byteLength - room;
      if (dropped > DRAIN_LIMIT) {
        body.destroy();
        done();
      }
    };
    body.on('data', onData);
    body.once('end', done);
    body.once('error', reject);
  });
}
