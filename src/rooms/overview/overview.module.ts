import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AnnouncementsModule } from '../announcements/announcements.module';
import { DealsModule } from '../deals/deals.module';
import { PlansModule } from '../plans/plans.module';
import { ProjectsModule } from '../projects/projects.module';
import { OverviewVisit } from './overview-visit.entity';
import { OverviewController } from './overview.controller';
import { OVERVIEW_CLOCK, OverviewService } from './overview.service';

@Module({
  // Lead, deal and commission figures come from the partner metrics service of the deals room, plan gauges
  // and due tasks from the plans and projects rooms' services.
  imports: [
    TypeOrmModule.forFeature([OverviewVisit]),
    AnnouncementsModule,
    DealsModule,
    PlansModule,
    ProjectsModule,
  ],
  controllers: [OverviewController],
  providers: [OverviewService, { provide: OVERVIEW_CLOCK, useValue: () => new Date() }],
})
export class OverviewModule {}
