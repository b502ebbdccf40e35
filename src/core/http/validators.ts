import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsEmail, IsNotEmpty, IsString, MaxLength, ValidateIf } from 'class-validator';

// Control characters are what is removed here, so the pattern must name them.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/g;

const trim = Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/** A required, trimmed, single-line display text. */
export function IsName(max = 200) {
  return applyDecorators(
    trim,
    IsString(),
    IsNotEmpty(),
    MaxLength(max),
    Transform(({ value }) => (typeof value === 'string' ? value.replace(CONTROL_CHARS, ' ') : value)),
  );
}

/** Free text (may be empty), length-capped. */
export function IsText(max = 5000) {
  return applyDecorators(IsString(), MaxLength(max));
}

/** An email address, stored lower-cased. */
export function IsEmailAddress() {
  return applyDecorators(
    Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value)),
    IsString(),
    MaxLength(320),
    IsEmail({}, { message: 'must be an email address' }),
  );
}

/**
 * May be left out, but not sent as null: `@IsOptional()` lets null through to fields whose column is
 * NOT NULL, which turns a bad request into a database error.
 */
export function Optional() {
  return ValidateIf((_, value) => value !== undefined);
}
