import { HttpException, HttpStatus, ValidationError } from '@nestjs/common';
import { plainToInstance, Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsUUID, Matches, ValidateNested, validateSync } from 'class-validator';
import { STATUS_CODES } from 'node:http';
import { BadInputException, ErrorBody, ErrorDetail } from '../http/errors';
import { PresenceList, PresenceState } from './presence.service';

export class RoomRefDto {
  @IsUUID()
  roomId!: string;
}

export class ViewingDto {
  @Matches(/^[a-z][a-z_]{0,39}$/, { message: 'must be an entity type such as plan or file' })
  type!: string;

  @IsUUID()
  id!: string;
}

export class PresenceSetDto extends RoomRefDto {
  @IsIn(['active', 'away'])
  state!: PresenceState;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ViewingDto)
  viewing?: ViewingDto | null;
}

export class TypingDto extends RoomRefDto {
  @IsUUID()
  conversationId!: string;
}

export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: ErrorBody };

export type JoinAck = Ack<{ presence: PresenceList }>;

function flatten(errors: ValidationError[], prefix = ''): ErrorDetail[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((problem) => ({ field, problem }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Validates a socket payload like a REST body: unknown fields refused, every problem named. */
export function parsePayload<T extends object>(dto: new () => T, payload: unknown): T {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new BadInputException('Payload must be an object');
  }
  const instance = plainToInstance(dto, payload);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) {
    const details = flatten(errors);
    throw new BadInputException(`Invalid input: ${details.map((d) => d.field).join(', ')}`, details);
  }
  return instance;
}

/** The CONTRACT error shape for an ack; internals of unexpected errors are never sent. */
export function toErrorBody(error: unknown): ErrorBody {
  if (error instanceof HttpException) {
    const statusCode = error.getStatus();
    const payload = error.getResponse();
    let message = error.message;
    let details: ErrorDetail[] | undefined;
    if (typeof payload === 'object' && payload !== null) {
      const p = payload as { message?: unknown; details?: unknown };
      if (typeof p.message === 'string') message = p.message;
      if (Array.isArray(p.details)) details = p.details as ErrorDetail[];
    }
    return {
      statusCode,
      error: STATUS_CODES[statusCode] ?? 'Error',
      message,
      ...(details ? { details } : {}),
    };
  }
  return {
    statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
    error: STATUS_CODES[500]!,
    message: 'Internal server error',
  };
}
