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
import { PROJECT_STATUSES, type ProjectStatus } from '../../core/access/policies/project.policy';
import { PageQueryDto } from '../../core/http/pagination';
import { IsName, IsText, Optional } from '../../core/http/validators';
import type { AttachmentSummary } from '../../core/storage/attachments';
import {
  DELIVERABLE_STATUSES,
  type DeliverableStatus,
  type ProjectDeliverable,
  type Side,
} from './project-deliverable.entity';
import { PROJECT_TASK_STATUSES, type ProjectTask, type ProjectTaskStatus } from './project-task.entity';
import type { Project } from './project.entity';
import type { ProjectUpdate } from './project-update.entity';

const DATE = { strict: true, strictSeparator: true } as const;

export class ProjectQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @Optional() @IsUUID() companyId?: string;
  @ApiPropertyOptional({ enum: PROJECT_STATUSES }) @Optional() @IsIn(PROJECT_STATUSES) status?: ProjectStatus;
}

export class CreateProjectDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() companyId!: string;
  @ApiProperty() @IsName(200) name!: string;
  @ApiPropertyOptional() @Optional() @IsText(20000) description?: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'The customer deal' })
  @Optional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  dealId?: string | null;
  @ApiPropertyOptional({ enum: PROJECT_STATUSES }) @Optional() @IsIn(PROJECT_STATUSES) status?: ProjectStatus;
  @ApiPropertyOptional({ format: 'date', nullable: true, type: String })
  @Optional()
  @ValidateIf((_, v) => v !== null)
  @IsISO8601(DATE)
  startDate?: string | null;
  @ApiPropertyOptional({ format: 'date', nullable: true, type: String })
  @Optional()
  @ValidateIf((_, v) => v !== null)
  @IsISO8601(DATE)
  dueDate?: string | null;
  @ApiPropertyOptional({
    type: [String],
    description: 'Users of either side; the creator is always a member',
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  memberIds?: string[];
}

export class UpdateProjectDto {
  @ApiPropertyOptional() @Optional() @IsName(200) name?: string;
  @ApiPropertyOptional() @Optional() @IsText(20000) description?: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @Optional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  dealId?: string | null;
  @ApiPropertyOptional({ enum: PROJECT_STATUSES }) @Optional() @IsIn(PROJECT_STATUSES) status?: ProjectStatus;
  @ApiPropertyOptional({ format: 'date', nullable: true, type: String })
  @Optional()
  @ValidateIf((_, v) => v !== null)
  @IsISO8601(DATE)
  startDate?: string | null;
  @ApiPropertyOptional({ format: 'date', nullable: true, type: String })
  @Optional()
  @ValidateIf((_, v) => v !== null)
  @IsISO8601(DATE)
  dueDate?: string | null;
  @ApiPropertyOptional({ type: [String], description: 'Replaces the member list' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  memberIds?: string[];
}

export class ProjectMemberDto {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() role!: string;
  @ApiProperty({ enum: ['vendor', 'partner'] }) side!: Side;
}

export class ProgressDto {
  @ApiProperty() done!: number;
  @ApiProperty() total!: number;
  @ApiProperty({ description: '0..100' }) percent!: number;
}

export class ProjectDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) companyId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ nullable: true, type: String }) dealId!: string | null;
  @ApiProperty({ enum: PROJECT_STATUSES }) status!: ProjectStatus;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) startDate!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) dueDate!: string | null;
  @ApiProperty({ type: [ProjectMemberDto] }) members!: ProjectMemberDto[];
  @ApiProperty({ type: ProgressDto, description: 'Tasks done / total' }) progress!: ProgressDto;
  @ApiProperty({ format: 'uuid' }) createdById!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class ProjectPageDto {
  @ApiProperty({ type: [ProjectDto] }) items!: ProjectDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export function percent(done: number, total: number): number {
  return total === 0 ? 0 : Math.round((done / total) * 1000) / 10;
}

export function mapProject(
  p: Project,
  members: ProjectMemberDto[],
  counts: { done: number; total: number },
): ProjectDto {
  return {
    id: p.id,
    companyId: p.companyId,
    name: p.name,
    description: p.description,
    dealId: p.dealId,
    status: p.status,
    startDate: p.startDate,
    dueDate: p.dueDate,
    members,
    progress: { ...counts, percent: percent(counts.done, counts.total) },
    createdById: p.createdById,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

export class CreateProjectTaskDto {
  @ApiProperty() @IsName(300) title!: string;
  @ApiPropertyOptional() @Optional() @IsText(10000) description?: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'A project member' })
  @Optional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  assigneeId?: string | null;
  @ApiPropertyOptional({ format: 'date', nullable: true, type: String })
  @Optional()
  @ValidateIf((_, v) => v !== null)
  @IsISO8601(DATE)
  dueDate?: string | null;
  @ApiPropertyOptional({ type: [String], description: 'Tasks of this project this one waits on' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  dependsOn?: string[];
  @ApiPropertyOptional() @Optional() @IsBoolean() milestone?: boolean;
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 1 })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(100)
  weight?: number;
  @ApiPropertyOptional({ enum: PROJECT_TASK_STATUSES })
  @Optional()
  @IsIn(PROJECT_TASK_STATUSES)
  status?: ProjectTaskStatus;
}

export class UpdateProjectTaskDto extends CreateProjectTaskDto {
  @ApiPropertyOptional() @Optional() @IsName(300) declare title: string;
  @ApiPropertyOptional({ minimum: 0 }) @Optional() @IsInt() @Min(0) @Max(100000) position?: number;
}

export class ProjectTaskDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ nullable: true, type: String }) assigneeId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) dueDate!: string | null;
  @ApiProperty({ enum: PROJECT_TASK_STATUSES }) status!: ProjectTaskStatus;
  @ApiProperty() milestone!: boolean;
  @ApiProperty() weight!: number;
  @ApiProperty() position!: number;
  @ApiProperty({ type: [String] }) dependsOn!: string[];
  @ApiProperty({ nullable: true, type: String }) completedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export function mapProjectTask(t: ProjectTask, dependsOn: string[]): ProjectTaskDto {
  return {
    id: t.id,
    projectId: t.projectId,
    title: t.title,
    description: t.description,
    assigneeId: t.assigneeId,
    dueDate: t.dueDate,
    status: t.status,
    milestone: t.milestone,
    weight: t.weight,
    position: t.position,
    dependsOn: [...dependsOn].sort(),
    completedAt: t.completedAt ? t.completedAt.toISOString() : null,
    createdAt: t.createdAt.toISOString(),
  };
}

export class TimelineItemDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: ['task', 'milestone'] }) kind!: 'task' | 'milestone';
  @ApiProperty({ nullable: true, type: String, format: 'date' }) date!: string | null;
  @ApiProperty({ enum: PROJECT_TASK_STATUSES }) status!: ProjectTaskStatus;
  @ApiProperty({ nullable: true, type: String }) assigneeId!: string | null;
  @ApiProperty({ type: [String] }) dependsOn!: string[];
}

export class MilestoneProgressDto extends ProgressDto {
  @ApiProperty() weightDone!: number;
  @ApiProperty() weightTotal!: number;
}

export class TimelineDto {
  @ApiProperty({ nullable: true, type: String, format: 'date' }) startDate!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) dueDate!: string | null;
  @ApiProperty({ type: [TimelineItemDto], description: 'By date; undated tasks last' })
  items!: TimelineItemDto[];
  @ApiProperty({ type: ProgressDto, description: 'Tasks done / total' }) progress!: ProgressDto;
  @ApiProperty({ type: MilestoneProgressDto, description: 'Milestones, percent by weight' })
  milestones!: MilestoneProgressDto;
}

export class CreateProjectUpdateDto {
  @ApiProperty() @IsName(20000) body!: string;
  @ApiPropertyOptional({ type: [String], description: 'Shared file ids of the company' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  attachmentIds?: string[];
}

export class AttachmentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) versionId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() size!: number;
  @ApiProperty() contentType!: string;
}

export class ProjectUpdateDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) authorId!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ type: [AttachmentDto] }) attachments!: AttachmentSummary[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export function mapProjectUpdate(u: ProjectUpdate): ProjectUpdateDto {
  return {
    id: u.id,
    authorId: u.authorId,
    body: u.body,
    attachments: u.attachments,
    createdAt: u.createdAt.toISOString(),
  };
}

export class CreateDeliverableDto {
  @ApiProperty({ format: 'uuid', description: 'A shared file of the company; its current version' })
  @IsUUID()
  fileId!: string;
  @ApiPropertyOptional({ description: 'Defaults to the file name' }) @Optional() @IsName(300) title?: string;
}

export class ReviewDeliverableDto {
  @ApiProperty({ enum: ['approved', 'changes_requested'] })
  @IsIn(['approved', 'changes_requested'])
  status!: Exclude<DeliverableStatus, 'submitted'>;
  @ApiPropertyOptional({ description: 'Required when requesting changes' })
  @Optional()
  @IsText(5000)
  comment?: string;
}

export class DeliverableDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ format: 'uuid' }) fileId!: string;
  @ApiProperty({ format: 'uuid' }) versionId!: string;
  @ApiProperty() fileName!: string;
  @ApiProperty({ enum: DELIVERABLE_STATUSES }) status!: DeliverableStatus;
  @ApiProperty({ format: 'uuid' }) submittedById!: string;
  @ApiProperty({ enum: ['vendor', 'partner'] }) submittedSide!: Side;
  @ApiProperty({ format: 'date-time' }) submittedAt!: string;
  @ApiProperty({ nullable: true, type: String }) reviewedById!: string | null;
  @ApiProperty({ nullable: true, type: String }) reviewedAt!: string | null;
  @ApiProperty() reviewComment!: string;
}

export function mapDeliverable(d: ProjectDeliverable): DeliverableDto {
  return {
    id: d.id,
    projectId: d.projectId,
    title: d.title,
    fileId: d.fileId,
    versionId: d.versionId,
    fileName: d.fileName,
    status: d.status,
    submittedById: d.submittedById,
    submittedSide: d.submittedSide,
    submittedAt: d.submittedAt.toISOString(),
    reviewedById: d.reviewedById,
    reviewedAt: d.reviewedAt ? d.reviewedAt.toISOString() : null,
    reviewComment: d.reviewComment,
  };
}
