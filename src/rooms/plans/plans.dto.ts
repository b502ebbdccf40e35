import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumberString,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PLAN_STATUSES, type PlanStatus } from '../../core/access/policies/plan.policy';
import { PageQueryDto } from '../../core/http/pagination';
import { IsName, IsText, Optional } from '../../core/http/validators';
import { GOAL_TYPES, KPI_METRICS, REVENUE_METRICS, type GoalType, type GoalMetric } from './plan-goal.entity';
import { SECTION_KINDS, type SectionKind } from './plan-section.entity';

const DECIMAL = /^-?\d{1,16}(\.\d{1,2})?$/;

/** Each entry a decimal string, or null for a quarter that shares what the annual target leaves. */
function AreDecimalsOrNull(): PropertyDecorator {
  return ValidateBy({
    name: 'areDecimalsOrNull',
    validator: {
      validate: (value: unknown) =>
        Array.isArray(value) && value.every((t) => t === null || (typeof t === 'string' && DECIMAL.test(t))),
      defaultMessage: () => 'targets must be decimals or null',
    },
  });
}
const METRICS = [...REVENUE_METRICS, ...KPI_METRICS];

export const PLAN_SORTS = [
  'name',
  '-name',
  'fiscalYear',
  '-fiscalYear',
  'overallCompletion',
  '-overallCompletion',
  'createdAt',
  '-createdAt',
  'updatedAt',
  '-updatedAt',
  'company',
  '-company',
] as const;
export type PlanSort = (typeof PLAN_SORTS)[number];

export const PLAN_COLUMNS = [
  'partner',
  'plan',
  'fiscalYear',
  'status',
  'overallCompletion',
  'sections',
  'author',
  'created',
  'updated',
  'revenueTarget',
  'revenueActual',
] as const;

export class CreatePlanDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() companyId!: string;
  @ApiProperty() @IsName() name!: string;
  @ApiPropertyOptional() @Optional() @IsText(20000) description?: string;
  @ApiProperty({ example: 2027, description: 'Named by the calendar year it ends in' })
  @IsInt()
  @Min(2000)
  @Max(2100)
  fiscalYear!: number;
  @ApiPropertyOptional({ format: 'uuid' }) @Optional() @IsUUID() templateId?: string;
  @ApiPropertyOptional({ description: 'Admins only: allow a second plan for the same company and year' })
  @Optional()
  @IsBoolean()
  allowDuplicate?: boolean;
}

export class UpdatePlanDto {
  @ApiPropertyOptional() @Optional() @IsName() name?: string;
  @ApiPropertyOptional() @Optional() @IsText(20000) description?: string;
  @ApiPropertyOptional() @Optional() @IsInt() @Min(2000) @Max(2100) fiscalYear?: number;
  @ApiPropertyOptional() @Optional() @IsBoolean() allowDuplicate?: boolean;
}

export class TransitionDto {
  @ApiProperty({ enum: PLAN_STATUSES }) @IsIn(PLAN_STATUSES) to!: PlanStatus;
}

export class ReconcileDto {
  @ApiPropertyOptional({ description: "Also draft next year's plan with targets carried over" })
  @Optional()
  @IsBoolean()
  rollOver?: boolean;
}

export class PlanQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Search plan and partner names' })
  @Optional()
  @IsString()
  @MaxLength(200)
  q?: string;
  @ApiPropertyOptional() @Optional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) fiscalYear?: number;
  @ApiPropertyOptional({ description: 'One status or several, comma-separated' })
  @Optional()
  @Matches(
    /^(draft_outline|draft|scheduled|active|completed|archived)(,(draft_outline|draft|scheduled|active|completed|archived))*$/,
    {
      message: 'status must be plan statuses separated by commas',
    },
  )
  status?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @Optional() @IsUUID() companyId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Channel manager' })
  @Optional()
  @IsUUID()
  ownerId?: string;
  @ApiPropertyOptional({ enum: PLAN_SORTS }) @Optional() @IsIn(PLAN_SORTS) sort?: PlanSort;
  @ApiPropertyOptional({
    description: `Columns for the CSV export, comma-separated: ${PLAN_COLUMNS.join(', ')}`,
  })
  @Optional()
  @Matches(new RegExp(`^(${PLAN_COLUMNS.join('|')})(,(${PLAN_COLUMNS.join('|')}))*$`), {
    message: `columns must be among ${PLAN_COLUMNS.join(', ')}`,
  })
  columns?: string;
}

export class CreateSectionDto {
  @ApiProperty({ enum: SECTION_KINDS }) @IsIn(SECTION_KINDS) kind!: SectionKind;
  @ApiPropertyOptional() @Optional() @IsName(200) title?: string;
  @ApiPropertyOptional() @Optional() @IsInt() @Min(0) @Max(1000) position?: number;
}

export class UpdateSectionDto {
  @ApiPropertyOptional() @Optional() @IsName(200) title?: string;
  @ApiPropertyOptional() @Optional() @IsInt() @Min(0) @Max(1000) position?: number;
}

export class ChecklistItemInput {
  @ApiProperty() @IsString() @MaxLength(10000) text!: string;
}

class GoalFilters {
  @ApiPropertyOptional({ type: [String] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  status?: string[];
  @ApiPropertyOptional({ type: [String] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  products?: string[];
}

export class GoalFieldsDto {
  @ApiPropertyOptional() @Optional() @IsName(300) title?: string;
  @ApiPropertyOptional() @Optional() @IsText(10000) description?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 1 })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(100)
  weight?: number;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date' })
  @Optional()
  @ValidateIf((_, v) => v !== null)
  @IsISO8601({ strict: true })
  dueDate?: string | null;
  @ApiPropertyOptional({ type: String, example: '250000.00', description: 'Annual target' })
  @Optional()
  @ValidateIf((_, v) => v !== null)
  @IsNumberString()
  @Matches(DECIMAL, { message: 'target must be a decimal with up to 2 places' })
  target?: string | null;
  @ApiPropertyOptional({ type: String, example: '0' })
  @Optional()
  @IsNumberString()
  @Matches(DECIMAL, { message: 'baseline must be a decimal with up to 2 places' })
  baseline?: string;
  @ApiPropertyOptional({ enum: METRICS }) @Optional() @IsIn(METRICS) metric?: GoalMetric;
  @ApiPropertyOptional({ enum: ['year', 'quarter'] }) @Optional() @IsIn(['year', 'quarter']) period?:
    'year' | 'quarter';
  @ApiPropertyOptional({ type: [String], description: 'Four quarter targets; null shares the annual target' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(4)
  @AreDecimalsOrNull()
  targets?: Array<string | null>;
  @ApiPropertyOptional({ type: GoalFilters })
  @Optional()
  @ValidateNested()
  @Type(() => GoalFilters)
  filters?: GoalFilters;
  @ApiPropertyOptional() @Optional() @IsName(50) unit?: string;
  @ApiPropertyOptional({ enum: ['sum', 'latest'] }) @Optional() @IsIn(['sum', 'latest']) aggregate?:
    'sum' | 'latest';
  @ApiPropertyOptional({ format: 'uuid' }) @Optional() @IsUUID() trackId?: string;
  @ApiPropertyOptional() @Optional() @IsInt() @Min(1) @Max(100000) requiredUsers?: number;
}

export class CreateGoalDto extends GoalFieldsDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() sectionId!: string;
  @ApiProperty({ enum: GOAL_TYPES }) @IsIn(GOAL_TYPES) type!: GoalType;
  @ApiProperty() @IsName(300) declare title: string;
  @ApiPropertyOptional({ type: [ChecklistItemInput] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => ChecklistItemInput)
  items?: ChecklistItemInput[];
}

export class UpdateGoalDto extends GoalFieldsDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Move to another section of the plan' })
  @Optional()
  @IsUUID()
  sectionId?: string;
}

export class AddItemDto extends ChecklistItemInput {}

export class EntryDto {
  @ApiProperty({ type: String, example: '12.5' })
  @IsNumberString()
  @Matches(DECIMAL, { message: 'value must be a decimal with up to 2 places' })
  value!: string;
  @ApiPropertyOptional() @Optional() @IsText(5000) note?: string;
  @ApiPropertyOptional({ example: 'Q2' }) @Optional() @IsName(20) period?: string;
}

export class PlanViewQueryDto {
  @ApiPropertyOptional({
    enum: ['quarter', 'month'],
    description: 'month adds monthly actuals to revenue and kpi goals',
  })
  @Optional()
  @IsIn(['quarter', 'month'])
  breakdown?: 'quarter' | 'month';
}
