import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsUrl,
  IsUUID,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../../core/http/pagination';
import { IsName, IsText, Optional } from '../../core/http/validators';
import { LearningTrack, LearningTrackItem, type TrackItemKind } from './learning-track.entity';

export class TrackItemInputDto {
  @ApiProperty({ enum: ['file', 'link'] }) @IsIn(['file', 'link']) kind!: TrackItemKind;
  @ApiPropertyOptional({ format: 'uuid', description: 'A file of the same resources room (kind file)' })
  @ValidateIf((item: TrackItemInputDto) => item.kind === 'file')
  @IsUUID()
  fileId?: string;
  @ApiPropertyOptional({ description: 'An http(s) URL (kind link)' })
  @ValidateIf((item: TrackItemInputDto) => item.kind === 'link')
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  url?: string;
  @ApiPropertyOptional({ description: 'Defaults to the file name (files); required for links' })
  @ValidateIf((item: TrackItemInputDto) => item.kind === 'link' || item.title !== undefined)
  @IsName(200)
  title?: string;
}

export class CreateTrackDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() companyId!: string;
  @ApiProperty() @IsName(200) title!: string;
  @ApiPropertyOptional() @Optional() @IsText(5000) description?: string;
  @ApiPropertyOptional({ default: false }) @Optional() @IsBoolean() published?: boolean;
  @ApiProperty({ type: [TrackItemInputDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => TrackItemInputDto)
  items!: TrackItemInputDto[];
}

export class UpdateTrackDto {
  @ApiPropertyOptional() @Optional() @IsName(200) title?: string;
  @ApiPropertyOptional() @Optional() @IsText(5000) description?: string;
  @ApiPropertyOptional() @Optional() @IsBoolean() published?: boolean;
}

export class TrackQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @Optional() @IsUUID() companyId?: string;
}

export class TrackItemDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() position!: number;
  @ApiProperty({ enum: ['file', 'link'] }) kind!: TrackItemKind;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) fileId!: string | null;
  @ApiProperty({ nullable: true, type: String }) url!: string | null;
  @ApiProperty() title!: string;
  @ApiProperty({ description: 'Whether the caller completed it' }) completed!: boolean;
}

export class TrackDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) companyId!: string;
  @ApiProperty({ format: 'uuid' }) roomId!: string;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty() published!: boolean;
  @ApiProperty({ type: [TrackItemDto] }) items!: TrackItemDto[];
  @ApiProperty({ nullable: true, type: String, description: 'When the caller completed the track' })
  completedAt!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export function mapTrack(
  track: LearningTrack,
  items: LearningTrackItem[],
  done: Set<string>,
  completedAt: Date | null,
): TrackDto {
  return {
    id: track.id,
    companyId: track.companyId,
    roomId: track.roomId,
    title: track.title,
    description: track.description,
    published: track.published,
    items: items
      .sort((a, b) => a.position - b.position)
      .map((item) => ({
        id: item.id,
        position: item.position,
        kind: item.kind,
        fileId: item.fileId,
        url: item.url,
        title: item.title,
        completed: done.has(item.id),
      })),
    completedAt: completedAt?.toISOString() ?? null,
    createdAt: track.createdAt.toISOString(),
    updatedAt: track.updatedAt.toISOString(),
  };
}
