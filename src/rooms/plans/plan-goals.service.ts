import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuthUser } from '../../core/auth/auth-user';
import { Tx, UnitOfWork } from '../../core/database/unit-of-work';
import { BadInputException } from '../../core/http/errors';
import { GoalDiscussionsService } from './goal-discussions.service';
import { GoalEntry } from './goal-entry.entity';
import { GoalItem, GoalItemEvent } from './goal-item.entity';
import { Plan } from './plan.entity';
import { PlanAccess } from './plan-access';
import { GoalSettings, KPI_METRICS, PlanGoal, REVENUE_METRICS } from './plan-goal.entity';
import { PlanProgressService } from './plan-progress.service';
import { PlanSection } from './plan-section.entity';
import {
  AddItemDto,
  CreateGoalDto,
  CreateSectionDto,
  EntryDto,
  GoalFieldsDto,
  UpdateGoalDto,
  UpdateSectionDto,
} from './plans.dto';
import { PlanDto } from './plans.view';
import { PlansService } from './plans.service';

const SECTION_TITLES: Record<string, string> = {
  strategy: 'Strategy',
  onboarding: 'Onboarding',
  training: 'Training',
  sales: 'Sales',
  marketing: 'Marketing',
  custom: 'Custom',
};

/** Sections, goals, checklist items and manual entries of a plan; every change recomputes progress. */
@Injectable()
export class PlanGoalsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly plans: PlanAccess,
    private readonly progress: PlanProgressService,
    private readonly planService: PlansService,
    private readonly discussions: GoalDiscussionsService,
  ) {}

  async addSection(auth: AuthUser, planId: string, dto: CreateSectionDto): Promise<PlanDto> {
    return this.change(auth, planId, 'edit', async (tx, plan) => {
      const count = await tx.manager.count(PlanSection, { where: { planId } });
      if (count >= 50) throw new ConflictException('A plan has at most 50 sections');
      const section = await tx.manager.save(
        tx.manager.create(PlanSection, {
          planId,
          kind: dto.kind,
          title: dto.title ?? SECTION_TITLES[dto.kind],
          position: dto.position ?? count,
        }),
      );
      return {
        type: 'plan.section_added',
        summary: `${auth.name} added the section ${section.title} to ${plan.name}`,
      };
    });
  }

  async updateSection(
    auth: AuthUser,
    planId: string,
    sectionId: string,
    dto: UpdateSectionDto,
  ): Promise<PlanDto> {
    return this.change(auth, planId, 'edit', async (tx, plan) => {
      const section = await this.section(tx.manager, planId, sectionId);
      if (dto.title !== undefined) section.title = dto.title;
      if (dto.position !== undefined) section.position = dto.position;
      await tx.manager.save(section);
      return {
        type: 'plan.section_updated',
        summary: `${auth.name} updated the section ${section.title} of ${plan.name}`,
      };
    });
  }

  async removeSection(auth: AuthUser, planId: string, sectionId: string): Promise<PlanDto> {
    return this.change(auth, planId, 'edit', async (tx, plan) => {
      const section = await this.section(tx.manager, planId, sectionId);
      if (await tx.manager.exists(PlanGoal, { where: { sectionId } })) {
        throw new ConflictException('Move or delete the section’s goals first');
      }
      await tx.manager.delete(PlanSection, { id: sectionId });
      return {
        type: 'plan.section_removed',
        summary: `${auth.name} removed the section ${section.title} from ${plan.name}`,
      };
    });
  }

  async addGoal(auth: AuthUser, planId: string, dto: CreateGoalDto): Promise<PlanDto> {
    return this.change(auth, planId, 'edit', async (tx, plan) => {
      await this.section(tx.manager, planId, dto.sectionId);
      const settings = this.settings(dto.type, dto, {});
      this.checkTarget(dto.type, dto.target ?? null, settings);
      const position = await tx.manager.count(PlanGoal, { where: { planId, sectionId: dto.sectionId } });
      const goal = await tx.manager.save(
        tx.manager.create(PlanGoal, {
          planId,
          sectionId: dto.sectionId,
          type: dto.type,
          title: dto.title,
          description: dto.description ?? '',
          weight: dto.weight ?? 1,
          dueDate: dto.dueDate ?? null,
          target: dto.target ?? null,
          baseline: dto.baseline ?? '0',
          settings,
          position,
        }),
      );
      if (dto.type === 'checklist' && dto.items?.length) {
        await tx.manager.save(
          dto.items.map((item, i) =>
            tx.manager.create(GoalItem, { goalId: goal.id, text: item.text, position: i }),
          ),
        );
      } else if (dto.items?.length) {
        throw new BadInputException('Only checklist goals have items', [
          { field: 'items', problem: 'only for checklist goals' },
        ]);
      }
      return {
        type: 'goal.created',
        summary: `${auth.name} added the goal ${goal.title} to ${plan.name}`,
        data: { goalId: goal.id },
      };
    });
  }

  async updateGoal(auth: AuthUser, planId: string, goalId: string, dto: UpdateGoalDto): Promise<PlanDto> {
    return this.change(auth, planId, 'edit', async (tx, plan) => {
      const goal = await this.goal(tx.manager, planId, goalId);
      if (dto.sectionId !== undefined) {
        await this.section(tx.manager, planId, dto.sectionId);
        goal.sectionId = dto.sectionId;
      }
      if (dto.title !== undefined) goal.title = dto.title;
      if (dto.description !== undefined) goal.description = dto.description;
      if (dto.weight !== undefined) goal.weight = dto.weight;
      if (dto.dueDate !== undefined) goal.dueDate = dto.dueDate;
      if (dto.target !== undefined) goal.target = dto.target;
      if (dto.baseline !== undefined) goal.baseline = dto.baseline;
      goal.settings = this.settings(goal.type, dto, goal.settings);
      this.checkTarget(goal.type, goal.target, goal.settings);
      await tx.manager.save(goal);
      return {
        type: 'goal.updated',
        summary: `${auth.name} updated the goal ${goal.title} in ${plan.name}`,
        data: { goalId },
      };
    });
  }

  async removeGoal(auth: AuthUser, planId: string, goalId: string): Promise<PlanDto> {
    return this.change(auth, planId, 'edit', async (tx, plan) => {
      const goal = await this.goal(tx.manager, planId, goalId);
      const items = await tx.manager.find(GoalItem, { select: { id: true }, where: { goalId } });
      for (const item of items) await tx.manager.delete(GoalItemEvent, { itemId: item.id });
      await tx.manager.delete(GoalItem, { goalId });
      await tx.manager.delete(GoalEntry, { goalId });
      await tx.manager.delete(PlanGoal, { id: goalId });
      await this.discussions.drop(tx.manager, goalId);
      return {
        type: 'goal.deleted',
        summary: `${auth.name} removed the goal ${goal.title} from ${plan.name}`,
        data: { goalId },
      };
    });
  }

  async addItem(auth: AuthUser, planId: string, goalId: string, dto: AddItemDto): Promise<PlanDto> {
    return this.change(auth, planId, 'edit', async (tx, plan) => {
      const goal = await this.goal(tx.manager, planId, goalId);
      if (goal.type !== 'checklist') throw new ConflictException('Only checklist goals have items');
      const position = await tx.manager.count(GoalItem, { where: { goalId } });
      await tx.manager.save(tx.manager.create(GoalItem, { goalId, text: dto.text, position }));
      return {
        type: 'goal.updated',
        summary: `${auth.name} added an item to ${goal.title} in ${plan.name}`,
        data: { goalId },
      };
    });
  }

  /** Ticks or un-ticks a checklist item; each change is kept in the item's history. */
  async setItem(
    auth: AuthUser,
    planId: string,
    goalId: string,
    itemId: string,
    done: boolean,
  ): Promise<PlanDto> {
    return this.change(auth, planId, 'progress', async (tx) => {
      const goal = await this.goal(tx.manager, planId, goalId);
      const item = await tx.manager.findOne(GoalItem, { where: { id: itemId, goalId } });
      if (!item) throw new NotFoundException('Checklist item not found');
      if (Boolean(item.completedAt) === done) {
        return { type: null, summary: '' };
      }
      item.completedAt = done ? new Date() : null;
      item.completedById = done ? auth.id : null;
      await tx.manager.save(item);
      await tx.manager.save(
        tx.manager.create(GoalItemEvent, {
          itemId,
          action: done ? 'completed' : 'uncompleted',
          userId: auth.id,
        }),
      );
      const allDone =
        done &&
        (await tx.manager.count(GoalItem, { where: { goalId } })) ===
          (await this.doneCount(tx.manager, goalId));
      return {
        type: allDone ? 'goal.completed' : 'goal.progress',
        summary: `${auth.name} ${done ? 'ticked' : 'unticked'} “${item.text.slice(0, 80)}” in ${goal.title}`,
        data: { goalId, itemId },
      };
    });
  }

  async addEntry(auth: AuthUser, planId: string, goalId: string, dto: EntryDto): Promise<PlanDto> {
    return this.change(auth, planId, 'progress', async (tx, plan) => {
      const goal = await this.goal(tx.manager, planId, goalId);
      if (goal.type !== 'manual') throw new ConflictException('Progress entries are for manual goals');
      await tx.manager.save(
        tx.manager.create(GoalEntry, {
          goalId,
          value: dto.value,
          note: dto.note ?? '',
          period: dto.period ?? null,
          userId: auth.id,
        }),
      );
      return {
        type: 'goal.progress',
        summary:
          `${auth.name} recorded ${dto.value} ${goal.settings.unit ?? ''} on ${goal.title} in ${plan.name}`.replace(
            /\s+/g,
            ' ',
          ),
        data: { goalId },
      };
    });
  }

  /** One transaction: access, the change, progress recomputed, activity; returns the fresh plan. */
  private async change(
    auth: AuthUser,
    planId: string,
    action: 'edit' | 'progress',
    work: (
      tx: Tx,
      plan: Plan,
    ) => Promise<{ type: string | null; summary: string; data?: Record<string, unknown> }>,
  ): Promise<PlanDto> {
    return this.uow.run(async (tx) => {
      const { plan, partner } = await this.plans.require(auth, planId, action, tx.manager, true);
      const outcome = await work(tx, plan);
      if (outcome.type) {
        await tx.manager.update(Plan, { id: plan.id }, { updatedAt: new Date() });
        await this.progress.recompute(tx.manager, plan);
        await this.planService.record(tx, auth, plan, outcome.type, outcome.summary, outcome.data);
      }
      return this.progress.view(tx.manager, plan, partner);
    });
  }

  private async doneCount(manager: EntityManager, goalId: string): Promise<number> {
    return manager
      .createQueryBuilder(GoalItem, 'i')
      .where('i.goalId = :goalId AND i.completedAt IS NOT NULL', { goalId })
      .getCount();
  }

  private async section(manager: EntityManager, planId: string, sectionId: string): Promise<PlanSection> {
    const section = await manager.findOne(PlanSection, { where: { id: sectionId, planId } });
    if (!section) throw new NotFoundException('Section not found');
    return section;
  }

  private async goal(manager: EntityManager, planId: string, goalId: string): Promise<PlanGoal> {
    const goal = await manager.findOne(PlanGoal, { where: { id: goalId, planId } });
    if (!goal) throw new NotFoundException('Goal not found');
    return goal;
  }

  private settings(type: PlanGoal['type'], dto: GoalFieldsDto, current: GoalSettings): GoalSettings {
    const next: GoalSettings = { ...current };
    if (dto.metric !== undefined) next.metric = dto.metric;
    if (dto.period !== undefined) next.period = dto.period;
    if (dto.targets !== undefined) next.targets = dto.targets;
    if (dto.filters !== undefined) next.filters = { ...dto.filters };
    if (dto.unit !== undefined) next.unit = dto.unit;
    if (dto.aggregate !== undefined) next.aggregate = dto.aggregate;
    if (dto.trackId !== undefined) next.trackId = dto.trackId;
    if (dto.requiredUsers !== undefined) next.requiredUsers = dto.requiredUsers;
    const problems: Array<{ field: string; problem: string }> = [];
    if (type === 'revenue' && !(REVENUE_METRICS as readonly string[]).includes(next.metric ?? '')) {
      problems.push({
        field: 'metric',
        problem: `must be one of ${REVENUE_METRICS.join(', ')} for revenue goals`,
      });
    }
    if (type === 'kpi' && !(KPI_METRICS as readonly string[]).includes(next.metric ?? '')) {
      problems.push({ field: 'metric', problem: `must be one of ${KPI_METRICS.join(', ')} for kpi goals` });
    }
    if (type === 'learning_track' && (!next.trackId || !next.requiredUsers)) {
      problems.push({ field: 'trackId', problem: 'learning_track goals need trackId and requiredUsers' });
    }
    if (
      (type === 'checklist' || type === 'manual' || type === 'learning_track') &&
      (dto.metric || dto.period || dto.targets)
    ) {
      problems.push({ field: 'metric', problem: `${type} goals take no metric, period or targets` });
    }
    if (problems.length) throw new BadInputException('Invalid goal settings', problems);
    if (type === 'manual') next.aggregate ??= 'sum';
    if (type === 'revenue' || type === 'kpi') next.period ??= 'year';
    return next;
  }

  private checkTarget(type: PlanGoal['type'], target: string | null, settings: GoalSettings): void {
    if (
      (type === 'revenue' || type === 'kpi' || type === 'manual') &&
      (target === null || Number(target) <= 0)
    ) {
      throw new BadInputException('A target is required', [
        { field: 'target', problem: `must be a positive number for ${type} goals` },
      ]);
    }
    if (settings.targets && target !== null) {
      const fixed = settings.targets.reduce<number>((s, t) => s + (t === null ? 0 : Number(t)), 0);
      if (fixed > Number(target) + 0.005 && settings.targets.every((t) => t !== null) === false) {
        throw new BadInputException('Quarter targets exceed the annual target', [
          { field: 'targets', problem: 'sum exceeds target' },
        ]);
      }
    }
  }
}
