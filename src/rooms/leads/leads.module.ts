import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DealsModule } from '../deals/deals.module';
import { MessagesModule } from '../messages/messages.module';
import { PlansModule } from '../plans/plans.module';
import { Lead } from './lead.entity';
import { LeadAccess } from './lead-access';
import { LeadThreads } from './lead-threads';
import { LeadsController } from './leads.controller';
import { LEADS_CLOCK, LeadsService } from './leads.service';
import { LeadsScheduler } from './leads-scheduler.service';

@Module({
  imports: [TypeOrmModule.forFeature([Lead]), DealsModule, PlansModule, MessagesModule],
  controllers: [LeadsController],
  providers: [
    LeadAccess,
    LeadThreads,
    LeadsService,
    LeadsScheduler,
    { provide: LEADS_CLOCK, useValue: () => new Date() },
  ],
  exports: [LeadsService],
})
export class LeadsModule {}
