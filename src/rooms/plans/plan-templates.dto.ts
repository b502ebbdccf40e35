import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsInt, IsObject, IsUUID, Matches, Max, Min } from 'class-validator';
import { IsName, IsText, Optional } from '../../core/http/validators';
import type { PlanTemplate, TemplateSection } from './plan-template.entity';

export class CreateTemplateDto {
  @ApiProperty() @IsName() name!: string;
  @ApiPropertyOptional() @Optional() @IsText(5000) description?: string;
  @ApiProperty({
    format: 'uuid',
    description: 'The plan whose sections, goals and targets become the template',
  })
  @IsUUID()
  fromPlanId!: string;
  @ApiPropertyOptional({ type: [String] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  groupIds?: string[];
}

class TargetOverride {
  @ApiProperty({ description: 'Goal title in the template' }) @IsName(300) goal!: string;
  @ApiProperty({ example: '500000' })
  @Matches(/^\d{1,16}(\.\d{1,2})?$/, { message: 'target must be a decimal' })
  target!: string;
}

export class ApplyTemplateDto {
  @ApiPropertyOptional({ type: [String] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  companyIds?: string[];
  @ApiPropertyOptional({ type: [String] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  groupIds?: string[];
  @ApiProperty({ example: 2027 }) @IsInt() @Min(2000) @Max(2100) fiscalYear!: number;
  @ApiPropertyOptional({ description: 'Plan name; defaults to "<template> FY<year>"' })
  @Optional()
  @IsName()
  name?: string;
  @ApiPropertyOptional({ description: 'Per-company target overrides: { companyId: [{goal, target}] }' })
  @Optional()
  @IsObject()
  overrides?: Record<string, TargetOverride[]>;
}

export class TemplateDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: [String] }) groupIds!: string[];
  @ApiProperty({ type: Object, isArray: true }) sections!: TemplateSection[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class ApplyResultDto {
  @ApiProperty({
    type: Object,
    isArray: true,
    description: 'One entry per company: the plan created or why not',
  })
  results!: Array<{ companyId: string; planId: string | null; error: string | null }>;
}

export function mapTemplate(t: PlanTemplate): TemplateDto {
  return {
    id: t.id,
    name: t.name,
    description: t.description,
    groupIds: t.groupIds,
    sections: t.sections,
    createdAt: t.createdAt.toISOString(),
  };
}
