import { Inject, Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { genericEmail } from '../../core/notifications/email-templates';
import { NotificationsService } from '../../core/notifications/notifications.service';
import { Company } from '../../core/workspace/company.entity';
import { User } from '../../core/workspace/user.entity';
import { today } from './fiscal-year';
import { Plan } from './plan.entity';

const STALE_DAYS = 30;

/**
 * The plan's reminders: a monthly progress email to the partner's executives and managers while the plan
 * runs (none once it is completed), and a nudge to the channel manager when an active plan stood still
 * for 30 days. Each plan is claimed under a row lock, so several instances send each reminder once.
 */
@Injectable()
export class PlanRemindersService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly notifications: NotificationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run(now: Date): Promise<{ progressEmails: number; nudges: number }> {
    const month = today(now).slice(0, 7);
    const staleBefore = new Date(now.getTime() - STALE_DAYS * 24 * 3600 * 1000);
    return this.uow.run(async (tx) => {
      const { manager } = tx;
      const due = await manager
        .createQueryBuilder(Plan, 'p')
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .where(`p.deletedAt IS NULL AND p.status = 'active' AND p.startDate <= :day AND p.endDate >= :day`, {
          day: today(now),
        })
        .andWhere(
          '((p.progressEmailMonth IS NULL OR p.progressEmailMonth < :month) OR (p.updatedAt < :staleBefore AND (p.staleNudgedAt IS NULL OR p.staleNudgedAt < p.updatedAt)))',
          { month, staleBefore },
        )
        .getMany();
      let progressEmails = 0;
      let nudges = 0;
      for (const plan of due) {
        const link = `${this.config.publicUrl}/plans/${plan.id}`;
        if (!plan.progressEmailMonth || plan.progressEmailMonth < month) {
          const people = await manager.find(User, {
            where: {
              companyId: plan.companyId,
              status: 'active',
              role: In(['partner_executive', 'partner_manager']),
            },
          });
          const subject = `${plan.name}: ${Number(plan.overallCompletion)}% complete`;
          for (const person of people) {
            await this.notifications.notify(tx, {
              workspaceId: plan.workspaceId,
              userId: person.id,
              kind: 'plan.monthly_progress',
              title: subject,
              link,
              data: { planId: plan.id, month },
              email: {
                to: person.email,
                content: genericEmail(
                  'plan.monthly_progress',
                  subject,
                  [
                    `Your business plan “${plan.name}” stands at ${Number(plan.overallCompletion)}% overall.`,
                    ...Object.entries(plan.sectionCompletion).map(([title, value]) => `${title}: ${value}%`),
                  ],
                  link,
                ),
              },
            });
            progressEmails += 1;
          }
          plan.progressEmailMonth = month;
        }
        if (plan.updatedAt < staleBefore && (!plan.staleNudgedAt || plan.staleNudgedAt < plan.updatedAt)) {
          const company = await manager.findOneBy(Company, { id: plan.companyId });
          const owner = company?.ownerId
            ? await manager.findOneBy(User, { id: company.ownerId, status: 'active' })
            : null;
          if (owner) {
            const subject = `${plan.name} has not moved for ${STALE_DAYS} days`;
            await this.notifications.notify(tx, {
              workspaceId: plan.workspaceId,
              userId: owner.id,
              kind: 'plan.stale',
              title: subject,
              body: `No progress or edit on ${company?.name ?? 'the partner'}’s plan since ${plan.updatedAt.toISOString().slice(0, 10)}.`,
              link,
              data: { planId: plan.id },
              email: {
                to: owner.email,
                content: genericEmail(
                  'plan.stale',
                  subject,
                  [`Check in with ${company?.name ?? 'the partner'}.`],
                  link,
                ),
              },
            });
            nudges += 1;
          }
          plan.staleNudgedAt = now;
        }
        // Reminder bookkeeping must not count as an edit of the plan.
        await manager.update(
          Plan,
          { id: plan.id },
          {
            progressEmailMonth: plan.progressEmailMonth,
            staleNudgedAt: plan.staleNudgedAt,
            updatedAt: plan.updatedAt,
          },
        );
      }
      return { progressEmails, nudges };
    });
  }
}
