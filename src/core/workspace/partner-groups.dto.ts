import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsUUID } from 'class-validator';
import { IsName, IsText, Optional } from '../http/validators';
import { PartnerGroup } from './partner-group.entity';

export class PartnerGroupDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: [String] }) companyIds!: string[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export function mapPartnerGroup(group: PartnerGroup, companyIds: string[]): PartnerGroupDto {
  return {
    id: group.id,
    name: group.name,
    description: group.description,
    companyIds,
    createdAt: group.createdAt.toISOString(),
  };
}

export class CreatePartnerGroupDto {
  @ApiProperty() @IsName(100) name!: string;
  @ApiPropertyOptional() @IsOptional() @IsText(2000) description?: string;
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  companyIds?: string[];
}

export class UpdatePartnerGroupDto {
  @ApiPropertyOptional() @Optional() @IsName(100) name?: string;
  @ApiPropertyOptional() @Optional() @IsText(2000) description?: string;
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  companyIds?: string[];
}
