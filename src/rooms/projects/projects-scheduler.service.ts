import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { ProjectTasksService } from './project-tasks.service';

const EVERY_MS = 15 * 60_000;

/** Due-soon and overdue reminders for project tasks; runs on every instance, one acts per run. */
@Injectable()
export class ProjectsScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ProjectsScheduler.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly tasks: ProjectTasksService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.runWorkers) return;
    this.timer = setInterval(() => void this.tick(), EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async tick(): Promise<void> {
    try {
      const sent = await this.tasks.runReminders();
      if (sent.dueSoon || sent.overdue)
        this.logger.log(`task reminders: due soon ${sent.dueSoon}, overdue ${sent.overdue}`);
    } catch (error) {
      this.logger.warn(`task reminders failed: ${(error as Error).message}`);
    }
  }
}
