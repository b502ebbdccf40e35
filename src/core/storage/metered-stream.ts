import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { ObjectSizeMismatchError, ObjectTooLargeError, PutOptions, PutResult } from './object-storage';

/**
 * Re-yields `source` while counting and hashing it. Throws ObjectTooLargeError as soon as the count
 * passes `maxBytes` (the caller's `for await` then destroys the source, so nothing more is read), and
 * ObjectSizeMismatchError at the end when an announced size was wrong. `result()` is valid after the end.
 */
export function meter(source: Readable, options: PutOptions) {
  const hash = createHash('sha256');
  let size = 0;
  let done = false;
  const limit = Math.min(options.maxBytes ?? Infinity, options.size ?? Infinity);

  async function* chunks(): AsyncGenerator<Buffer> {
    for await (const chunk of source) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array | string);
      size += buffer.length;
      if (size > limit) {
        if (options.maxBytes !== undefined && size > options.maxBytes) {
          throw new ObjectTooLargeError(options.maxBytes);
        }
        throw new ObjectSizeMismatchError(options.size!, size);
      }
      hash.update(buffer);
      yield buffer;
    }
    if (options.size !== undefined && size !== options.size) {
      throw new ObjectSizeMismatchError(options.size, size);
    }
    done = true;
  }

  return {
    chunks,
    result(): PutResult {
      if (!done) throw new Error('meter read before the stream ended');
      return { size, sha256: hash.digest('hex') };
    },
  };
}
