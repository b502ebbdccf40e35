import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AnnouncementsModule } from '../announcements/announcements.module';
import { OverviewVisit } from './overview-visit.entity';
import { OverviewController } from './overview.controller';
import { OVERVIEW_CLOCK, OVERVIEW_READS_SALES, OverviewService } from './overview.service';

@Module({
  imports: [TypeOrmModule.forFeature([OverviewVisit]), AnnouncementsModule],
  controllers: [OverviewController],
  providers: [
    OverviewService,
    { provide: OVERVIEW_CLOCK, useValue: () => new Date() },
    // Lead, deal and commission figures come from the leads and deals rooms' tables.
    { provide: OVERVIEW_READS_SALES, useValue: true },
  ],
})
export class OverviewModule {}
