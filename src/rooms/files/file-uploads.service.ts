import {
  HttpException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { DataSource, EntityManager, MoreThan } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { AuthUser } from '../../core/auth/auth-user';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { BadInputException, ConflictError, ErrorDetail } from '../../core/http/errors';
import {
  newObjectKey,
  OBJECT_STORAGE,
  ObjectStorage,
  ObjectTooLargeError,
  PRESIGN_PART_MAX_SECONDS,
} from '../../core/storage/object-storage';
import { FileAccess } from './file-access';
import {
  detectType,
  extensionOf,
  FILE_TYPES,
  isAllowedName,
  normaliseFileName,
  SNIFF_BYTES,
} from './file-types';
import { FileUpload } from './file-upload.entity';
import { FileVersionsWriter } from './file-versions.writer';
import {
  CompleteUploadDto,
  CreateUploadDto,
  FileDto,
  mapFile,
  parseTags,
  RefreshPartsDto,
  UploadDto,
} from './files.dto';
import { readMultipartUpload } from './multipart';
import { RESOURCE_CATEGORIES, ResourceCategory } from './shared-file.entity';

/** The sweep took a streamed upload's journal while it ran: what it stored is being deleted. */
class UploadSweptError extends Error {}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MiB = 1024 * 1024;
/** A refused upload larger than this closes the connection instead of draining the rest of the body. */
const DRAIN_LIMIT = 64 * MiB;

function refusedType(name: string): UnsupportedMediaTypeException {
  return new UnsupportedMediaTypeException(
    `The content of ${JSON.stringify(name)} is not an allowed type, or does not match its extension ` +
      `(allowed: ${Object.keys(FILE_TYPES).join(', ')})`,
  );
}

function tooLarge(bytes: number): PayloadTooLargeException {
  return new PayloadTooLargeException(`The file exceeds the limit of ${bytes} bytes`);
}

/** Reads the first `bytes` of an iterator; the rest stays in it. */
async function readHead(iterator: AsyncIterator<Buffer>, bytes: number) {
  const chunks: Buffer[] = [];
  let length = 0;
  while (length < bytes) {
    const next = await iterator.next();
    if (next.done) return { head: Buffer.concat(chunks), complete: true };
    chunks.push(next.value);
    length += next.value.length;
  }
  return { head: Buffer.concat(chunks), complete: false };
}

/**
 * Uploads: streamed multipart through the server, and presigned multipart straight to S3. Either way a
 * journal row is committed before the first byte is stored and removed with the version's transaction.
 */
@Injectable()
export class FileUploadsService {
  private readonly logger = new Logger('FileUploads');

  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly files: FileAccess,
    private readonly writer: FileVersionsWriter,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async upload(auth: AuthUser, request: Request, response: Response): Promise<FileDto> {
    const { fields, filename, stream } = await readMultipartUpload(request);
    try {
      return await this.store(auth, fields, filename, stream);
    } catch (error) {
      const announced = Number(request.headers['content-length'] ?? NaN);
      if (!request.complete && !(announced <= DRAIN_LIMIT)) response.setHeader('Connection', 'close');
      stream.resume();
      throw error;
    }
  }

  private async store(
    auth: AuthUser,
    fields: Record<string, string>,
    filename: string,
    stream: Readable,
  ): Promise<FileDto> {
    const problems: ErrorDetail[] = [];
    const folderId = fields.folderId ?? '';
    if (!UUID.test(folderId))
      problems.push({ field: 'folderId', problem: 'must be a UUID sent before the file' });
    const comment = fields.comment ?? '';
    if (comment.length > 1000)
      problems.push({ field: 'comment', problem: 'must be at most 1000 characters' });
    const category = fields.category as ResourceCategory | undefined;
    if (category !== undefined && !RESOURCE_CATEGORIES.includes(category)) {
      problems.push({ field: 'category', problem: `must be one of ${RESOURCE_CATEGORIES.join(', ')}` });
    }
    const tags = fields.tags !== undefined ? parseTags(fields.tags) : undefined;
    if (tags === null) problems.push({ field: 'tags', problem: 'must be up to 20 comma-separated tags' });
    const name = normaliseFileName(filename);
    if (!name) problems.push({ field: 'file', problem: 'needs a file name' });
    if (problems.length > 0) throw new BadInputException('Invalid upload', problems);

    const { folder, room } = await this.files.folder(auth, folderId.toLowerCase(), 'write');
    if ((category !== undefined || tags !== undefined) && room.kind !== 'resources') {
      throw new BadInputException('Only resources have a category and tags', [
        { field: category !== undefined ? 'category' : 'tags', problem: 'only in the resources room' },
      ]);
    }
    if (!isAllowedName(name)) throw refusedType(name);
    const maxBytes = await this.writer.allowance(this.dataSource.manager, auth.workspaceId);

    const iterator = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
    const { head, complete } = await readHead(iterator, SNIFF_BYTES);
    const contentType = detectType(name, head, complete);
    if (!contentType) throw refusedType(name);
    if (head.length > maxBytes) throw tooLarge(maxBytes);

    const body = Readable.from(
      (async function* () {
        if (head.length > 0) yield head;
        for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
      })(),
      { objectMode: false },
    );
    const journal = await this.journal(auth, folder, name);
    const lease = this.renewLease(journal, body);
    let stored: { size: number; sha256: string };
    try {
      stored = await this.storage.put(journal.objectKey, body, {
        maxBytes,
        contentType,
        onMultipartStarted: async (multipartId) => {
          journal.multipartId = multipartId;
          await this.dataSource.manager.update(FileUpload, { id: journal.id }, { multipartId });
        },
      });
    } catch (error) {
      // The sweep may take the journal (and delete the bytes) under a running put, whatever error the
      // put then ends with: that is the client's cue to send again, not a server fault.
      const swept =
        error instanceof UploadSweptError ||
        !(await this.dataSource.manager.existsBy(FileUpload, { id: journal.id }));
      await this.forget(journal);
      if (error instanceof ObjectTooLargeError) throw tooLarge(error.maxBytes);
      if (swept) throw new ConflictError('The upload stalled for too long and was dropped; send it again');
      throw error;
    } finally {
      clearInterval(lease);
    }
    try {
      return await this.uow.run(async (tx) => {
        const { file, version } = await this.writer.add(tx, auth, {
          folder,
          name,
          objectKey: journal.objectKey,
          size: stored.size,
          sha256: stored.sha256,
          contentType,
          comment,
          category,
          tags: tags ?? undefined,
        });
        await this.closeJournal(tx.manager, journal);
        return mapFile(file, version);
      });
    } catch (error) {
      await this.forget(journal);
      throw error;
    }
  }

  async createUpload(auth: AuthUser, dto: CreateUploadDto): Promise<UploadDto> {
    const { folder } = await this.files.folder(auth, dto.folderId, 'write');
    if (this.storage.driver !== 's3') {
      throw new ConflictError('Direct uploads need the S3 driver; upload through POST /files instead');
    }
    const name = normaliseFileName(dto.name);
    if (!name) throw new BadInputException('Invalid name', [{ field: 'name', problem: 'needs a file name' }]);
    if (!isAllowedName(name)) throw refusedType(name);
    const maxBytes = await this.writer.allowance(this.dataSource.manager, auth.workspaceId);
    if (dto.size > maxBytes) throw tooLarge(maxBytes);
    const partSize = Math.max(8 * MiB, Math.ceil(dto.size / 10000 / MiB) * MiB);
    const count = Math.ceil(dto.size / partSize);
    const objectKey = newObjectKey();
    const contentType = FILE_TYPES[extensionOf(name)!].contentType;
    const journal = await this.dataSource.manager.save(
      this.dataSource.manager.create(FileUpload, {
        workspaceId: auth.workspaceId,
        companyId: folder.companyId,
        folderId: folder.id,
        userId: auth.id,
        objectKey,
        name,
        size: String(dto.size),
        sha256: dto.sha256,
        comment: dto.comment ?? '',
        partSize,
        touchedAt: new Date(),
      }),
    );
    journal.multipartId = await this.storage.createMultipartUpload(objectKey, { contentType });
    await this.dataSource.manager.update(
      FileUpload,
      { id: journal.id },
      { multipartId: journal.multipartId },
    );
    return this.partUrls(
      journal,
      Array.from({ length: count }, (_, index) => index + 1),
    );
  }

  /**
   * Fresh part URLs for an upload still open, so a client whose URLs expired (a large file on a slow
   * link) resumes with the parts it has not sent instead of starting over. Keeps the upload alive.
   */
  async refreshParts(auth: AuthUser, uploadId: string, dto: RefreshPartsDto): Promise<UploadDto> {
    const journal = await this.ownUpload(auth, uploadId);
    await this.files.folder(auth, journal.folderId, 'write');
    const count = Math.ceil(Number(journal.size) / journal.partSize);
    const wanted = dto.partNumbers ?? Array.from({ length: count }, (_, index) => index + 1);
    const unknown = wanted.filter((n) => n > count);
    if (unknown.length > 0) {
      throw new BadInputException('No such parts', [
        { field: 'partNumbers', problem: `this upload has parts 1..${count}; not ${unknown.join(', ')}` },
      ]);
    }
    await this.dataSource.manager.update(FileUpload, { id: journal.id }, { touchedAt: new Date() });
    return this.partUrls(
      journal,
      [...new Set(wanted)].sort((a, b) => a - b),
    );
  }

  private async partUrls(journal: FileUpload, partNumbers: number[]): Promise<UploadDto> {
    const expires = PRESIGN_PART_MAX_SECONDS;
    const parts = await Promise.all(
      partNumbers.map(async (partNumber) => ({
        partNumber,
        url: await this.storage.presignPart(journal.objectKey, journal.multipartId!, partNumber, expires),
      })),
    );
    return {
      id: journal.id,
      partSize: journal.partSize,
      parts,
      expiresAt: new Date(Date.now() + expires * 1000).toISOString(),
    };
  }

  /** Joins the parts, then checks size, checksum and type from the stored bytes before the version exists. */
  async completeUpload(auth: AuthUser, uploadId: string, dto: CompleteUploadDto): Promise<FileDto> {
    const journal = await this.ownUpload(auth, uploadId);
    const { folder } = await this.files.folder(auth, journal.folderId, 'write');
    try {
      await this.storage.completeMultipartUpload(journal.objectKey, journal.multipartId!, dto.parts);
    } catch (error) {
      throw new BadInputException('The parts could not be joined', [
        { field: 'parts', problem: (error as Error).message },
      ]);
    }
    try {
      const info = await this.storage.stat(journal.objectKey);
      if (!info || info.size !== Number(journal.size)) {
        throw new BadInputException('The stored size differs from the announced one', [
          { field: 'size', problem: `announced ${journal.size}, stored ${info?.size ?? 0}` },
        ]);
      }
      const hash = createHash('sha256');
      const headChunks: Buffer[] = [];
      let headLength = 0;
      for await (const chunk of await this.storage.get(journal.objectKey)) {
        const buffer = chunk as Buffer;
        hash.update(buffer);
        if (headLength < SNIFF_BYTES) {
          headChunks.push(buffer);
          headLength += buffer.length;
        }
      }
      const sha256 = hash.digest('hex');
      if (sha256 !== journal.sha256) {
        throw new BadInputException('The stored bytes do not match the announced checksum', [
          { field: 'sha256', problem: `announced ${journal.sha256}, stored ${sha256}` },
        ]);
      }
      const head = Buffer.concat(headChunks).subarray(0, SNIFF_BYTES);
      const contentType = detectType(journal.name, head, info.size <= SNIFF_BYTES);
      if (!contentType) throw refusedType(journal.name);
      return await this.uow.run(async (tx) => {
        const { file, version } = await this.writer.add(tx, auth, {
          folder,
          name: journal.name,
          objectKey: journal.objectKey,
          size: info.size,
          sha256,
          contentType,
          comment: journal.comment,
        });
        await this.closeJournal(tx.manager, journal);
        return mapFile(file, version);
      });
    } catch (error) {
      if (error instanceof HttpException) await this.forget(journal);
      throw error;
    }
  }

  async abortUpload(auth: AuthUser, uploadId: string): Promise<void> {
    const journal = await this.ownUpload(auth, uploadId);
    await this.forget(journal);
  }

  private async ownUpload(auth: AuthUser, uploadId: string): Promise<FileUpload> {
    const journal = await this.dataSource.manager.findOne(FileUpload, {
      // Presigned uploads only: a streamed one has no part size.
      where: { id: uploadId, userId: auth.id, workspaceId: auth.workspaceId, partSize: MoreThan(0) },
    });
    if (!journal || !journal.multipartId) throw new NotFoundException('Upload not found');
    return journal;
  }

  private journal(auth: AuthUser, folder: { id: string; companyId: string }, name: string) {
    return this.dataSource.manager.save(
      this.dataSource.manager.create(FileUpload, {
        workspaceId: auth.workspaceId,
        companyId: folder.companyId,
        folderId: folder.id,
        userId: auth.id,
        objectKey: newObjectKey(),
        name,
        touchedAt: new Date(),
      }),
    );
  }

  /**
   * Renews the journal's lease while the upload runs. Once the sweep took the row (the lease ran out
   * while the client stalled), the upload is cut: what it stored is already being deleted.
   */
  private renewLease(journal: FileUpload, body: Readable): NodeJS.Timeout {
    const every = (this.config.files.uploadLeaseSeconds * 1000) / 3;
    const timer = setInterval(() => {
      void this.dataSource.manager
        .update(FileUpload, { id: journal.id }, { touchedAt: new Date() })
        .then((result) => {
          if (result.affected === 0)
            body.destroy(new UploadSweptError('The upload was swept after it stalled'));
        })
        .catch((error: Error) => this.logger.warn(`could not renew upload ${journal.id}: ${error.message}`));
    }, every);
    timer.unref();
    return timer;
  }

  /** In the version's transaction: an upload the sweep already took must not become a version. */
  private async closeJournal(manager: EntityManager, journal: FileUpload): Promise<void> {
    const result = await manager.delete(FileUpload, { id: journal.id });
    if (result.affected === 0)
      throw new ConflictError('The upload expired before it completed; send it again');
  }

  /** Removes what an unfinished upload stored; the journal row goes last, so a crash leaves it for the sweep. */
  async forget(journal: FileUpload): Promise<void> {
    try {
      // Fails once the parts were joined (or on servers without abort); the object delete below still runs.
      if (journal.multipartId) {
        await this.storage
          .abortMultipartUpload(journal.objectKey, journal.multipartId)
          .catch(() => undefined);
      }
      await this.storage.delete(journal.objectKey);
      await this.dataSource.manager.delete(FileUpload, { id: journal.id });
    } catch (error) {
      this.logger.warn(`could not clean up upload ${journal.id}: ${(error as Error).message}`);
    }
  }
}
