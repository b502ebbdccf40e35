import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';

export type StorageDriver = 'local' | 's3';

export interface PutOptions {
  contentType?: string;
  /** The size the caller announced; a stream of another length is rejected and nothing is kept. */
  size?: number;
  /** Largest accepted object in bytes; reading stops at limit+1 byte and nothing is kept. */
  maxBytes?: number;
  /**
   * S3 driver: called with the id of the multipart upload a large put starts, before its first part is
   * sent, so the caller can journal it; a put cut short by a crash is then aborted through that id.
   */
  onMultipartStarted?: (uploadId: string) => Promise<void>;
}

export interface PutResult {
  size: number;
  /** Lowercase hex SHA-256 of the stored bytes. */
  sha256: string;
}

/** Inclusive byte offsets, as in an HTTP Range header. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface ObjectInfo {
  size: number;
  lastModified: Date;
  /** Kept by the S3 driver only; callers keep their own in the database. */
  contentType: string | null;
}

export interface PresignGetOptions {
  /** 1..300 */
  expiresSeconds: number;
  /** Sent back as `Content-Disposition: attachment` with an RFC 6266 `filename*`. */
  filename?: string;
  contentType?: string;
}

export interface UploadedPart {
  partNumber: number;
  etag: string;
}

export interface StorageHealth {
  state: 'up' | 'down';
  driver: StorageDriver;
  [key: string]: unknown;
}

export const PRESIGN_GET_MAX_SECONDS = 300;
export const PRESIGN_PART_MAX_SECONDS = 900;

/**
 * Where file bytes live. Keys come from `newObjectKey()` (or another generated scheme), never from
 * user input; both drivers refuse keys that could leave their namespace.
 */
export interface ObjectStorage {
  readonly driver: StorageDriver;
  /** Streams `stream` into `key`, computing size and SHA-256 on the way; a failed put leaves nothing. */
  put(key: string, stream: Readable, options?: PutOptions): Promise<PutResult>;
  /** Throws ObjectNotFoundError, or InvalidRangeError when the range starts past the end. */
  get(key: string, range?: ByteRange): Promise<Readable>;
  /** null when there is no such object. */
  stat(key: string): Promise<ObjectInfo | null>;
  /** Succeeds when the object is already gone; on the local driver it also discards an unfinished put. */
  delete(key: string): Promise<void>;
  /**
   * Discards unfinished puts (local temp files) last written before `olderThan`, left by a crash; returns
   * how many. S3 drivers return 0: their unfinished puts are aborted through the caller's journal.
   */
  sweepIncomplete(olderThan: Date): Promise<number>;
  exists(key: string): Promise<boolean>;
  /** A short-lived URL the client fetches directly; null on the local driver (stream through the server). */
  presignGet(key: string, options: PresignGetOptions): Promise<string | null>;
  /** Direct-to-storage uploads; the local driver throws StorageUnsupportedError. */
  createMultipartUpload(key: string, options?: { contentType?: string }): Promise<string>;
  presignPart(key: string, uploadId: string, partNumber: number, expiresSeconds: number): Promise<string>;
  completeMultipartUpload(key: string, uploadId: string, parts: UploadedPart[]): Promise<void>;
  abortMultipartUpload(key: string, uploadId: string): Promise<void>;
  /** Never throws. */
  health(): Promise<StorageHealth>;
}

export const OBJECT_STORAGE = Symbol('OBJECT_STORAGE');

export class StorageError extends Error {}

export class ObjectTooLargeError extends StorageError {
  constructor(readonly maxBytes: number) {
    super(`Object exceeds the limit of ${maxBytes} bytes`);
  }
}

export class ObjectSizeMismatchError extends StorageError {
  constructor(
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`Object has ${actual} bytes, ${expected} were announced`);
  }
}

export class ObjectNotFoundError extends StorageError {
  constructor(readonly key: string) {
    super(`No object ${key}`);
  }
}

export class InvalidObjectKeyError extends StorageError {}

export class InvalidRangeError extends StorageError {}

export class StorageUnsupportedError extends StorageError {}

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Generated keys only: `a-z0-9_.-` segments joined by `/`, no `..`, nothing absolute. */
export function assertObjectKey(key: string): void {
  const ok =
    typeof key === 'string' &&
    key.length > 0 &&
    key.length <= 512 &&
    !key.includes('..') &&
    key.split('/').every((segment) => SEGMENT.test(segment));
  if (!ok) throw new InvalidObjectKeyError(`Invalid object key: ${JSON.stringify(key)}`);
}

/** `yyyy/mm/<uuid>`: spreads objects over directories and sorts by age. */
export function newObjectKey(now: Date = new Date()): string {
  const month = String(now.getUTCMonth() + 1).padStart(2, '0');
  return `${now.getUTCFullYear()}/${month}/${randomUUID()}`;
}

export function assertRange(range: ByteRange): void {
  if (
    !Number.isSafeInteger(range.start) ||
    !Number.isSafeInteger(range.end) ||
    range.start < 0 ||
    range.end < range.start
  ) {
    throw new InvalidRangeError(`Invalid range ${range.start}-${range.end}`);
  }
}

export function assertExpiry(seconds: number, max: number): void {
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > max) {
    throw new StorageError(`Presigned URL expiry must be 1..${max} seconds, got ${seconds}`);
  }
}

/** RFC 6266 / RFC 5987: an ASCII fallback plus the exact UTF-8 name. */
export function attachmentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
