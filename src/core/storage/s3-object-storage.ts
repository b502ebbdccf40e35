import { Logger } from '@nestjs/common';
import { Client } from 'minio';
import type { Readable } from 'node:stream';
import { meter } from './metered-stream';
import {
  assertExpiry,
  assertObjectKey,
  assertRange,
  attachmentDisposition,
  ByteRange,
  InvalidRangeError,
  ObjectInfo,
  ObjectNotFoundError,
  ObjectStorage,
  PRESIGN_GET_MAX_SECONDS,
  PRESIGN_PART_MAX_SECONDS,
  PutOptions,
  PutResult,
  StorageError,
  StorageHealth,
  UploadedPart,
} from './object-storage';

export interface S3Settings {
  endpoint: string;
  accessKey: string;
  secretKey: string;
  bucket: string;
  region: string;
}

export interface S3StorageOptions {
  /**
   * Bytes buffered per part when `put` streams a large object (at most two parts are held: one
   * uploading, one filling). S3 requires ≥ 5 MiB for every part but the last.
   */
  partSize?: number;
  /** Signing clock, injectable so tests can produce already-expired URLs. */
  now?: () => Date;
}

const DEFAULT_PART_SIZE = 8 * 1024 * 1024;
const MIN_PART_SIZE = 5 * 1024 * 1024;

function errorCode(error: unknown): string | undefined {
  return (error as { code?: string }).code;
}

function isNotFound(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'NoSuchKey' || code === 'NotFound' || code === 'NoSuchObject';
}

/**
 * MinIO or any S3 service through the `minio` client, path-style. The bucket is created (private, no
 * policy) on first use. `put` does its own multipart upload instead of the client's `putObject`, which
 * for a stream of unknown length buffers parts of hundreds of megabytes and resumes stale uploads.
 */
export class S3ObjectStorage implements ObjectStorage {
  readonly driver = 's3' as const;
  private readonly logger = new Logger('ObjectStorage');
  private readonly client: Client;
  private readonly bucket: string;
  private readonly region: string;
  private readonly partSize: number;
  private readonly now: () => Date;
  private bucketReady: Promise<void> | null = null;

  constructor(settings: S3Settings, options: S3StorageOptions = {}) {
    const url = new URL(settings.endpoint);
    const useSSL = url.protocol === 'https:';
    this.client = new Client({
      endPoint: url.hostname,
      port: url.port ? Number(url.port) : useSSL ? 443 : 80,
      useSSL,
      accessKey: settings.accessKey,
      secretKey: settings.secretKey,
      region: settings.region,
      pathStyle: true,
    });
    this.bucket = settings.bucket;
    this.region = settings.region;
    this.partSize = Math.max(MIN_PART_SIZE, options.partSize ?? DEFAULT_PART_SIZE);
    this.now = options.now ?? (() => new Date());
  }

  /** Creates the bucket when missing; a failure is retried on the next call. */
  ensureBucket(): Promise<void> {
    this.bucketReady ??= (async () => {
      if (await this.client.bucketExists(this.bucket)) return;
      try {
        await this.client.makeBucket(this.bucket, this.region);
      } catch (error) {
        const code = errorCode(error);
        if (code !== 'BucketAlreadyOwnedByYou' && code !== 'BucketAlreadyExists') throw error;
      }
    })().catch((error: unknown) => {
      this.bucketReady = null;
      throw error;
    });
    return this.bucketReady;
  }

  async put(key: string, stream: Readable, options: PutOptions = {}): Promise<PutResult> {
    assertObjectKey(key);
    await this.ensureBucket();
    const headers = options.contentType ? { 'Content-Type': options.contentType } : {};
    const metered = meter(stream, options);
    let held: Buffer[] = [];
    let heldBytes = 0;
    let uploadId: string | null = null;
    let inFlight: Promise<UploadedPart> | null = null;
    const parts: UploadedPart[] = [];

    const sendPart = async () => {
      const body = Buffer.concat(held, heldBytes);
      held = [];
      heldBytes = 0;
      if (uploadId === null) {
        uploadId = await this.client.initiateNewMultipartUpload(this.bucket, key, headers);
        await options.onMultipartStarted?.(uploadId);
      }
      if (inFlight) parts.push(await inFlight);
      const partNumber = parts.length + 1;
      const id = uploadId;
      const upload = this.client
        .uploadPart({ bucketName: this.bucket, objectName: key, uploadID: id, partNumber, headers: {} }, body)
        .then(({ etag }) => ({ partNumber, etag }));
      // Awaited later; marked handled now so a failure while the next part fills is not an unhandled rejection.
      upload.catch(() => undefined);
      inFlight = upload;
    };

    try {
      for await (const chunk of metered.chunks()) {
        held.push(chunk);
        heldBytes += chunk.length;
        if (heldBytes >= this.partSize) await sendPart();
      }
      const result = metered.result();
      if (uploadId === null) {
        await this.client.putObject(this.bucket, key, Buffer.concat(held, heldBytes), heldBytes, headers);
        return result;
      }
      if (heldBytes > 0) await sendPart();
      if (inFlight) parts.push(await inFlight);
      inFlight = null;
      await this.completeParts(key, uploadId, parts);
      return result;
    } catch (error) {
      stream.destroy();
      await (inFlight as Promise<UploadedPart> | null)?.catch(() => undefined);
      if (uploadId !== null) {
        await this.client.abortMultipartUpload(this.bucket, key, uploadId).catch((abortError: Error) => {
          this.logger.warn(`could not abort upload ${uploadId} of ${key}: ${abortError.message}`);
        });
      }
      throw error;
    }
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    assertObjectKey(key);
    if (range) assertRange(range);
    try {
      if (!range) return await this.client.getObject(this.bucket, key);
      return await this.client.getPartialObject(this.bucket, key, range.start, range.end - range.start + 1);
    } catch (error) {
      if (isNotFound(error)) throw new ObjectNotFoundError(key);
      if (errorCode(error) === 'InvalidRange')
        throw new InvalidRangeError(`Range ${range?.start}- not satisfiable`);
      throw error;
    }
  }

  async stat(key: string): Promise<ObjectInfo | null> {
    assertObjectKey(key);
    try {
      const info = await this.client.statObject(this.bucket, key);
      const contentType = info.metaData['content-type'];
      return {
        size: info.size,
        lastModified: info.lastModified,
        contentType: typeof contentType === 'string' ? contentType : null,
      };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    assertObjectKey(key);
    await this.client.removeObject(this.bucket, key);
  }

  /** Incomplete multipart uploads are aborted through the caller's journal (see `onMultipartStarted`). */
  async sweepIncomplete(): Promise<number> {
    return 0;
  }

  async exists(key: string): Promise<boolean> {
    return (await this.stat(key)) !== null;
  }

  async presignGet(
    key: string,
    options: { expiresSeconds: number; filename?: string; contentType?: string },
  ): Promise<string> {
    assertObjectKey(key);
    assertExpiry(options.expiresSeconds, PRESIGN_GET_MAX_SECONDS);
    const headers: Record<string, string> = {};
    if (options.filename) headers['response-content-disposition'] = attachmentDisposition(options.filename);
    if (options.contentType) headers['response-content-type'] = options.contentType;
    return this.client.presignedGetObject(this.bucket, key, options.expiresSeconds, headers, this.now());
  }

  async createMultipartUpload(key: string, options: { contentType?: string } = {}): Promise<string> {
    assertObjectKey(key);
    await this.ensureBucket();
    const headers = options.contentType ? { 'Content-Type': options.contentType } : {};
    return this.client.initiateNewMultipartUpload(this.bucket, key, headers);
  }

  async presignPart(
    key: string,
    uploadId: string,
    partNumber: number,
    expiresSeconds: number,
  ): Promise<string> {
    assertObjectKey(key);
    assertExpiry(expiresSeconds, PRESIGN_PART_MAX_SECONDS);
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > 10000) {
      throw new StorageError(`Part number must be 1..10000, got ${partNumber}`);
    }
    return this.client.presignedUrl(
      'PUT',
      this.bucket,
      key,
      expiresSeconds,
      { partNumber: String(partNumber), uploadId },
      this.now(),
    );
  }

  async completeMultipartUpload(key: string, uploadId: string, parts: UploadedPart[]): Promise<void> {
    assertObjectKey(key);
    await this.completeParts(key, uploadId, parts);
  }

  async abortMultipartUpload(key: string, uploadId: string): Promise<void> {
    assertObjectKey(key);
    try {
      await this.client.abortMultipartUpload(this.bucket, key, uploadId);
    } catch (error) {
      if (errorCode(error) !== 'NoSuchUpload') throw error;
    }
  }

  async health(): Promise<StorageHealth> {
    try {
      // A live request every time: a bucket created earlier says nothing about the service now.
      if (!(await this.client.bucketExists(this.bucket))) {
        this.bucketReady = null;
        await this.ensureBucket();
      }
      return { state: 'up', driver: 's3', bucket: this.bucket };
    } catch (error) {
      return { state: 'down', driver: 's3', bucket: this.bucket, error: (error as Error).message };
    }
  }

  private async completeParts(key: string, uploadId: string, parts: UploadedPart[]): Promise<void> {
    const sorted = [...parts].sort((a, b) => a.partNumber - b.partNumber);
    await this.client.completeMultipartUpload(
      this.bucket,
      key,
      uploadId,
      sorted.map((p) => ({ part: p.partNumber, etag: p.etag.replace(/"/g, '') })),
    );
  }
}
