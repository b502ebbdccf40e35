import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { AnnouncementsService } from './announcements.service';

const EVERY_MS = 60_000;

/** Sends the in-app notifications of announcements scheduled for later once their time comes. */
@Injectable()
export class AnnouncementsScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AnnouncementsScheduler.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly announcements: AnnouncementsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.runWorkers) return;
    this.timer = setInterval(() => {
      this.announcements
        .runPublish()
        .catch((error: Error) => this.logger.warn(`announcement publishing failed: ${error.message}`));
    }, EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
