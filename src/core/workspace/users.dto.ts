import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { ROLES, type Role } from '../access/roles';
import { PageQueryDto } from '../http/pagination';
import { IsEmailAddress, IsName, Optional } from '../http/validators';
import { User, UserStatus } from './user.entity';

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) companyId!: string | null;
  @ApiProperty({ enum: ['active', 'invited', 'disabled'] }) status!: UserStatus;
  @ApiProperty() title!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export function mapUser(user: User): UserDto {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    companyId: user.companyId,
    status: user.status,
    title: user.title,
    createdAt: user.createdAt.toISOString(),
  };
}

export class CreateUserDto {
  @ApiProperty() @IsEmailAddress() email!: string;
  @ApiProperty() @IsName() name!: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role!: Role;

  @ApiPropertyOptional({ format: 'uuid', description: 'Required for partner roles, absent for vendor roles' })
  @IsOptional()
  @IsUUID()
  companyId?: string;

  @ApiPropertyOptional({
    description: 'With a password the user is active at once; without, an invitation is sent',
  })
  @Optional()
  @IsString()
  @MaxLength(1024)
  password?: string;

  @ApiPropertyOptional() @IsOptional() @IsName(200) title?: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional() @Optional() @IsName() name?: string;
  @ApiPropertyOptional({ enum: ROLES }) @Optional() @IsIn(ROLES) role?: Role;
  @ApiPropertyOptional({ enum: ['active', 'disabled'] }) @Optional() @IsIn(['active', 'disabled']) status?:
    'active' | 'disabled';
  @ApiPropertyOptional() @Optional() @IsName(200) title?: string;
}

export class UserQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() companyId?: string;
  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES) role?: Role;
  @ApiPropertyOptional({ description: 'Search in name and email' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}

export class UserPageDto {
  @ApiProperty({ type: [UserDto] }) items!: UserDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
