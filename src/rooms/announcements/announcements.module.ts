import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Announcement, AnnouncementRead } from './announcement.entity';
import { AnnouncementsController } from './announcements.controller';
import { AnnouncementsScheduler } from './announcements-scheduler.service';
import { ANNOUNCEMENTS_CLOCK, AnnouncementsService } from './announcements.service';

@Module({
  imports: [TypeOrmModule.forFeature([Announcement, AnnouncementRead])],
  controllers: [AnnouncementsController],
  providers: [
    AnnouncementsService,
    AnnouncementsScheduler,
    { provide: ANNOUNCEMENTS_CLOCK, useValue: () => new Date() },
  ],
  exports: [AnnouncementsService],
})
export class AnnouncementsModule {}
