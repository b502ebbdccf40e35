import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsUUID, Matches } from 'class-validator';
import { PageQueryDto } from '../../core/http/pagination';
import { Optional } from '../../core/http/validators';
import { AMOUNT } from './money';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The filters lead and deal lists share: company, registering partner user, creation dates, value range. */
export class RegistrationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @Optional() @IsUUID() companyId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Registered by this partner user' })
  @Optional()
  @IsUUID()
  registeredById?: string;
  @ApiPropertyOptional({ format: 'date', description: 'Created on or after' })
  @Optional()
  @Matches(DATE, { message: 'from must be a date YYYY-MM-DD' })
  from?: string;
  @ApiPropertyOptional({ format: 'date', description: 'Created on or before' })
  @Optional()
  @Matches(DATE, { message: 'to must be a date YYYY-MM-DD' })
  to?: string;
  @ApiPropertyOptional()
  @Optional()
  @Matches(AMOUNT, { message: 'minValue must be a decimal' })
  minValue?: string;
  @ApiPropertyOptional()
  @Optional()
  @Matches(AMOUNT, { message: 'maxValue must be a decimal' })
  maxValue?: string;
}
