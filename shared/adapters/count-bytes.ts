import { pipeline, type Readable, Transform } from 'node:stream';

/**
 * Passes `source` through unchanged, reporting each chunk's size as the consumer pulls it.
 * A listener on `source` itself would switch it into flowing mode and drop backpressure; the
 * pipeline keeps backpressure and carries errors and early `destroy()` in both directions.
 */
export function countBytes(source: Readable, onBytes: (bytes: number) => void): Readable {
  const counter = new Transform({
    transform(chunk: Buffer | string, _encoding, callback) {
      onBytes(typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength);
      callback(null, chunk);
    },
  });
  // Errors reach the consumer through `counter`, which pipeline destroys with the same error.
  pipeline(source, counter, () => {});
  return counter;
}
