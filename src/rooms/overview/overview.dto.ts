import { ApiProperty } from '@nestjs/swagger';
import { ActivityDto } from '../../core/activity/activity.dto';
import { AnnouncementDto } from '../announcements/announcements.dto';

export class MoneyDto {
  @ApiProperty({ example: '12500.00' }) amount!: string;
  @ApiProperty({ example: 'EUR' }) currency!: string;
}

export class LeadCountsDto {
  @ApiProperty() total!: number;
  @ApiProperty({ type: Object, description: 'Leads submitted in the period, by current status' })
  byStatus!: Record<string, number>;
}

export class OverviewLeadsDto {
  @ApiProperty({ type: LeadCountsDto }) quarter!: LeadCountsDto;
  @ApiProperty({ type: LeadCountsDto }) year!: LeadCountsDto;
}

export class OverviewDealsDto {
  @ApiProperty() inProgress!: number;
  @ApiProperty({ type: MoneyDto }) value!: MoneyDto;
}

export class OverviewCommissionsDto {
  @ApiProperty({ type: MoneyDto, description: 'Approved and paid' }) earned!: MoneyDto;
  @ApiProperty({ type: MoneyDto }) pending!: MoneyDto;
}

export class PlanGaugeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() status!: string;
  @ApiProperty() fiscalYear!: number;
  @ApiProperty({ description: '0..100' }) overallCompletion!: number;
}

export class OverviewPlansDto {
  @ApiProperty() active!: number;
  @ApiProperty() scheduled!: number;
  @ApiProperty() completed!: number;
  @ApiProperty({ type: [PlanGaugeDto] }) items!: PlanGaugeDto[];
}

export class DueTaskDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty() projectName!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ format: 'date' }) dueDate!: string;
  @ApiProperty() status!: string;
  @ApiProperty({ nullable: true, type: String }) assigneeId!: string | null;
  @ApiProperty() overdue!: boolean;
}

export class OverviewTasksDto {
  @ApiProperty({ description: 'Open tasks due within 7 days or overdue' }) dueSoon!: number;
  @ApiProperty({ type: [DueTaskDto] }) items!: DueTaskDto[];
}

export class OverviewActivityDto {
  @ApiProperty({ nullable: true, type: String, description: 'The previous visit; null on the first' })
  since!: string | null;
  @ApiProperty({ description: 'Entries since the previous visit' }) count!: number;
  @ApiProperty({ type: [ActivityDto], description: 'Newest first, at most 50' }) items!: ActivityDto[];
}

export class OverviewDto {
  @ApiProperty({ format: 'uuid' }) companyId!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ type: OverviewLeadsDto }) leads!: OverviewLeadsDto;
  @ApiProperty({ type: OverviewDealsDto, description: 'Open deals; value in the company currency' })
  deals!: OverviewDealsDto;
  @ApiProperty({ type: OverviewCommissionsDto }) commissions!: OverviewCommissionsDto;
  @ApiProperty({
    type: OverviewPlansDto,
    nullable: true,
    description: 'Null when the caller may not see plans',
  })
  plans!: OverviewPlansDto | null;
  @ApiProperty({ type: OverviewTasksDto, nullable: true }) tasks!: OverviewTasksDto | null;
  @ApiProperty({ type: OverviewActivityDto }) activity!: OverviewActivityDto;
  @ApiProperty({ type: [AnnouncementDto] }) announcements!: AnnouncementDto[];
}
