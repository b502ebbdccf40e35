import { randomBytes } from 'node:crypto';
import { constants, createWriteStream } from 'node:fs';
import { access, mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { meter } from './metered-stream';
import {
  assertObjectKey,
  assertRange,
  ByteRange,
  InvalidRangeError,
  ObjectInfo,
  ObjectNotFoundError,
  ObjectStorage,
  PutOptions,
  PutResult,
  StorageHealth,
  StorageUnsupportedError,
} from './object-storage';

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** Objects as files under `<root>/<key>`, written to a temp file beside the target and renamed into place. */
export class LocalObjectStorage implements ObjectStorage {
  readonly driver = 'local' as const;

  constructor(private readonly root: string) {}

  private path(key: string): string {
    assertObjectKey(key);
    return join(this.root, ...key.split('/'));
  }

  async put(key: string, stream: Readable, options: PutOptions = {}): Promise<PutResult> {
    const target = this.path(key);
    await mkdir(dirname(target), { recursive: true });
    // Keys never start with a dot, so temp names cannot collide with objects.
    const temp = join(dirname(target), `.${randomBytes(8).toString('hex')}.part`);
    const metered = meter(stream, options);
    try {
      await pipeline(metered.chunks(), createWriteStream(temp, { flags: 'wx', mode: 0o600 }));
      const result = metered.result();
      await rename(temp, target);
      return result;
    } catch (error) {
      stream.destroy();
      await unlink(temp).catch(() => undefined);
      throw error;
    }
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    const path = this.path(key);
    if (range) assertRange(range);
    let handle;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      if (isMissing(error)) throw new ObjectNotFoundError(key);
      throw error;
    }
    if (!range) return handle.createReadStream();
    const { size } = await handle.stat();
    if (range.start >= size) {
      await handle.close();
      throw new InvalidRangeError(`Range starts at ${range.start}, object has ${size} bytes`);
    }
    return handle.createReadStream({ start: range.start, end: Math.min(range.end, size - 1) });
  }

  async stat(key: string): Promise<ObjectInfo | null> {
    try {
      const info = await stat(this.path(key));
      return info.isFile() ? { size: info.size, lastModified: info.mtime, contentType: null } : null;
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await unlink(this.path(key));
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    return (await this.stat(key)) !== null;
  }

  async presignGet(key: string): Promise<null> {
    assertObjectKey(key);
    return null;
  }

  createMultipartUpload(): Promise<string> {
    return this.unsupported();
  }

  presignPart(): Promise<string> {
    return this.unsupported();
  }

  completeMultipartUpload(): Promise<void> {
    return this.unsupported();
  }

  abortMultipartUpload(): Promise<void> {
    return this.unsupported();
  }

  async health(): Promise<StorageHealth> {
    try {
      await mkdir(this.root, { recursive: true });
      await access(this.root, constants.W_OK);
      return { state: 'up', driver: 'local' };
    } catch (error) {
      return { state: 'down', driver: 'local', error: (error as Error).message };
    }
  }

  private unsupported(): Promise<never> {
    return Promise.reject(new StorageUnsupportedError('Multipart uploads need the S3 driver'));
  }
}
