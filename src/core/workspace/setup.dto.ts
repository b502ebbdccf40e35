import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsISO4217CurrencyCode, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { LoginResponseDto } from '../auth/auth.dto';
import { IsEmailAddress, IsName } from '../http/validators';

export class SetupDto {
  @ApiProperty({ example: 'Acme Partner Program' }) @IsName() workspaceName!: string;
  @ApiProperty() @IsName() name!: string;
  @ApiProperty() @IsEmailAddress() email!: string;
  @ApiProperty({ minLength: 8, maxLength: 128 }) @IsString() @MaxLength(1024) password!: string;
  @ApiPropertyOptional({ example: 'USD' }) @IsOptional() @IsISO4217CurrencyCode() currency?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 12, description: 'Month the fiscal year starts in' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(12)
  fiscalYearStartMonth?: number;
}

export class WorkspaceDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() defaultCurrency!: string;
  @ApiProperty() fiscalYearStartMonth!: number;
}

export class SetupResponseDto extends LoginResponseDto {
  @ApiProperty({ type: WorkspaceDto }) workspace!: WorkspaceDto;
}
