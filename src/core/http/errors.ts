import { HttpException, HttpStatus } from '@nestjs/common';

export interface ErrorDetail {
  field: string;
  problem: string;
}

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: ErrorDetail[];
  requestId?: string;
}

/** A 400 carrying per-field details in the CONTRACT error shape. */
export class BadInputException extends HttpException {
  constructor(message: string, details: ErrorDetail[] = []) {
    super({ message, details }, HttpStatus.BAD_REQUEST);
  }
}

export class ConflictError extends HttpException {
  constructor(message: string, details: ErrorDetail[] = []) {
    super({ message, details }, HttpStatus.CONFLICT);
  }
}

export class TooManyRequestsException extends HttpException {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super({ message }, HttpStatus.TOO_MANY_REQUESTS);
  }
}
