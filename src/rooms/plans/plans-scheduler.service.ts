import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { PlanRemindersService } from './plan-reminders.service';
import { PlansService } from './plans.service';

const EVERY_MS = 60_000;

/**
 * Starts scheduled plans on their start date and completes active ones after their end date, without a
 * request. Safe with several instances: each run takes a Postgres advisory lock, so one instance acts.
 */
@Injectable()
export class PlansScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PlansScheduler.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly plans: PlansService,
    private readonly reminders: PlanRemindersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.runWorkers) return;
    this.timer = setInterval(() => void this.tick(), EVERY_MS);
    this.timer.unref();
    void this.tick();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async tick(): Promise<void> {
    try {
      const result = await this.plans.runSchedule();
      await this.reminders.run(new Date());
      if (result.activated || result.completed)
        this.logger.log(`plans activated ${result.activated}, completed ${result.completed}`);
    } catch (error) {
      this.logger.warn(`plan schedule failed: ${(error as Error).message}`);
    }
  }
}
