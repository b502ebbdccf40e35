import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Auth } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { NotificationSettingsDto, UpdateNotificationSettingsDto } from './notification-settings.dto';
import { NotificationSettingsService } from './notification-settings.service';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('me/notification-settings')
export class NotificationSettingsController {
  constructor(private readonly settings: NotificationSettingsService) {}

  @Get()
  @ApiOkResponse({ type: NotificationSettingsDto, description: 'Per kind: in-app and email, on by default' })
  get(@Auth() auth: AuthUser) {
    return this.settings.get(auth);
  }

  @Patch()
  @ApiOkResponse({ type: NotificationSettingsDto })
  update(@Auth() auth: AuthUser, @Body() dto: UpdateNotificationSettingsDto) {
    return this.settings.update(auth, dto);
  }
}
