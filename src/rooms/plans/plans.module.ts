import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MessagesModule } from '../messages/messages.module';
import { GoalDiscussionsController } from './goal-discussions.controller';
import { GoalDiscussionsService } from './goal-discussions.service';
import { GoalEntry } from './goal-entry.entity';
import { GoalItem, GoalItemEvent } from './goal-item.entity';
import { Plan } from './plan.entity';
import { PlanAccess } from './plan-access';
import { PlanGoal } from './plan-goal.entity';
import { PlanGoalsService } from './plan-goals.service';
import { PlanMetrics } from './plan-metrics';
import { PlanProgressService } from './plan-progress.service';
import { PlanSection } from './plan-section.entity';
import { PlansController } from './plans.controller';
import { PLANS_CLOCK, PlansService } from './plans.service';
import { PlansScheduler } from './plans-scheduler.service';
import { PlanTemplate } from './plan-template.entity';
import { PlanTask } from './plan-task.entity';
import { TargetAccount } from './target-account.entity';
import { PlanReview, ReviewAction } from './plan-review.entity';
import { PlanWorkController } from './plan-work.controller';
import { PlanWorkService } from './plan-work.service';
import { PlanRemindersService } from './plan-reminders.service';
import { PlanTemplatesController } from './plan-templates.controller';
import { PlanTemplatesService } from './plan-templates.service';
import { PlanDocResolver } from './plan-doc.resolver';
import { ReviewDocResolver } from './review-doc.resolver';
import { PlanVersionsController } from './plan-versions.controller';
import { PlanVersionsService } from './plan-versions.service';
import { PlanVersion } from './plan-version.entity';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      Plan,
      PlanSection,
      PlanGoal,
      GoalItem,
      GoalItemEvent,
      GoalEntry,
      PlanTemplate,
      PlanTask,
      TargetAccount,
      PlanReview,
      ReviewAction,
      PlanVersion,
    ]),
    MessagesModule,
  ],
  controllers: [
    PlansController,
    PlanTemplatesController,
    PlanWorkController,
    PlanVersionsController,
    GoalDiscussionsController,
  ],
  providers: [
    PlanAccess,
    PlanMetrics,
    PlanProgressService,
    PlansService,
    PlanGoalsService,
    PlansScheduler,
    PlanTemplatesService,
    PlanWorkService,
    PlanRemindersService,
    PlanVersionsService,
    PlanDocResolver,
    ReviewDocResolver,
    GoalDiscussionsService,
    { provide: PLANS_CLOCK, useValue: () => new Date() },
  ],
  exports: [PlansService, PlanMetrics, PlanAccess],
})
export class PlansModule {}
