import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../../core/http/pagination';
import { IsName, IsText, Optional } from '../../core/http/validators';
import { Folder } from './folder.entity';
import { FileDownload } from './file-download.entity';
import { FileVersion } from './file-version.entity';
import { FileKind, RESOURCE_CATEGORIES, type ResourceCategory, SharedFile } from './shared-file.entity';

const TAG = /^[\p{L}\p{N}][\p{L}\p{N} _.-]{0,39}$/u;

export class FolderDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) companyId!: string;
  @ApiProperty({ format: 'uuid' }) roomId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'null for a room root' })
  parentId!: string | null;
  @ApiProperty() name!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export function mapFolder(folder: Folder): FolderDto {
  return {
    id: folder.id,
    companyId: folder.companyId,
    roomId: folder.roomId,
    parentId: folder.parentId,
    name: folder.name,
    createdAt: folder.createdAt.toISOString(),
    updatedAt: folder.updatedAt.toISOString(),
  };
}

export class FileVersionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() number!: number;
  @ApiProperty() size!: number;
  @ApiProperty() contentType!: string;
  @ApiProperty() sha256!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) uploaderId!: string | null;
  @ApiProperty() comment!: string;
  @ApiProperty({ nullable: true, type: Number, description: 'The version this one was restored from' })
  restoredFrom!: number | null;
  @ApiProperty() createdAt!: string;
}

export function mapVersion(version: FileVersion): FileVersionDto {
  return {
    id: version.id,
    number: version.number,
    size: Number(version.size),
    contentType: version.contentType,
    sha256: version.sha256.trim(),
    uploaderId: version.uploaderId,
    comment: version.comment,
    restoredFrom: version.restoredFrom,
    createdAt: version.createdAt.toISOString(),
  };
}

export class FileDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) companyId!: string;
  @ApiProperty({ format: 'uuid' }) roomId!: string;
  @ApiProperty({ format: 'uuid' }) folderId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['file', 'doc'] }) kind!: FileKind;
  @ApiProperty({ enum: RESOURCE_CATEGORIES, nullable: true }) category!: ResourceCategory | null;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty({ type: FileVersionDto, nullable: true }) currentVersion!: FileVersionDto | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) createdById!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export function mapFile(file: SharedFile, current: FileVersion | null): FileDto {
  return {
    id: file.id,
    companyId: file.companyId,
    roomId: file.roomId,
    folderId: file.folderId,
    name: file.name,
    kind: file.kind,
    category: file.category,
    tags: file.tags,
    currentVersion: current ? mapVersion(current) : null,
    createdById: file.createdById,
    createdAt: file.createdAt.toISOString(),
    updatedAt: file.updatedAt.toISOString(),
  };
}

export class FolderEntryDto {
  @ApiProperty({ enum: ['folder', 'file'] }) type!: 'folder' | 'file';
  @ApiPropertyOptional({ type: FolderDto }) folder?: FolderDto;
  @ApiPropertyOptional({ type: FileDto }) file?: FileDto;
}

export class FolderEntryPageDto {
  @ApiProperty({ type: [FolderEntryDto] }) items!: FolderEntryDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class DownloadDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ format: 'uuid' }) versionId!: string;
  @ApiProperty() versionNumber!: number;
  @ApiProperty() at!: string;
}

export function mapDownload(row: FileDownload, versionNumber: number): DownloadDto {
  return {
    id: row.id,
    userId: row.userId,
    versionId: row.versionId,
    versionNumber,
    at: row.at.toISOString(),
  };
}

export class CommentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) fileId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) authorId!: string | null;
  @ApiProperty() body!: string;
  @ApiProperty({ type: [String] }) mentions!: string[];
  @ApiProperty() createdAt!: string;
}

export class FolderListQueryDto extends PageQueryDto {
  @ApiProperty({ format: 'uuid', description: 'The file room whose folders to list' })
  @IsUUID()
  roomId!: string;
}

export class CreateFolderDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() parentId!: string;
  @ApiProperty()
  @IsName(255)
  @Matches(/^[^/\\]+$/, { message: 'name must not contain / or \\' })
  name!: string;
}

export class UpdateFolderDto {
  @ApiPropertyOptional()
  @Optional()
  @IsName(255)
  @Matches(/^[^/\\]+$/, { message: 'name must not contain / or \\' })
  name?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Move under this folder of the same room' })
  @Optional()
  @IsUUID()
  parentId?: string;
}

export class DeleteFolderQueryDto {
  @ApiPropertyOptional({ description: 'Required to delete a folder that is not empty' })
  @Optional()
  @IsIn(['true', 'false'])
  recursive?: 'true' | 'false';
}

export class UpdateFileDto {
  @ApiPropertyOptional() @Optional() @IsName(255) name?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @Optional() @IsUUID() folderId?: string;
  @ApiPropertyOptional({ enum: RESOURCE_CATEGORIES, nullable: true, description: 'Resources room only' })
  @Optional()
  @Transform(({ value }: { value: unknown }) => (value === null ? '' : value))
  @IsIn([...RESOURCE_CATEGORIES, ''])
  category?: ResourceCategory | '';
  @ApiPropertyOptional({ type: [String], description: 'Resources room only' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(TAG, { each: true, message: 'each tag must be 1 to 40 letters, digits, spaces, _ . -' })
  tags?: string[];
}

export function parseTags(raw: string): string[] | null {
  const tags = raw
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  return tags.length <= 20 && tags.every((t) => TAG.test(t)) ? [...new Set(tags)] : null;
}

export class RestoreDto {
  @ApiPropertyOptional() @Optional() @IsText(1000) comment?: string;
}

export class DownloadQueryDto {
  @ApiPropertyOptional({ description: 'Version number; the current version when left out' })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  version?: number;
}

export class CreateCommentDto {
  @ApiProperty()
  @IsString()
  @MaxLength(10000)
  @Matches(/\S/, { message: 'body must not be blank' })
  body!: string;
  @ApiPropertyOptional({ type: [String], description: 'Users mentioned; they must be able to read the file' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  mentions?: string[];
}

export class UsageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @Optional() @IsUUID() companyId?: string;
}

export class UsageDto {
  @ApiProperty({ nullable: true, type: Number }) companyBytes!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Vendor staff only' }) workspaceBytes!:
    number | null;
  @ApiProperty({ description: '0 = no quota' }) workspaceQuotaBytes!: number;
  @ApiProperty() maxUploadBytes!: number;
}

export class CreateUploadDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() folderId!: string;
  @ApiProperty() @IsString() @MaxLength(1024) name!: string;
  @ApiProperty({ description: 'Exact size in bytes' })
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  size!: number;
  @ApiProperty({ description: 'Lowercase hex SHA-256 of the whole file' })
  @Matches(/^[0-9a-f]{64}$/, { message: 'sha256 must be 64 lowercase hex digits' })
  sha256!: string;
  @ApiPropertyOptional() @Optional() @IsText(1000) comment?: string;
}

export class UploadPartDto {
  @ApiProperty() partNumber!: number;
  @ApiProperty() url!: string;
}

export class UploadDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() partSize!: number;
  @ApiProperty({ type: [UploadPartDto] }) parts!: UploadPartDto[];
  @ApiProperty() expiresAt!: string;
}

export class RefreshPartsDto {
  @ApiPropertyOptional({
    type: [Number],
    description: 'The parts still to send (1-based); all of them when left out',
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(10000)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(10000, { each: true })
  partNumbers?: number[];
}

export class CompletedPartDto {
  @ApiProperty() @IsInt() @Min(1) @Max(10000) partNumber!: number;
  @ApiProperty() @IsString() @MaxLength(200) etag!: string;
}

export class CompleteUploadDto {
  @ApiProperty({ type: [CompletedPartDto] })
  @IsArray()
  @ArrayMaxSize(10000)
  @ValidateNested({ each: true })
  @Type(() => CompletedPartDto)
  parts!: CompletedPartDto[];
}

export class CreateDocDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() folderId!: string;
  @ApiProperty({ description: 'Ends in .md' })
  @IsName(255)
  @Matches(/^[^/\\]+\.md$/i, { message: 'name must end in .md and hold no / or \\' })
  name!: string;
}
