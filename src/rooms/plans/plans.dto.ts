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
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PLAN_STATUSES, type PlanStatus } from '../../core/access/policies/plan.policy';
import { PageQueryDto } from '../../core/http/pagination';
import { IsName, IsText } from '../../core/http/validators';
import { GOAL_TYPES, KPI_METRICS, REVENUE_METRICS, type GoalType, type GoalMetric } from './plan-goal.entity';
import { SECTION_KINDS, type SectionKind } from './plan-section.entity';

const DECIMAL = /^-?\d{1,16}(\.\d{1,2})?$/;
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
  @ApiPropertyOptional() @IsOptional() @IsText(20000) description?: string;
  @ApiProperty({ example: 2027, description: 'Named by the calendar year it ends in' })
  @IsInt()
  @Min(2000)
  @Max(2100)
  fiscalYear!: number;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() templateId?: string;
  @ApiPropertyOptional({ description: 'Admins only: allow a second plan for the same company and year' })
  @IsOptional()
  @IsBoolean()
  allowDuplicate?: boolean;
}

export class UpdatePlanDto {
  @ApiPropertyOptional() @IsOptional() @IsName() name?: string;
  @ApiPropertyOptional() @IsOptional() @IsText(20000) description?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(2000) @Max(2100) fiscalYear?: number;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() allowDuplicate?: boolean;
}

export class TransitionDto {
  @ApiProperty({ enum: PLAN_STATUSES }) @IsIn(PLAN_STATUSES) to!: PlanStatus;
}

export class ReconcileDto {
  @ApiPropertyOptional({ description: "Also draft next year's plan with targets carried over" })
  @IsOptional()
  @IsBoolean()
  rollOver?: boolean;
}

export class PlanQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Search plan and partner names' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) fiscalYear?: number;
  @ApiPropertyOptional({ description: 'One status or several, comma-separated' })
  @IsOptional()
  @Matches(
    /^(draft_outline|draft|scheduled|active|completed|archived)(,(draft_outline|draft|scheduled|active|completed|archived))*$/,
    {
      message: 'status must be plan statuses separated by commas',
    },
  )
  status?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() companyId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Channel manager' })
  @IsOptional()
  @IsUUID()
  ownerId?: string;
  @ApiPropertyOptional({ enum: PLAN_SORTS }) @IsOptional() @IsIn(PLAN_SORTS) sort?: PlanSort;
  @ApiPropertyOptional({
    description: `Columns for the CSV export, comma-separated: ${PLAN_COLUMNS.join(', ')}`,
  })
  @IsOptional()
  @Matches(new RegExp(`^(${PLAN_COLUMNS.join('|')})(,(${PLAN_COLUMNS.join('|')}))*$`), {
    message: `columns must be among ${PLAN_COLUMNS.join(', ')}`,
  })
  columns?: string;
}

export class CreateSectionDto {
  @ApiProperty({ enum: SECTION_KINDS }) @IsIn(SECTION_KINDS) kind!: SectionKind;
  @ApiPropertyOptional() @IsOptional() @IsName(200) title?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(1000) position?: number;
}

export class UpdateSectionDto {
  @ApiPropertyOptional() @IsOptional() @IsName(200) title?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(1000) position?: number;
}

export class ChecklistItemInput {
  @ApiProperty() @IsString() @MaxLength(10000) text!: string;
}

class GoalFilters {
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  status?: string[];
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  products?: string[];
}

export class GoalFieldsDto {
  @ApiPropertyOptional() @IsOptional() @IsName(300) title?: string;
  @ApiPropertyOptional() @IsOptional() @IsText(10000) description?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  weight?: number;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsISO8601({ strict: true })
  dueDate?: string | null;
  @ApiPropertyOptional({ type: String, example: '250000.00', description: 'Annual target' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsNumberString()
  @Matches(DECIMAL, { message: 'target must be a decimal with up to 2 places' })
  target?: string | null;
  @ApiPropertyOptional({ type: String, example: '0' })
  @IsOptional()
  @IsNumberString()
  @Matches(DECIMAL, { message: 'baseline must be a decimal with up to 2 places' })
  baseline?: string;
  @ApiPropertyOptional({ enum: METRICS }) @IsOptional() @IsIn(METRICS) metric?: GoalMetric;
  @ApiPropertyOptional({ enum: ['year', 'quarter'] }) @IsOptional() @IsIn(['year', 'quarter']) period?:
    'year' | 'quarter';
  @ApiPropertyOptional({ type: [String], description: 'Four quarter targets; null shares the annual target' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(4)
  @ValidateIf((_, v) => v !== null)
  @Matches(DECIMAL, { each: true, message: 'targets must be decimals or null' })
  targets?: Array<string | null>;
  @ApiPropertyOptional({ type: GoalFilters })
  @IsOptional()
  @ValidateNested()
  @Type(() => GoalFilters)
  filters?: GoalFilters;
  @ApiPropertyOptional() @IsOptional() @IsName(50) unit?: string;
  @ApiPropertyOptional({ enum: ['sum', 'latest'] }) @IsOptional() @IsIn(['sum', 'latest']) aggregate?:
    'sum' | 'latest';
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() trackId?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(100000) requiredUsers?: number;
}

export class CreateGoalDto extends GoalFieldsDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() sectionId!: string;
  @ApiProperty({ enum: GOAL_TYPES }) @IsIn(GOAL_TYPES) type!: GoalType;
  @ApiProperty() @IsName(300) declare title: string;
  @ApiPropertyOptional({ type: [ChecklistItemInput] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => ChecklistItemInput)
  items?: ChecklistItemInput[];
}

export class UpdateGoalDto extends GoalFieldsDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Move to another section of the plan' })
  @IsOptional()
  @IsUUID()
  sectionId?: string;
}

export class AddItemDto extends ChecklistItemInput {}

export class EntryDto {
  @ApiProperty({ type: String, example: '12.5' })
  @IsNumberString()
  @Matches(DECIMAL, { message: 'value must be a decimal with up to 2 places' })
  value!: string;
  @ApiPropertyOptional() @IsOptional() @IsText(5000) note?: string;
  @ApiPropertyOptional({ example: 'Q2' }) @IsOptional() @IsName(20) period?: string;
}
