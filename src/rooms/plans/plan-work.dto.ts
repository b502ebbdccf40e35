import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsUUID,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { IsName, IsText, Optional } from '../../core/http/validators';
import type { PlanReview, ReviewAction, Scorecard } from './plan-review.entity';
import { TASK_STATUSES, type PlanTask, type PlanTaskStatus } from './plan-task.entity';
import {
  TARGET_ACCOUNT_STATUSES,
  type TargetAccount,
  type TargetAccountStatus,
} from './target-account.entity';

export class CreateTaskDto {
  @ApiProperty() @IsName(300) title!: string;
  @ApiPropertyOptional() @Optional() @IsText(10000) description?: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @Optional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  assigneeId?: string | null;
  @ApiPropertyOptional({ format: 'date', nullable: true, type: String })
  @Optional()
  @ValidateIf((_, v) => v !== null)
  @IsISO8601({ strict: true })
  dueDate?: string | null;
}

export class UpdateTaskDto extends CreateTaskDto {
  @ApiPropertyOptional() @Optional() @IsName(300) declare title: string;
  @ApiPropertyOptional({ enum: TASK_STATUSES }) @Optional() @IsIn(TASK_STATUSES) status?: PlanTaskStatus;
  @ApiPropertyOptional() @Optional() @IsInt() @Min(0) @Max(10000) position?: number;
}

export class TaskDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ nullable: true, type: String }) assigneeId!: string | null;
  @ApiProperty({ nullable: true, type: String }) dueDate!: string | null;
  @ApiProperty({ enum: TASK_STATUSES }) status!: PlanTaskStatus;
  @ApiProperty() position!: number;
  @ApiProperty({ nullable: true, type: String }) completedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export function mapTask(t: PlanTask): TaskDto {
  return {
    id: t.id,
    title: t.title,
    description: t.description,
    assigneeId: t.assigneeId,
    dueDate: t.dueDate,
    status: t.status,
    position: t.position,
    completedAt: t.completedAt ? t.completedAt.toISOString() : null,
    createdAt: t.createdAt.toISOString(),
  };
}

export class CreateTargetAccountDto {
  @ApiProperty() @IsName(300) name!: string;
  @ApiPropertyOptional() @Optional() @IsName(253) domain?: string;
  @ApiPropertyOptional() @Optional() @IsText(10000) notes?: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @Optional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  ownerId?: string | null;
}

export class UpdateTargetAccountDto extends CreateTargetAccountDto {
  @ApiPropertyOptional() @Optional() @IsName(300) declare name: string;
  @ApiPropertyOptional({ enum: TARGET_ACCOUNT_STATUSES })
  @Optional()
  @IsIn(TARGET_ACCOUNT_STATUSES)
  status?: TargetAccountStatus;
}

export class TargetAccountDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() domain!: string;
  @ApiProperty() notes!: string;
  @ApiProperty({ enum: TARGET_ACCOUNT_STATUSES }) status!: TargetAccountStatus;
  @ApiProperty({ nullable: true, type: String }) ownerId!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export function mapTargetAccount(a: TargetAccount): TargetAccountDto {
  return {
    id: a.id,
    name: a.name,
    domain: a.domain,
    notes: a.notes,
    status: a.status,
    ownerId: a.ownerId,
    createdAt: a.createdAt.toISOString(),
  };
}

export class CreateReviewDto {
  @ApiProperty({ minimum: 1, maximum: 4 }) @IsInt() @Min(1) @Max(4) quarter!: number;
  @ApiProperty({ format: 'date' }) @IsISO8601({ strict: true }) heldOn!: string;
  @ApiPropertyOptional({ type: [String] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  attendeeIds?: string[];
}

export class CreateActionDto {
  @ApiProperty() @IsName(2000) text!: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @Optional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  ownerId?: string | null;
}

export class UpdateActionDto {
  @ApiPropertyOptional() @Optional() @IsBoolean() done?: boolean;
  @ApiPropertyOptional() @Optional() @IsName(2000) text?: string;
}

export class ReviewActionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() text!: string;
  @ApiProperty({ nullable: true, type: String }) ownerId!: string | null;
  @ApiProperty() done!: boolean;
  @ApiProperty({ nullable: true, type: String }) carriedFromId!: string | null;
}

export class ReviewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() quarter!: number;
  @ApiProperty({ format: 'date' }) heldOn!: string;
  @ApiProperty({ type: [String] }) attendeeIds!: string[];
  @ApiProperty({ type: Object, description: 'Every goal’s progress when the review was recorded, frozen' })
  scorecard!: Scorecard;
  @ApiProperty({ description: 'Yjs document of the review notes' }) document!: string;
  @ApiProperty({ type: [ReviewActionDto] }) actions!: ReviewActionDto[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export function mapReview(r: PlanReview, actions: ReviewAction[]): ReviewDto {
  return {
    id: r.id,
    quarter: r.quarter,
    heldOn: r.heldOn,
    attendeeIds: r.attendeeIds,
    scorecard: r.scorecard,
    document: `review:${r.id}`,
    actions: actions.map((a) => ({
      id: a.id,
      text: a.text,
      ownerId: a.ownerId,
      done: a.done,
      carriedFromId: a.carriedFromId,
    })),
    createdAt: r.createdAt.toISOString(),
  };
}
