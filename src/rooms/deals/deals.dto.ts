import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  COMMISSION_STATUSES,
  DEAL_STAGES,
  type CommissionStatus,
  type DealStage,
} from '../../core/access/policies/lead.policy';
import { PageQueryDto } from '../../core/http/pagination';
import { IsName, IsText, Optional } from '../../core/http/validators';
import type { Commission } from './commission.entity';
import type { Deal } from './deal.entity';
import type { DealStageChange } from './deal-stage-change.entity';
import { commissionOf, IsProducts, money, Money, MoneyDto, PERCENT } from './money';
import { RegistrationQueryDto } from './registration-query.dto';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const STAGE_LIST = new RegExp(`^(${DEAL_STAGES.join('|')})(,(${DEAL_STAGES.join('|')}))*$`);

export const DEAL_SORTS = ['createdAt', '-createdAt', 'value', '-value', 'name', '-name'] as const;
export type DealSort = (typeof DEAL_SORTS)[number];

/** Fields every deal write may leave out. Required ones are declared per class: a base `Optional()` would
 * still apply to a subclass that redeclares the field. */
export class DealExtrasDto {
  @ApiPropertyOptional() @Optional() @IsString() @MaxLength(300) customerDomain?: string;
  @ApiPropertyOptional({ type: [String] })
  @Optional()
  @IsProducts()
  products?: string[];
  @ApiPropertyOptional({ enum: DEAL_STAGES }) @Optional() @IsIn(DEAL_STAGES) stage?: DealStage;
  @ApiPropertyOptional({ minimum: 0, maximum: 100 })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(100)
  probability?: number;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date' })
  @ValidateIf((_, v) => v !== undefined && v !== null)
  @Matches(DATE, { message: 'expectedCloseDate must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  expectedCloseDate?: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    example: '12.50',
    description: 'Vendor only: overrides the company rate',
  })
  @ValidateIf((_, v) => v !== undefined && v !== null)
  @IsString()
  @Matches(PERCENT, {
    message: 'commissionRate must be a percentage between 0 and 100 with up to 2 decimals',
  })
  commissionRate?: string | null;
}

export class CreateDealDto extends DealExtrasDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Required for vendor staff; partners register for their own company',
  })
  @Optional()
  @IsUUID()
  companyId?: string;
  @ApiProperty() @IsName(300) name!: string;
  @ApiProperty() @IsName(300) customerName!: string;
  @ApiProperty({ type: MoneyDto }) @IsObject() @ValidateNested() @Type(() => MoneyDto) value!: MoneyDto;
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Vendor only: the partner user the deal is registered for',
  })
  @Optional()
  @IsUUID()
  registeredById?: string;
}

export class UpdateDealDto extends DealExtrasDto {
  @ApiPropertyOptional() @Optional() @IsName(300) name?: string;
  @ApiPropertyOptional() @Optional() @IsName(300) customerName?: string;
  @ApiPropertyOptional({ type: MoneyDto })
  @Optional()
  @ValidateNested()
  @Type(() => MoneyDto)
  value?: MoneyDto;
  @ApiPropertyOptional({ description: 'Vendor only' }) @Optional() @IsBoolean() qualified?: boolean;
}

export class DealQueryDto extends RegistrationQueryDto {
  @ApiPropertyOptional({ description: 'One stage or several, comma-separated' })
  @Optional()
  @Matches(STAGE_LIST, { message: 'stage must be deal stages separated by commas' })
  stage?: string;
  @ApiPropertyOptional({ description: 'Search deal and customer names' })
  @Optional()
  @IsString()
  @MaxLength(200)
  q?: string;
  @ApiPropertyOptional({ enum: DEAL_SORTS }) @Optional() @IsIn(DEAL_SORTS) sort?: DealSort;
}

export class NoteDto {
  @ApiProperty({ description: 'Mention people as @<userId> or @<email>' })
  @IsText(10000)
  @Matches(/\S/, { message: 'body must not be empty' })
  body!: string;
}

export class PipelineQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @Optional() @IsUUID() companyId?: string;
}

export class CommissionQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @Optional() @IsUUID() companyId?: string;
  @ApiPropertyOptional({ enum: COMMISSION_STATUSES })
  @Optional()
  @IsIn(COMMISSION_STATUSES)
  status?: CommissionStatus;
}

export class CommissionTransitionDto {
  @ApiProperty({ enum: COMMISSION_STATUSES }) @IsIn(COMMISSION_STATUSES) to!: CommissionStatus;
  @ApiPropertyOptional({ description: 'Required to decline' }) @Optional() @IsName(2000) reason?: string;
}

export class CurrencyRateDto {
  @ApiProperty({ example: 'EUR' })
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO-4217 code' })
  currency!: string;
  @ApiProperty({ example: '1.08', description: 'Units of the workspace base currency per unit' })
  @IsString()
  @Matches(/^\d{1,10}(\.\d{1,8})?$/, { message: 'rateToBase must be a positive decimal' })
  @Matches(/[1-9]/, { message: 'rateToBase must be above zero' })
  rateToBase!: string;
}

export class MoneyView {
  @ApiProperty({ example: '12500.00' }) amount!: string;
  @ApiProperty({ example: 'EUR' }) currency!: string;
}

export class StageChangeDto {
  @ApiProperty({ nullable: true, enum: DEAL_STAGES }) from!: DealStage | null;
  @ApiProperty({ enum: DEAL_STAGES }) to!: DealStage;
  @ApiProperty({ format: 'uuid' }) byId!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class DealNoteDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) authorId!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ type: [String] }) mentionIds!: string[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class DealDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) companyId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() customerName!: string;
  @ApiProperty() customerDomain!: string;
  @ApiProperty({ type: [String] }) products!: string[];
  @ApiProperty({ type: MoneyView }) value!: Money;
  @ApiProperty({ enum: DEAL_STAGES }) stage!: DealStage;
  @ApiProperty() probability!: number;
  @ApiProperty({ nullable: true, type: String }) expectedCloseDate!: string | null;
  @ApiProperty() qualified!: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) registeredById!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) sourceLeadId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Per-deal override, percent' })
  commissionRateOverride!: string | null;
  @ApiProperty({ description: 'The rate that applies: the override, else the company rate' })
  commissionRate!: string;
  @ApiProperty({ nullable: true, type: MoneyView, description: 'On open deals: value × rate' })
  expectedCommission!: Money | null;
  @ApiProperty({ nullable: true, type: MoneyView, description: 'On won deals' })
  earnedCommission!: Money | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) closedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiPropertyOptional({ type: [StageChangeDto] }) stageHistory?: StageChangeDto[];
  @ApiPropertyOptional({ type: [DealNoteDto] }) notes?: DealNoteDto[];
}

export class DealPageDto {
  @ApiProperty({ type: [DealDto] }) items!: DealDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class PipelineStageDto {
  @ApiProperty({ enum: DEAL_STAGES }) stage!: DealStage;
  @ApiProperty() count!: number;
  @ApiProperty({ type: MoneyView }) value!: Money;
}

export class PipelineDto {
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) companyId!: string | null;
  @ApiProperty() currency!: string;
  @ApiProperty({ type: [PipelineStageDto] }) stages!: PipelineStageDto[];
  @ApiProperty({ type: MoneyView, description: 'Open stages only' }) openValue!: Money;
}

export class CommissionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) companyId!: string;
  @ApiProperty({ format: 'uuid' }) dealId!: string;
  @ApiProperty({ type: MoneyView }) dealValue!: Money;
  @ApiProperty() rate!: string;
  @ApiProperty({ type: MoneyView }) amount!: Money;
  @ApiProperty({ enum: COMMISSION_STATUSES }) status!: CommissionStatus;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) approvedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) paidAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class CommissionTotalsDto {
  @ApiProperty() currency!: string;
  @ApiProperty({ description: 'Open deals: value × rate' }) expected!: string;
  @ApiProperty() pending!: string;
  @ApiProperty() approved!: string;
  @ApiProperty() paid!: string;
  @ApiProperty() declined!: string;
}

export class CommissionPageDto {
  @ApiProperty({ type: [CommissionDto] }) items!: CommissionDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
  @ApiProperty({ type: [CommissionTotalsDto], description: 'Per currency, over the whole filtered ledger' })
  totals!: CommissionTotalsDto[];
}

export function effectiveRate(deal: Deal, companyRate: string | null): string {
  return deal.commissionRate ?? companyRate ?? '0';
}

export function mapDeal(
  deal: Deal,
  companyRate: string | null,
  history?: DealStageChange[],
  notes?: NoteSource[],
): DealDto {
  const rate = effectiveRate(deal, companyRate);
  const open = deal.stage !== 'closed_won' && deal.stage !== 'closed_lost';
  const commission = money(commissionOf(deal.value, rate), deal.currency);
  return {
    id: deal.id,
    companyId: deal.companyId,
    name: deal.name,
    customerName: deal.customerName,
    customerDomain: deal.customerDomain,
    products: deal.products,
    value: money(deal.value, deal.currency),
    stage: deal.stage,
    probability: deal.probability,
    expectedCloseDate: deal.expectedCloseDate,
    qualified: deal.qualified,
    registeredById: deal.registeredById,
    sourceLeadId: deal.sourceLeadId,
    commissionRateOverride: deal.commissionRate,
    commissionRate: rate,
    expectedCommission: open ? commission : null,
    earnedCommission: deal.stage === 'closed_won' ? commission : null,
    closedAt: deal.closedAt?.toISOString() ?? null,
    createdAt: deal.createdAt.toISOString(),
    updatedAt: deal.updatedAt.toISOString(),
    ...(history
      ? {
          stageHistory: history.map((h) => ({
            from: h.fromStage,
            to: h.toStage,
            byId: h.byId,
            at: h.at.toISOString(),
          })),
        }
      : {}),
    ...(notes ? { notes: notes.map(mapNote) } : {}),
  };
}

/** A note as the messages room gives it: a message of the deal's thread. */
export interface NoteSource {
  id: string;
  authorId: string;
  body: string;
  mentions: string[];
  createdAt: string;
}

export function mapNote(note: NoteSource): DealNoteDto {
  return {
    id: note.id,
    authorId: note.authorId,
    body: note.body,
    mentionIds: note.mentions,
    createdAt: note.createdAt,
  };
}

export function mapCommission(row: Commission): CommissionDto {
  return {
    id: row.id,
    companyId: row.companyId,
    dealId: row.dealId,
    dealValue: money(row.dealValue, row.currency),
    rate: row.rate,
    amount: money(row.amount, row.currency),
    status: row.status,
    reason: row.reason,
    approvedAt: row.approvedAt?.toISOString() ?? null,
    paidAt: row.paidAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
