import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EmailOutbox } from './email-outbox.entity';
import { MailerService } from './mailer.service';
import { Notification } from './notification.entity';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';
import { NotificationSettings } from './notification-settings.entity';
import { NotificationSettingsController } from './notification-settings.controller';
import { NotificationSettingsService } from './notification-settings.service';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([Notification, EmailOutbox, NotificationSettings])],
  controllers: [NotificationsController, NotificationSettingsController],
  providers: [NotificationsService, MailerService, NotificationSettingsService],
  exports: [NotificationsService, MailerService, NotificationSettingsService],
})
export class NotificationsModule {}
