import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MessagesModule } from '../messages/messages.module';
import { PlansModule } from '../plans/plans.module';
import { Commission } from './commission.entity';
import { CommissionsService } from './commissions.service';
import { CurrencyRate } from './currency-rate.entity';
import { Deal } from './deal.entity';
import { DealAccess } from './deal-access';
import { DealNotesService } from './deal-notes.service';
import { DealStageChange } from './deal-stage-change.entity';
import { DealsController } from './deals.controller';
import { DealsService } from './deals.service';
import { PartnerMetricsService } from './partner-metrics.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Deal, DealStageChange, Commission, CurrencyRate]),
    PlansModule,
    MessagesModule,
  ],
  controllers: [DealsController],
  providers: [DealAccess, DealsService, DealNotesService, CommissionsService, PartnerMetricsService],
  exports: [DealsService, PartnerMetricsService],
})
export class DealsModule {}
