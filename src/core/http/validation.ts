import { ValidationError, ValidationPipe } from '@nestjs/common';
import { BadInputException, ErrorDetail } from './errors';

function flatten(errors: ValidationError[], prefix = ''): ErrorDetail[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((problem) => ({ field, problem }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Unknown fields are refused (no mass assignment); every problem is reported with its field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      return new BadInputException(
        details.length ? `Invalid input: ${details.map((d) => d.field).join(', ')}` : 'Invalid input',
        details,
      );
    },
  });
}
