import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Auth } from '../../core/auth/auth.decorators';
import type { AuthUser } from '../../core/auth/auth-user';
import { UuidPipe } from '../../core/http/uuid.pipe';
import {
  AnnouncementDto,
  AnnouncementPageDto,
  AnnouncementQueryDto,
  CreateAnnouncementDto,
  ReadReceiptDto,
  UpdateAnnouncementDto,
} from './announcements.dto';
import { AnnouncementsService } from './announcements.service';

@ApiTags('announcements')
@ApiBearerAuth()
@Controller('announcements')
export class AnnouncementsController {
  constructor(private readonly announcements: AnnouncementsService) {}

  @Get()
  @ApiOkResponse({ type: AnnouncementPageDto, description: 'Partners: live ones aimed at their company' })
  list(@Auth() auth: AuthUser, @Query() query: AnnouncementQueryDto) {
    return this.announcements.list(auth, query);
  }

  @Post()
  @ApiCreatedResponse({ type: AnnouncementDto, description: 'Admin; channel managers for owned companies' })
  create(@Auth() auth: AuthUser, @Body() dto: CreateAnnouncementDto) {
    return this.announcements.create(auth, dto);
  }

  @Get(':id')
  @ApiOkResponse({ type: AnnouncementDto })
  get(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string) {
    return this.announcements.get(auth, id);
  }

  @Patch(':id')
  @ApiOkResponse({
    type: AnnouncementDto,
    description:
      'Admin; a channel manager when its audience is companies they own. Before or after publishing: ' +
      'moved to now, an unpublished one is published; a published one notifies only newly reached users',
  })
  update(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string, @Body() dto: UpdateAnnouncementDto) {
    return this.announcements.update(auth, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Retracts it (as for PATCH); its read receipts go with it' })
  retract(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string) {
    return this.announcements.retract(auth, id);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOkResponse({ type: AnnouncementDto, description: 'Records the caller’s read receipt' })
  read(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string) {
    return this.announcements.markRead(auth, id);
  }

  @Get(':id/reads')
  @ApiOkResponse({ type: [ReadReceiptDto], description: 'Vendor staff: who read it and when' })
  reads(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string) {
    return this.announcements.reads(auth, id);
  }
}
