import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsUUID, Matches, MaxLength, ValidatorConstraint, Validate } from 'class-validator';
import type { ValidatorConstraintInterface } from 'class-validator';
import { IsName, IsText, Optional } from '../../core/http/validators';
import type { ContactPreference } from '../../core/workspace/user.entity';

export const CONTACT_PREFERENCES = ['messages', 'email', 'phone'] as const;

@ValidatorConstraint({ name: 'timezone' })
class IanaTimezone implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string' || value.length > 64) return false;
    try {
      new Intl.DateTimeFormat('en', { timeZone: value });
      return true;
    } catch {
      return false;
    }
  }

  defaultMessage(): string {
    return 'must be an IANA time zone such as Europe/Berlin';
  }
}

export class UpdateProfileDto {
  @ApiPropertyOptional() @Optional() @IsText(200) title?: string;
  @ApiPropertyOptional({ example: '+49 30 1234567' })
  @Optional()
  @IsText(40)
  @Matches(/^[+0-9 ()./-]*$/, { message: 'must be a phone number' })
  phone?: string;
  @ApiPropertyOptional({ example: 'Europe/Berlin' }) @Optional() @Validate(IanaTimezone) timezone?: string;
  @ApiPropertyOptional({ enum: CONTACT_PREFERENCES })
  @Optional()
  @IsIn(CONTACT_PREFERENCES)
  contactPreference?: ContactPreference;
  @ApiPropertyOptional() @Optional() @IsText(2000) responsibilities?: string;
}

export class AssignContactDto {
  @ApiProperty({ format: 'uuid', description: 'An active vendor user' }) @IsUUID() userId!: string;
  @ApiProperty({ example: 'Technical support' })
  @IsName(100)
  @MaxLength(100)
  partnershipRole!: string;
}

export class ContactDto {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: ['vendor', 'partner'] }) side!: 'vendor' | 'partner';
  @ApiProperty() role!: string;
  @ApiProperty({ nullable: true, type: String, description: 'e.g. Channel manager, Technical support' })
  partnershipRole!: string | null;
  @ApiProperty() title!: string;
  @ApiProperty() responsibilities!: string;
  @ApiProperty() phone!: string;
  @ApiProperty() timezone!: string;
  @ApiProperty({ enum: CONTACT_PREFERENCES }) contactPreference!: ContactPreference;
  @ApiProperty() online!: boolean;
}
