import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { ROLES, type Role } from '../access/roles';
import { IsEmailAddress, IsName } from '../http/validators';

export class CreateInvitationDto {
  @ApiProperty() @IsEmailAddress() email!: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role!: Role;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() companyId?: string;
  @ApiPropertyOptional({ description: 'Display name until the invitee sets their own' })
  @IsOptional()
  @IsName()
  name?: string;
}

export class InvitationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) companyId!: string | null;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty({ description: 'The link emailed to the invitee; also returned to the inviter' })
  acceptUrl!: string;
}

export class AcceptInvitationDto {
  @ApiProperty() @IsName() name!: string;
  @ApiProperty({ minLength: 8, maxLength: 128 }) @IsString() @MaxLength(1024) password!: string;
}
