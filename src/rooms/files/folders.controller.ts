import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Auth } from '../../core/auth/auth.decorators';
import type { AuthUser } from '../../core/auth/auth-user';
import { PageQueryDto } from '../../core/http/pagination';
import { UuidPipe } from '../../core/http/uuid.pipe';
import {
  CreateFolderDto,
  DeleteFolderQueryDto,
  FolderDto,
  FolderEntryPageDto,
  FolderListQueryDto,
  UpdateFolderDto,
} from './files.dto';
import { FoldersService } from './folders.service';

@ApiTags('files')
@ApiBearerAuth()
@Controller('folders')
export class FoldersController {
  constructor(private readonly folders: FoldersService) {}

  @Get()
  @ApiOkResponse({ description: 'Every folder of a file room (a flat tree: follow parentId)' })
  list(@Auth() auth: AuthUser, @Query() query: FolderListQueryDto) {
    return this.folders.list(auth, query);
  }

  @Post()
  @ApiCreatedResponse({ type: FolderDto })
  create(@Auth() auth: AuthUser, @Body() dto: CreateFolderDto) {
    return this.folders.create(auth, dto);
  }

  @Get(':id')
  @ApiOkResponse({ type: FolderDto, description: 'With `path`, the folders from the root down' })
  get(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string) {
    return this.folders.get(auth, id);
  }

  @Get(':id/children')
  @ApiOkResponse({ type: FolderEntryPageDto, description: 'Sub-folders, then files, by name' })
  children(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string, @Query() query: PageQueryDto) {
    return this.folders.children(auth, id, query);
  }

  @Patch(':id')
  @ApiOkResponse({ type: FolderDto, description: 'Rename and/or move within the room' })
  update(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string, @Body() dto: UpdateFolderDto) {
    return this.folders.update(auth, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOkResponse({ description: '409 for a folder that is not empty unless ?recursive=true' })
  async remove(
    @Auth() auth: AuthUser,
    @Param('id', UuidPipe) id: string,
    @Query() query: DeleteFolderQueryDto,
  ): Promise<void> {
    await this.folders.remove(auth, id, query.recursive === 'true');
  }
}
