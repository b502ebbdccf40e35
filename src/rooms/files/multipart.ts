import busboy from 'busboy';
import type { Request } from 'express';
import type { Readable } from 'node:stream';
import { BadInputException } from '../../core/http/errors';

export interface MultipartUpload {
  /** Text fields sent before the file part. */
  fields: Record<string, string>;
  filename: string;
  /** The file's bytes as they arrive; must be consumed (or resumed) for the request to finish. */
  stream: Readable;
}

const FIELD_LIMIT = 16 * 1024;

/**
 * Starts reading a multipart request and resolves at the start of its `file` part, with the fields sent
 * before it: the caller checks access from those fields before a byte of the file is stored. Nothing is
 * buffered beyond the parser's own chunk. A request aborted mid-file fails `stream`.
 */
export function readMultipartUpload(request: Request): Promise<MultipartUpload> {
  const type = request.headers['content-type'] ?? '';
  if (!/^multipart\/form-data;/i.test(type)) {
    return Promise.reject(
      new BadInputException('Send the file as multipart/form-data', [
        { field: 'content-type', problem: 'must be multipart/form-data' },
      ]),
    );
  }
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: request.headers,
        defParamCharset: 'utf8',
        limits: { files: 1, fields: 20, fieldSize: FIELD_LIMIT, parts: 21, fieldNameSize: 100 },
      });
    } catch {
      reject(
        new BadInputException('Malformed multipart body', [{ field: 'body', problem: 'is not multipart' }]),
      );
      return;
    }
    const fields: Record<string, string> = {};
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      request.unpipe(parser);
      request.resume();
      reject(error);
    };
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) {
        fail(new BadInputException('Field too long', [{ field: name, problem: 'is too long' }]));
        return;
      }
      fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      if (settled) {
        stream.resume();
        return;
      }
      if (name !== 'file') {
        stream.resume();
        fail(
          new BadInputException('Unexpected file part', [
            { field: name, problem: 'send the file as "file"' },
          ]),
        );
        return;
      }
      settled = true;
      const aborted = () => {
        if (!request.complete) stream.destroy(new Error('The upload was aborted'));
      };
      request.once('close', aborted);
      stream.once('close', () => request.off('close', aborted));
      resolve({ fields, filename: info.filename ?? '', stream });
    });
    parser.on('error', (error: Error) =>
      fail(new BadInputException('Malformed multipart body', [{ field: 'body', problem: error.message }])),
    );
    parser.on('close', () =>
      fail(new BadInputException('No file sent', [{ field: 'file', problem: 'is required' }])),
    );
    request.pipe(parser);
  });
}
