import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { Auth } from '../../core/auth/auth.decorators';
import type { AuthUser } from '../../core/auth/auth-user';
import { PageQueryDto } from '../../core/http/pagination';
import { UuidPipe } from '../../core/http/uuid.pipe';
import { attachmentDisposition } from '../../core/storage/object-storage';
import { FileUploadsService } from './file-uploads.service';
import {
  CommentDto,
  CompleteUploadDto,
  CreateCommentDto,
  CreateDocDto,
  CreateUploadDto,
  DownloadQueryDto,
  FileDto,
  RefreshPartsDto,
  RestoreDto,
  UpdateFileDto,
  UploadDto,
  UsageDto,
  UsageQueryDto,
} from './files.dto';
import { FilesService, RangeNotSatisfiable } from './files.service';

@ApiTags('files')
@ApiBearerAuth()
@Controller('files')
export class FilesController {
  constructor(
    private readonly files: FilesService,
    private readonly uploads: FileUploadsService,
  ) {}

  @Post()
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['folderId', 'file'],
      properties: {
        folderId: { type: 'string', format: 'uuid', description: 'Sent before the file part' },
        comment: { type: 'string' },
        category: { type: 'string', description: 'Resources room only' },
        tags: { type: 'string', description: 'Comma-separated; resources room only' },
        file: { type: 'string', format: 'binary' },
      },
    },
  })
  @ApiCreatedResponse({
    type: FileDto,
    description:
      'Same name in the same folder adds a version. 413 over the size limit or quota, 415 refused type',
  })
  upload(@Auth() auth: AuthUser, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    return this.uploads.upload(auth, request, response);
  }

  @Post('uploads')
  @ApiCreatedResponse({ type: UploadDto, description: 'S3 driver only: presigned part URLs (15 min)' })
  createUpload(@Auth() auth: AuthUser, @Body() dto: CreateUploadDto) {
    return this.uploads.createUpload(auth, dto);
  }

  @Post('uploads/:uploadId/complete')
  @ApiCreatedResponse({
    type: FileDto,
    description: 'Verifies size, checksum and type, then adds the version',
  })
  completeUpload(
    @Auth() auth: AuthUser,
    @Param('uploadId', UuidPipe) uploadId: string,
    @Body() dto: CompleteUploadDto,
  ) {
    return this.uploads.completeUpload(auth, uploadId, dto);
  }

  @Post('uploads/:uploadId/parts')
  @HttpCode(200)
  @ApiOkResponse({
    type: UploadDto,
    description:
      'Fresh part URLs (15 min) for an open presigned upload, to resume after the first ones expired; ' +
      'the uploader only',
  })
  refreshParts(
    @Auth() auth: AuthUser,
    @Param('uploadId', UuidPipe) uploadId: string,
    @Body() dto: RefreshPartsDto,
  ) {
    return this.uploads.refreshParts(auth, uploadId, dto);
  }

  @Delete('uploads/:uploadId')
  @HttpCode(204)
  async abortUpload(@Auth() auth: AuthUser, @Param('uploadId', UuidPipe) uploadId: string): Promise<void> {
    await this.uploads.abortUpload(auth, uploadId);
  }

  @Get('usage')
  @ApiOkResponse({
    type: UsageDto,
    description: 'Storage used by a company and (vendor staff) the workspace',
  })
  usage(@Auth() auth: AuthUser, @Query() query: UsageQueryDto) {
    return this.files.usage(auth, query.companyId);
  }

  @Post('docs')
  @ApiCreatedResponse({ type: FileDto, description: 'A collaborative Markdown document, edited as doc:<id>' })
  createDoc(@Auth() auth: AuthUser, @Body() dto: CreateDocDto) {
    return this.files.createDoc(auth, dto);
  }

  @Get(':id')
  @ApiOkResponse({ type: FileDto })
  get(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string) {
    return this.files.get(auth, id);
  }

  @Patch(':id')
  @ApiOkResponse({
    type: FileDto,
    description: 'Rename, move within the room, category and tags (resources)',
  })
  update(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string, @Body() dto: UpdateFileDto) {
    return this.files.update(auth, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string): Promise<void> {
    await this.files.remove(auth, id);
  }

  @Get(':id/versions')
  versions(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string, @Query() query: PageQueryDto) {
    return this.files.versions(auth, id, query);
  }

  @Post(':id/versions/:vid/restore')
  @ApiCreatedResponse({ type: FileDto, description: 'A new version with the bytes of an old one' })
  restore(
    @Auth() auth: AuthUser,
    @Param('id', UuidPipe) id: string,
    @Param('vid', UuidPipe) vid: string,
    @Body() dto: RestoreDto,
  ) {
    return this.files.restore(auth, id, vid, dto);
  }

  @Post(':id/export')
  @ApiCreatedResponse({
    type: FileDto,
    description: 'Collaborative documents: the live text as a new .md version',
  })
  exportDoc(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string) {
    return this.files.exportDoc(auth, id);
  }

  @Get(':id/download')
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({
    description: 'The bytes as an attachment (Range supported), or 302 to a presigned URL valid 5 minutes',
  })
  async download(
    @Auth() auth: AuthUser,
    @Param('id', UuidPipe) id: string,
    @Query() query: DownloadQueryDto,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    let result;
    try {
      result = await this.files.download(auth, id, query.version, request.headers.range);
    } catch (error) {
      if (!(error instanceof RangeNotSatisfiable)) throw error;
      response.status(416).setHeader('Content-Range', `bytes */${error.size}`);
      response.json({ statusCode: 416, error: 'Range Not Satisfiable', message: error.message });
      return;
    }
    response.setHeader('Cache-Control', 'private, no-store');
    response.setHeader('X-Content-Type-Options', 'nosniff');
    if (result.kind === 'redirect') {
      response.redirect(302, result.url);
      return;
    }
    response.status(result.status);
    response.setHeader('Content-Type', result.contentType);
    response.setHeader('Content-Length', String(result.length));
    response.setHeader('Content-Disposition', attachmentDisposition(result.name));
    response.setHeader('Accept-Ranges', 'bytes');
    response.setHeader('ETag', `"${result.sha256}"`);
    if (result.range) {
      response.setHeader('Content-Range', `bytes ${result.range.start}-${result.range.end}/${result.size}`);
    }
    await pipeline(result.body, response).catch(() => response.destroy());
  }

  @Get(':id/downloads')
  @ApiOkResponse({ description: 'Who downloaded which version when; vendor staff only' })
  downloads(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string, @Query() query: PageQueryDto) {
    return this.files.downloads(auth, id, query);
  }

  @Get(':id/comments')
  comments(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string, @Query() query: PageQueryDto) {
    return this.files.comments(auth, id, query);
  }

  @Post(':id/comments')
  @ApiCreatedResponse({ type: CommentDto })
  comment(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string, @Body() dto: CreateCommentDto) {
    return this.files.comment(auth, id, dto);
  }
}
