import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsISO8601,
  IsObject,
  IsUUID,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../../core/http/pagination';
import { IsName, Optional } from '../../core/http/validators';
import type { AttachmentSummary } from '../../core/storage/attachments';
import type { Announcement } from './announcement.entity';

export class AudienceDto {
  @ApiPropertyOptional({ description: 'Every partner company' }) @Optional() @IsBoolean() all?: boolean;
  @ApiPropertyOptional({ type: [String] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  groupIds?: string[];
  @ApiPropertyOptional({ type: [String] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  companyIds?: string[];
}

export class CreateAnnouncementDto {
  @ApiProperty() @IsName(200) title!: string;
  @ApiProperty({ description: 'Markdown' }) @IsName(50000) body!: string;
  @ApiProperty({ type: AudienceDto })
  @IsObject()
  @ValidateNested()
  @Type(() => AudienceDto)
  audience!: AudienceDto;
  @ApiPropertyOptional() @Optional() @IsBoolean() pinned?: boolean;
  @ApiPropertyOptional({ format: 'date-time', description: 'Defaults to now' })
  @Optional()
  @IsISO8601({ strict: true })
  publishAt?: string;
  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String })
  @Optional()
  @ValidateIf((_, v) => v !== null)
  @IsISO8601({ strict: true })
  expireAt?: string | null;
  @ApiPropertyOptional({ type: [String], description: 'Shared files of the first targeted company' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsUUID('all', { each: true })
  attachmentIds?: string[];
}

/** Any of the fields, before or after publishing; `audience` replaces the whole audience. */
export class UpdateAnnouncementDto {
  @ApiPropertyOptional() @Optional() @IsName(200) title?: string;
  @ApiPropertyOptional({ description: 'Markdown' }) @Optional() @IsName(50000) body?: string;
  @ApiPropertyOptional({ type: AudienceDto })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => AudienceDto)
  audience?: AudienceDto;
  @ApiPropertyOptional() @Optional() @IsBoolean() pinned?: boolean;
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Moved to now or earlier, an unpublished announcement is published at once',
  })
  @Optional()
  @IsISO8601({ strict: true })
  publishAt?: string;
  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String, description: 'null: never' })
  @Optional()
  @ValidateIf((_, v) => v !== null)
  @IsISO8601({ strict: true })
  expireAt?: string | null;
}

export class AnnouncementQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only those reaching this company' })
  @Optional()
  @IsUUID()
  companyId?: string;
}

export class AnnouncementDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ type: AudienceDto }) audience!: { all: boolean; groupIds: string[]; companyIds: string[] };
  @ApiProperty() pinned!: boolean;
  @ApiProperty({ format: 'date-time' }) publishAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) expireAt!: string | null;
  @ApiProperty({ type: [Object] }) attachments!: AttachmentSummary[];
  @ApiProperty({ format: 'uuid' }) createdById!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'When the caller read it' })
  readAt!: string | null;
  @ApiPropertyOptional({ description: 'Vendor staff only: how many have read it' }) readCount?: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class AnnouncementPageDto {
  @ApiProperty({ type: [AnnouncementDto] }) items!: AnnouncementDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class ReadReceiptDto {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) companyId!: string | null;
  @ApiProperty({ format: 'date-time' }) readAt!: string;
}

export function mapAnnouncement(a: Announcement, readAt: Date | null, readCount?: number): AnnouncementDto {
  return {
    id: a.id,
    title: a.title,
    body: a.body,
    audience: { all: a.audienceAll, groupIds: a.groupIds, companyIds: a.companyIds },
    pinned: a.pinned,
    publishAt: a.publishAt.toISOString(),
    expireAt: a.expireAt ? a.expireAt.toISOString() : null,
    attachments: a.attachments,
    createdById: a.createdById,
    readAt: readAt ? readAt.toISOString() : null,
    ...(readCount === undefined ? {} : { readCount }),
    createdAt: a.createdAt.toISOString(),
  };
}
