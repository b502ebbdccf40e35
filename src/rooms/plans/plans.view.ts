import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { PlanStatus } from '../../core/access/policies/plan.policy';
import type { GoalItem } from './goal-item.entity';
import type { GoalEntry } from './goal-entry.entity';
import type { Plan } from './plan.entity';
import type { PlanGoal } from './plan-goal.entity';
import type { PlanSection } from './plan-section.entity';

export class GoalItemDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() text!: string;
  @ApiProperty() position!: number;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) completedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) completedById!: string | null;
}

export class GoalEntryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() value!: string;
  @ApiProperty() note!: string;
  @ApiProperty({ nullable: true, type: String }) period!: string | null;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class GoalDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) sectionId!: string;
  @ApiProperty() type!: string;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty() weight!: number;
  @ApiProperty({ nullable: true, type: String }) dueDate!: string | null;
  @ApiProperty({ nullable: true, type: String }) target!: string | null;
  @ApiProperty() baseline!: string;
  @ApiProperty({ type: Object }) settings!: Record<string, unknown>;
  @ApiProperty({ description: '0..100' }) progress!: number;
  @ApiPropertyOptional({ type: [Number], description: 'Per-quarter actuals for revenue and kpi goals' })
  quarters?: Array<{ quarter: number; target: number; actual: number }>;
  @ApiPropertyOptional({ type: [Object], description: 'Monthly actuals, with ?breakdown=month' })
  months?: Array<{ month: string; actual: number }>;
  @ApiPropertyOptional({ type: [GoalItemDto] }) items?: GoalItemDto[];
  @ApiPropertyOptional({ type: [GoalEntryDto] }) entries?: GoalEntryDto[];
  @ApiProperty({ nullable: true, type: Number }) finalProgress!: number | null;
}

export class SectionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() kind!: string;
  @ApiProperty() title!: string;
  @ApiProperty() position!: number;
  @ApiProperty({ description: 'Weighted completion of its goals, 0..100' }) completion!: number;
  @ApiProperty({ description: 'Name of its Y.XmlFragment in the plan document' }) fragment!: string;
  @ApiProperty({ type: [GoalDto] }) goals!: GoalDto[];
}

export class PlanDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) companyId!: string;
  @ApiProperty() companyName!: string;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty() fiscalYear!: number;
  @ApiProperty({ format: 'date' }) startDate!: string;
  @ApiProperty({ format: 'date' }) endDate!: string;
  @ApiProperty() currency!: string;
  @ApiProperty() status!: PlanStatus;
  @ApiProperty({ nullable: true, type: String }) authorId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Channel manager of the partner' }) ownerId!:
    string | null;
  @ApiProperty({ nullable: true, type: String }) templateId!: string | null;
  @ApiProperty({ description: '0..100' }) overallCompletion!: number;
  @ApiProperty({ description: 'Yjs document of the narrative' }) document!: string;
  @ApiProperty({ type: [SectionDto] }) sections!: SectionDto[];
  @ApiProperty({ nullable: true, type: String }) sharedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) approvedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class PlanRowDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) companyId!: string;
  @ApiProperty() companyName!: string;
  @ApiProperty() name!: string;
  @ApiProperty() fiscalYear!: number;
  @ApiProperty() status!: PlanStatus;
  @ApiProperty() overallCompletion!: number;
  @ApiProperty({ type: Object, description: 'Completion per section title' }) sectionCompletion!: Record<
    string,
    number
  >;
  @ApiProperty({ nullable: true, type: String }) authorId!: string | null;
  @ApiProperty({ nullable: true, type: String }) authorName!: string | null;
  @ApiProperty({ nullable: true, type: String }) ownerId!: string | null;
  @ApiProperty({ nullable: true, type: String }) revenueTarget!: string | null;
  @ApiProperty({ nullable: true, type: String }) revenueActual!: string | null;
  @ApiProperty() currency!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class PlanPageDto {
  @ApiProperty({ type: [PlanRowDto] }) items!: PlanRowDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export function mapItem(item: GoalItem): GoalItemDto {
  return {
    id: item.id,
    text: item.text,
    position: item.position,
    completedAt: item.completedAt ? item.completedAt.toISOString() : null,
    completedById: item.completedById,
  };
}

export function mapEntry(entry: GoalEntry): GoalEntryDto {
  return {
    id: entry.id,
    value: entry.value,
    note: entry.note,
    period: entry.period,
    userId: entry.userId,
    createdAt: entry.createdAt.toISOString(),
  };
}

export function mapGoal(
  goal: PlanGoal,
  progress: number,
  items: GoalItem[],
  entries: GoalEntry[],
  quarters?: GoalDto['quarters'],
  months?: GoalDto['months'],
): GoalDto {
  return {
    id: goal.id,
    sectionId: goal.sectionId,
    type: goal.type,
    title: goal.title,
    description: goal.description,
    weight: goal.weight,
    dueDate: goal.dueDate,
    target: goal.target,
    baseline: goal.baseline,
    settings: { ...goal.settings },
    progress,
    ...(quarters ? { quarters } : {}),
    ...(months ? { months } : {}),
    ...(goal.type === 'checklist' ? { items: items.map(mapItem) } : {}),
    ...(goal.type === 'manual' ? { entries: entries.map(mapEntry) } : {}),
    finalProgress: goal.finalProgress === null ? null : Number(goal.finalProgress),
  };
}

export function mapSection(section: PlanSection, completion: number, goals: GoalDto[]): SectionDto {
  return {
    id: section.id,
    kind: section.kind,
    title: section.title,
    position: section.position,
    completion,
    fragment: `section:${section.id}`,
    goals,
  };
}

export function mapPlan(
  plan: Plan,
  companyName: string,
  ownerId: string | null,
  sections: SectionDto[],
  overall: number,
): PlanDto {
  return {
    id: plan.id,
    companyId: plan.companyId,
    companyName,
    name: plan.name,
    description: plan.description,
    fiscalYear: plan.fiscalYear,
    startDate: plan.startDate,
    endDate: plan.endDate,
    currency: plan.currency.trim(),
    status: plan.status,
    authorId: plan.authorId,
    ownerId,
    templateId: plan.templateId,
    overallCompletion: overall,
    document: `plan:${plan.id}`,
    sections,
    sharedAt: plan.sharedAt ? plan.sharedAt.toISOString() : null,
    approvedAt: plan.approvedAt ? plan.approvedAt.toISOString() : null,
    createdAt: plan.createdAt.toISOString(),
    updatedAt: plan.updatedAt.toISOString(),
  };
}
