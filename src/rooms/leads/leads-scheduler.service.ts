import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { LeadsService } from './leads.service';

const EVERY_MS = 60_000;

/** Expires leads at the end of their protection and sends the 14- and 3-day reminders, without a request. */
@Injectable()
export class LeadsScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LeadsScheduler.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly leads: LeadsService,
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
      const result = await this.leads.runSchedule();
      if (result.expired || result.reminded)
        this.logger.log(`leads expired ${result.expired}, reminded ${result.reminded}`);
    } catch (error) {
      this.logger.warn(`lead schedule failed: ${(error as Error).message}`);
    }
  }
}
