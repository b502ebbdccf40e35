import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { catchError, concatMap, from, Observable, of, switchMap, throwError } from 'rxjs';
import type { AuthUser } from '../auth/auth-user';
import { IS_PUBLIC } from '../auth/auth.decorators';
import { BadInputException } from './errors';
import { IdempotencyService, IdempotentRequest } from './idempotency.service';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';

const KEY = /^[A-Za-z0-9_\-:.]{1,200}$/;
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** JSON with object keys sorted, so the same body hashes the same whatever order a client sends. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function requestHash(request: Request): string {
  // Bodies not parsed yet (multipart uploads) are told apart by their announced length and type.
  const body =
    request.body !== undefined
      ? canonical(request.body)
      : `${request.headers['content-type'] ?? ''};${request.headers['content-length'] ?? ''}`;
  return createHash('sha256').update(`${request.method}\n${request.originalUrl}\n${body}`).digest('hex');
}

/**
 * CONTRACT: a write sent with an Idempotency-Key runs once per user and key within 24 h; retries get the
 * first response again with `Idempotent-Replayed: true`. Only successful (2xx) responses are stored: a
 * failed request wrote nothing, so its key is released and a retry runs anew. Public routes are left alone.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Idempotency');

  constructor(
    private readonly keys: IdempotencyService,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const header = request.headers['idempotency-key'];
    if (header === undefined || !WRITES.has(request.method)) return next.handle();
    // Public routes (login sets request.user too) have no stable caller to key on.
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic || !request.user?.id) return next.handle();
    if (typeof header !== 'string' || !KEY.test(header)) {
      throw new BadInputException('Invalid Idempotency-Key header', [
        { field: IDEMPOTENCY_HEADER, problem: 'must be 1 to 200 characters of A-Z a-z 0-9 _ - : .' },
      ]);
    }
    const response = context.switchToHttp().getResponse<Response>();
    const claimed: IdempotentRequest = {
      userId: request.user.id,
      key: header,
      method: request.method,
      path: request.originalUrl,
      requestHash: requestHash(request),
    };

    return from(this.keys.claim(claimed)).pipe(
      switchMap((claim) => {
        if (claim.kind === 'replay') {
          response.status(claim.statusCode);
          response.setHeader(REPLAYED_HEADER, 'true');
          return of(claim.response);
        }
        return next.handle().pipe(
          catchError((error: unknown) =>
            from(this.keys.release(claimed)).pipe(
              catchError((releaseError: Error) => {
                this.logger.error(`could not release key: ${releaseError.message}`);
                return of(null);
              }),
              switchMap(() => throwError(() => error)),
            ),
          ),
          concatMap(async (body: unknown) => {
            const status = response.statusCode;
            const store =
              status >= 200 && status < 300
                ? this.keys.complete(claimed, status, body)
                : this.keys.release(claimed);
            // The write has committed: a failure to record it must not turn it into an error for the client.
            await store.catch((error: Error) =>
              this.logger.error(`could not store response: ${error.message}`),
            );
            return body;
          }),
        );
      }),
    );
  }
}
