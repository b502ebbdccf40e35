import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { LEAD_STATUSES, type LeadStatus } from '../../core/access/policies/lead.policy';
import { IsEmailAddress, IsName, IsText, Optional } from '../../core/http/validators';
import { IsProducts, money, Money, MoneyDto } from '../deals/money';
import { MoneyView } from '../deals/deals.dto';
import type { ExtensionRequest, Lead } from './lead.entity';
import { RegistrationQueryDto } from '../deals/registration-query.dto';

const STATUS_LIST = new RegExp(`^(${LEAD_STATUSES.join('|')})(,(${LEAD_STATUSES.join('|')}))*$`);
const upper = Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value));

export const LEAD_SORTS = [
  'createdAt',
  '-createdAt',
  'value',
  '-value',
  'customerName',
  '-customerName',
] as const;
export type LeadSort = (typeof LEAD_SORTS)[number];

const IsCountry = () => Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO-3166 alpha-2 code' });

/** Fields every lead write may leave out. Required ones are declared per class: a base `Optional()` would
 * still apply to a subclass that redeclares the field. */
export class LeadExtrasDto {
  @ApiPropertyOptional() @Optional() @IsString() @MaxLength(50) contactPhone?: string;
  @ApiPropertyOptional({ type: [String] }) @Optional() @IsProducts() products?: string[];
  @ApiPropertyOptional() @Optional() @IsText(10000) notes?: string;
}

/** The customer fields, all optional: for update and check. */
export class LeadFieldsDto extends LeadExtrasDto {
  @ApiPropertyOptional() @Optional() @IsName(300) customerName?: string;
  @ApiPropertyOptional({ example: 'acme.co.uk', description: 'Any form: URL, www., subdomain' })
  @Optional()
  @IsString()
  @MaxLength(300)
  customerDomain?: string;
  @ApiPropertyOptional({ example: 'GB', description: 'ISO-3166 alpha-2' })
  @Optional()
  @upper
  @IsCountry()
  country?: string;
  @ApiPropertyOptional() @Optional() @IsName(200) contactName?: string;
  @ApiPropertyOptional() @Optional() @IsEmailAddress() contactEmail?: string;
  @ApiPropertyOptional({ type: MoneyDto })
  @Optional()
  @ValidateNested()
  @Type(() => MoneyDto)
  estimatedValue?: MoneyDto;
}

export class SubmitLeadDto extends LeadExtrasDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Vendor staff submit on behalf of this partner' })
  @Optional()
  @IsUUID()
  companyId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Vendor only: the partner user it is registered for' })
  @Optional()
  @IsUUID()
  registeredById?: string;
  @ApiProperty() @IsName(300) customerName!: string;
  @ApiProperty({ example: 'acme.co.uk', description: 'Any form: URL, www., subdomain' })
  @IsString()
  @MaxLength(300)
  customerDomain!: string;
  @ApiProperty({ example: 'GB', description: 'ISO-3166 alpha-2' }) @upper @IsCountry() country!: string;
  @ApiProperty() @IsName(200) contactName!: string;
  @ApiProperty() @IsEmailAddress() contactEmail!: string;
  @ApiProperty({ type: MoneyDto })
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  estimatedValue!: MoneyDto;
}

export class CheckLeadDto extends LeadFieldsDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Vendor staff: the partner the registration would be for',
  })
  @Optional()
  @IsUUID()
  companyId?: string;
}

export class UpdateLeadDto extends LeadFieldsDto {}

export class LeadTransitionDto {
  @ApiProperty({ enum: LEAD_STATUSES }) @IsIn(LEAD_STATUSES) to!: LeadStatus;
  @ApiPropertyOptional({ description: 'Required to reject; shown to the partner' })
  @Optional()
  @IsName(2000)
  reason?: string;
}

export class ExtensionRequestDto {
  @ApiProperty() @IsName(2000) reason!: string;
  @ApiPropertyOptional({ default: 30, minimum: 1, maximum: 365 })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(365)
  days?: number;
}

export class ExtensionDecisionDto {
  @ApiProperty() @IsBoolean() grant!: boolean;
  @ApiPropertyOptional({ minimum: 1, maximum: 365, description: 'Defaults to the days asked for' })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(365)
  days?: number;
  @ApiPropertyOptional() @Optional() @IsName(2000) reason?: string;
}

export class LeadQueryDto extends RegistrationQueryDto {
  @ApiPropertyOptional({ description: 'One status or several, comma-separated' })
  @Optional()
  @Matches(STATUS_LIST, { message: 'status must be lead statuses separated by commas' })
  status?: string;
  @ApiPropertyOptional({ description: 'Search customer, domain and contact' })
  @Optional()
  @IsString()
  @MaxLength(200)
  q?: string;
  @ApiPropertyOptional({ enum: LEAD_SORTS }) @Optional() @IsIn(LEAD_SORTS) sort?: LeadSort;
}

export class ConflictMatchDto {
  @ApiProperty({ format: 'uuid' }) leadId!: string;
  @ApiProperty({ format: 'uuid' }) companyId!: string;
  @ApiProperty() companyName!: string;
  @ApiProperty() customerName!: string;
  @ApiProperty() customerDomain!: string;
  @ApiProperty() country!: string;
  @ApiProperty() contactEmail!: string;
  @ApiProperty({ enum: LEAD_STATUSES }) status!: LeadStatus;
  @ApiProperty({ type: [String], description: 'domain, name, email' }) reasons!: string[];
  @ApiProperty({ nullable: true, type: String }) expiresAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class CheckResultDto {
  @ApiProperty() conflict!: boolean;
  @ApiPropertyOptional({
    type: [ConflictMatchDto],
    description: 'Vendor staff only: the registrations it collides with',
  })
  matches?: ConflictMatchDto[];
}

export class LeadDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) companyId!: string;
  @ApiProperty() customerName!: string;
  @ApiProperty() customerDomain!: string;
  @ApiProperty() country!: string;
  @ApiProperty() contactName!: string;
  @ApiProperty() contactEmail!: string;
  @ApiProperty() contactPhone!: string;
  @ApiProperty({ type: [String] }) products!: string[];
  @ApiProperty({ type: MoneyView }) estimatedValue!: Money;
  @ApiProperty() notes!: string;
  @ApiProperty({ enum: LEAD_STATUSES }) status!: LeadStatus;
  @ApiProperty({ nullable: true, type: String }) statusReason!: string | null;
  @ApiProperty({ description: 'A possible conflict with another registration was found at submit' })
  conflict!: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) registeredById!: string | null;
  @ApiProperty({ format: 'uuid' }) submittedById!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) approvedAt!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date-time',
    description: 'End of the protection period',
  })
  expiresAt!: string | null;
  @ApiProperty({ nullable: true, type: Object }) extension!: ExtensionRequest | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) dealId!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiPropertyOptional({ type: [ConflictMatchDto], description: 'Vendor staff only, on GET /leads/:id' })
  conflicts?: ConflictMatchDto[];
}

export class LeadPageDto {
  @ApiProperty({ type: [LeadDto] }) items!: LeadDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export function mapLead(lead: Lead, conflicts?: ConflictMatchDto[]): LeadDto {
  return {
    id: lead.id,
    companyId: lead.companyId,
    customerName: lead.customerName,
    customerDomain: lead.customerDomain,
    country: lead.country,
    contactName: lead.contactName,
    contactEmail: lead.contactEmail,
    contactPhone: lead.contactPhone,
    products: lead.products,
    estimatedValue: money(lead.estimatedValue, lead.currency),
    notes: lead.notes,
    status: lead.status,
    statusReason: lead.statusReason,
    conflict: lead.conflict,
    registeredById: lead.registeredById,
    submittedById: lead.submittedById,
    approvedAt: lead.approvedAt?.toISOString() ?? null,
    expiresAt: lead.expiresAt?.toISOString() ?? null,
    extension: lead.extension,
    dealId: lead.dealId,
    createdAt: lead.createdAt.toISOString(),
    updatedAt: lead.updatedAt.toISOString(),
    ...(conflicts ? { conflicts } : {}),
  };
}
