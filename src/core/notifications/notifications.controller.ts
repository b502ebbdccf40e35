import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { UuidPipe } from '../http/uuid.pipe';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Auth } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { NotificationDto, NotificationPageDto, NotificationQueryDto } from './notifications.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOkResponse({ type: NotificationPageDto })
  list(@Auth() auth: AuthUser, @Query() query: NotificationQueryDto) {
    return this.notifications.list(auth, query);
  }

  @Post('read-all')
  @HttpCode(200)
  readAll(@Auth() auth: AuthUser) {
    return this.notifications.markAllRead(auth);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOkResponse({ type: NotificationDto })
  read(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string) {
    return this.notifications.markRead(auth, id);
  }
}
