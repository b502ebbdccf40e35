import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DealsModule } from '../deals/deals.module';
import { PlansModule } from '../plans/plans.module';
import { Lead } from './lead.entity';
import { LeadAccess } from './lead-access';
import { LeadsController } from './leads.controller';
import { LEADS_CLOCK, LeadsService } from './leads.service';
import { LeadsScheduler } from './leads-scheduler.service';

@Module({
  imports: [TypeOrmModule.forFeature([Lead]), DealsModule, PlansModule],
  controllers: [LeadsController],
  providers: [LeadAccess, LeadsService, LeadsScheduler, { provide: LEADS_CLOCK, useValue: () => new Date() }],
  exports: [LeadsService],
})
export class LeadsModule {}
