import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsISO4217CurrencyCode,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { PageQueryDto } from '../http/pagination';
import { IsName, Optional } from '../http/validators';
import { Company } from './company.entity';
import { RoomDto } from './rooms.dto';

const RATE = /^(100(\.0{1,2})?|\d{1,2}(\.\d{1,2})?)$/;

export class CompanyDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Channel manager' }) ownerId!:
    string | null;
  @ApiProperty({ type: [String] }) groupIds!: string[];
  @ApiProperty({ nullable: true, type: String, example: '12.50', description: 'Percent' }) commissionRate!:
    string | null;
  @ApiProperty({ example: 'EUR' }) currency!: string;
  @ApiProperty({ nullable: true, type: Number }) leadProtectionDays!: number | null;
  @ApiProperty({ type: [RoomDto] }) rooms!: RoomDto[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

/** A room as the company list shows it; the full room is in GET /companies/:id and /companies/:id/rooms. */
export class RoomSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() kind!: string;
  @ApiProperty() name!: string;
  @ApiProperty() enabled!: boolean;
}

export class CompanyListItemDto extends OmitType(CompanyDto, ['rooms'] as const) {
  @ApiProperty({ type: [RoomSummaryDto] }) rooms!: RoomSummaryDto[];
}

export function mapCompany<R extends RoomSummaryDto>(
  company: Company,
  groupIds: string[],
  rooms: R[],
): Omit<CompanyDto, 'rooms'> & { rooms: R[] } {
  return {
    id: company.id,
    name: company.name,
    ownerId: company.ownerId,
    groupIds,
    commissionRate: company.commissionRate,
    currency: company.currency.trim(),
    leadProtectionDays: company.leadProtectionDays,
    rooms,
    createdAt: company.createdAt.toISOString(),
    updatedAt: company.updatedAt.toISOString(),
  };
}

export class CreateCompanyDto {
  @ApiProperty() @IsName() name!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'A channel manager or admin',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsUUID()
  ownerId?: string | null;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  groupIds?: string[];

  @ApiPropertyOptional({ nullable: true, type: String, example: '12.50' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @Matches(RATE, { message: 'commissionRate must be a percentage between 0 and 100 with up to 2 decimals' })
  commissionRate?: string | null;

  @ApiPropertyOptional({ example: 'EUR', description: 'Defaults to the workspace currency' })
  @Optional()
  @IsISO4217CurrencyCode()
  currency?: string;

  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Lead protection period override' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsInt()
  @Min(1)
  @Max(730)
  leadProtectionDays?: number | null;
}

export class UpdateCompanyDto extends CreateCompanyDto {
  @ApiPropertyOptional() @Optional() @IsName() declare name: string;
}

export class CompanyQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Search by name' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() groupId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() ownerId?: string;
}

export class CompanyPageDto {
  @ApiProperty({ type: [CompanyListItemDto] }) items!: CompanyListItemDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
