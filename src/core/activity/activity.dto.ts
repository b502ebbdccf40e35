import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID, Matches } from 'class-validator';
import { PageQueryDto } from '../http/pagination';
import { Activity } from './activity.entity';

export class ActivityQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  companyId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  roomId?: string;

  @ApiPropertyOptional({
    description: 'Catch up: entries with a greater `seq`, oldest first. Without it, newest first.',
  })
  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: 'after must be a sequence number' })
  after?: string;
}

export class ActivityDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'Commit-ordered sequence number, as a string' }) seq!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) companyId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) roomId!: string | null;
  @ApiProperty({ example: 'company.created' }) type!: string;
  @ApiProperty({ example: 'company' }) entity!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) entityId!: string | null;
  @ApiProperty() summary!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) by!: string | null;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class ActivityPageDto {
  @ApiProperty({ type: [ActivityDto] }) items!: ActivityDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export function mapActivity(row: Activity): ActivityDto {
  return {
    id: row.id,
    seq: String(row.seq),
    companyId: row.companyId,
    roomId: row.roomId,
    type: row.type,
    entity: row.entity,
    entityId: row.entityId,
    summary: row.summary,
    by: row.actorId,
    at: row.at.toISOString(),
  };
}
