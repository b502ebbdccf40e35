import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { ErrorBody, ErrorDetail, TooManyRequestsException } from './errors';

function reason(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

/** Postgres errors that are the caller's fault, not ours. */
function fromDatabase(error: QueryFailedError): { status: number; message: string } | null {
  const code = (error.driverError as { code?: string } | undefined)?.code;
  if (code === '23505')
    return { status: HttpStatus.CONFLICT, message: 'A record with these values already exists' };
  if (code === '22P02' || code === '22003' || code === '22007' || code === '22008') {
    return { status: HttpStatus.BAD_REQUEST, message: 'A value has the wrong format' };
  }
  if (code === '40001' || code === '40P01') {
    return { status: HttpStatus.CONFLICT, message: 'Concurrent change, retry the request' };
  }
  return null;
}

const MALFORMED_JSON: ErrorBody = {
  statusCode: HttpStatus.BAD_REQUEST,
  error: reason(HttpStatus.BAD_REQUEST),
  message: 'Malformed JSON body',
  details: [{ field: 'body', problem: 'is not valid JSON' }],
};

function isParseFailure(cause: unknown): boolean {
  return (cause as { type?: unknown } | undefined)?.type === 'entity.parse.failed';
}

/** Shapes every error as the CONTRACT says, adds the request id and never leaks internals. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const request = http.getRequest<Request & { id?: string }>();
    const response = http.getResponse<Response>();
    const body = this.toBody(exception);
    body.requestId = typeof request.id === 'string' ? request.id : undefined;
    if (exception instanceof TooManyRequestsException) {
      response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    }
    if (body.statusCode >= 500) {
      this.logger.error({ err: exception, requestId: body.requestId }, 'request failed');
    }
    if (response.headersSent) {
      response.end();
      return;
    }
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ErrorBody {
    // The platform wraps body-parser errors in a 400 HttpException whose message is the parser's own.
    if (exception instanceof HttpException && isParseFailure(exception.cause)) return { ...MALFORMED_JSON };
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const payload = exception.getResponse();
      let message = exception.message;
      let details: ErrorDetail[] | undefined;
      if (typeof payload === 'object' && payload !== null) {
        const p = payload as { message?: unknown; details?: unknown };
        if (typeof p.message === 'string') message = p.message;
        else if (Array.isArray(p.message)) message = p.message.join('; ');
        if (Array.isArray(p.details)) details = p.details as ErrorDetail[];
      } else if (typeof payload === 'string') {
        message = payload;
      }
      return { statusCode: status, error: reason(status), message, ...(details ? { details } : {}) };
    }
    // Errors raised by body parsers and other middleware carry a status of their own.
    const withStatus = exception as { status?: unknown; type?: unknown; message?: unknown };
    if (typeof withStatus?.status === 'number' && withStatus.status >= 400 && withStatus.status < 500) {
      const status = withStatus.status;
      if (isParseFailure(exception)) return { ...MALFORMED_JSON };
      const message = withStatus.type === 'entity.too.large' ? 'Request body too large' : reason(status);
      return { statusCode: status, error: reason(status), message, details: [] };
    }
    if (exception instanceof QueryFailedError) {
      const mapped = fromDatabase(exception);
      if (mapped) return { statusCode: mapped.status, error: reason(mapped.status), message: mapped.message };
    }
    return {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      error: reason(500),
      message: 'Internal server error',
    };
  }
}
