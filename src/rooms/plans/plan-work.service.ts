import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { isVendorRole } from '../../core/access/roles';
import { AuthUser } from '../../core/auth/auth-user';
import { Tx, UnitOfWork } from '../../core/database/unit-of-work';
import { BadInputException } from '../../core/http/errors';
import { NotificationsService } from '../../core/notifications/notifications.service';
import { User } from '../../core/workspace/user.entity';
import { Plan } from './plan.entity';
import { PlanAccess } from './plan-access';
import { PlanGoal } from './plan-goal.entity';
import { planProgress } from './plan-progress';
import { PlanProgressService } from './plan-progress.service';
import { PlanReview, ReviewAction, Scorecard } from './plan-review.entity';
import { PlanSection } from './plan-section.entity';
import { PlanTask } from './plan-task.entity';
import {
  CreateActionDto,
  CreateReviewDto,
  CreateTargetAccountDto,
  CreateTaskDto,
  mapReview,
  mapTargetAccount,
  mapTask,
  ReviewDto,
  TargetAccountDto,
  TaskDto,
  UpdateActionDto,
  UpdateTargetAccountDto,
  UpdateTaskDto,
} from './plan-work.dto';
import { PlansService } from './plans.service';
import { TargetAccount } from './target-account.entity';

/** The plan's working parts: tasks, target accounts and quarterly reviews with frozen scorecards. */
@Injectable()
export class PlanWorkService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly plans: PlanAccess,
    private readonly progress: PlanProgressService,
    private readonly planService: PlansService,
    private readonly notifications: NotificationsService,
  ) {}

  async tasks(auth: AuthUser, planId: string): Promise<TaskDto[]> {
    await this.plans.require(auth, planId, 'read');
    const rows = await this.dataSource.manager.find(PlanTask, {
      where: { planId },
      order: { position: 'ASC', createdAt: 'ASC' },
    });
    return rows.map(mapTask);
  }

  async createTask(auth: AuthUser, planId: string, dto: CreateTaskDto): Promise<TaskDto> {
    return this.uow.run(async (tx) => {
      const { plan } = await this.plans.require(auth, planId, 'progress', tx.manager, true);
      if (dto.assigneeId) await this.checkPeople(tx.manager, plan, [dto.assigneeId], 'assigneeId');
      const position = await tx.manager.count(PlanTask, { where: { planId } });
      const task = await tx.manager.save(
        tx.manager.create(PlanTask, {
          planId,
          title: dto.title,
          description: dto.description ?? '',
          assigneeId: dto.assigneeId ?? null,
          dueDate: dto.dueDate ?? null,
          position,
          createdById: auth.id,
        }),
      );
      if (task.assigneeId) await this.assigned(tx, auth, plan, task);
      await this.planService.record(
        tx,
        auth,
        plan,
        'task.created',
        `${auth.name} added the task ${task.title}`,
        {
          taskId: task.id,
        },
      );
      return mapTask(task);
    });
  }

  async updateTask(auth: AuthUser, planId: string, taskId: string, dto: UpdateTaskDto): Promise<TaskDto> {
    return this.uow.run(async (tx) => {
      const { plan } = await this.plans.require(auth, planId, 'progress', tx.manager, true);
      const task = await tx.manager.findOne(PlanTask, { where: { id: taskId, planId } });
      if (!task) throw new NotFoundException('Task not found');
      const reassigned = dto.assigneeId !== undefined && dto.assigneeId !== task.assigneeId;
      if (dto.assigneeId) await this.checkPeople(tx.manager, plan, [dto.assigneeId], 'assigneeId');
      if (dto.title !== undefined) task.title = dto.title;
      if (dto.description !== undefined) task.description = dto.description;
      if (dto.assigneeId !== undefined) task.assigneeId = dto.assigneeId;
      if (dto.dueDate !== undefined) task.dueDate = dto.dueDate;
      if (dto.position !== undefined) task.position = dto.position;
      if (dto.status !== undefined && dto.status !== task.status) {
        task.status = dto.status;
        task.completedAt = dto.status === 'done' ? new Date() : null;
      }
      await tx.manager.save(task);
      if (reassigned && task.assigneeId) await this.assigned(tx, auth, plan, task);
      const type =
        reassigned && task.assigneeId
          ? 'task.assigned'
          : task.status === 'done'
            ? 'task.completed'
            : 'task.updated';
      await this.planService.record(tx, auth, plan, type, `${auth.name} updated the task ${task.title}`, {
        taskId: task.id,
      });
      return mapTask(task);
    });
  }

  async targetAccounts(auth: AuthUser, planId: string): Promise<TargetAccountDto[]> {
    await this.plans.require(auth, planId, 'read');
    const rows = await this.dataSource.manager.find(TargetAccount, {
      where: { planId },
      order: { name: 'ASC' },
    });
    return rows.map(mapTargetAccount);
  }

  async createTargetAccount(
    auth: AuthUser,
    planId: string,
    dto: CreateTargetAccountDto,
  ): Promise<TargetAccountDto> {
    return this.uow.run(async (tx) => {
      const { plan } = await this.plans.require(auth, planId, 'progress', tx.manager, true);
      if (dto.ownerId) await this.checkPeople(tx.manager, plan, [dto.ownerId], 'ownerId');
      const account = await tx.manager.save(
        tx.manager.create(TargetAccount, {
          planId,
          name: dto.name,
          domain: (dto.domain ?? '').toLowerCase(),
          notes: dto.notes ?? '',
          ownerId: dto.ownerId ?? null,
        }),
      );
      await this.planService.record(
        tx,
        auth,
        plan,
        'target_account.created',
        `${auth.name} added ${account.name} as a target account`,
      );
      return mapTargetAccount(account);
    });
  }

  async updateTargetAccount(
    auth: AuthUser,
    planId: string,
    accountId: string,
    dto: UpdateTargetAccountDto,
  ): Promise<TargetAccountDto> {
    return this.uow.run(async (tx) => {
      const { plan } = await this.plans.require(auth, planId, 'progress', tx.manager, true);
      const account = await tx.manager.findOne(TargetAccount, { where: { id: accountId, planId } });
      if (!account) throw new NotFoundException('Target account not found');
      if (dto.ownerId) await this.checkPeople(tx.manager, plan, [dto.ownerId], 'ownerId');
      if (dto.name !== undefined) account.name = dto.name;
      if (dto.domain !== undefined) account.domain = dto.domain.toLowerCase();
      if (dto.notes !== undefined) account.notes = dto.notes;
      if (dto.ownerId !== undefined) account.ownerId = dto.ownerId;
      if (dto.status !== undefined) account.status = dto.status;
      await tx.manager.save(account);
      await this.planService.record(
        tx,
        auth,
        plan,
        'target_account.updated',
        `${auth.name} updated the target account ${account.name}`,
      );
      return mapTargetAccount(account);
    });
  }

  async reviews(auth: AuthUser, planId: string): Promise<ReviewDto[]> {
    await this.plans.require(auth, planId, 'read');
    const reviews = await this.dataSource.manager.find(PlanReview, {
      where: { planId },
      order: { heldOn: 'DESC' },
    });
    const actions = reviews.length
      ? await this.dataSource.manager.find(ReviewAction, {
          where: { reviewId: In(reviews.map((r) => r.id)) },
          order: { position: 'ASC' },
        })
      : [];
    return reviews.map((r) =>
      mapReview(
        r,
        actions.filter((a) => a.reviewId === r.id),
      ),
    );
  }

  async review(auth: AuthUser, planId: string, reviewId: string): Promise<ReviewDto> {
    await this.plans.require(auth, planId, 'read');
    return this.loadReview(this.dataSource.manager, planId, reviewId);
  }

  /** Records a review: freezes the scorecard as it stands and carries open actions of the last review. */
  async createReview(auth: AuthUser, planId: string, dto: CreateReviewDto): Promise<ReviewDto> {
    return this.uow.run(async (tx) => {
      const { plan } = await this.plans.require(auth, planId, 'progress', tx.manager, true);
      const attendeeIds = [...new Set(dto.attendeeIds ?? [])];
      if (attendeeIds.length) await this.checkPeople(tx.manager, plan, attendeeIds, 'attendeeIds');
      const review = await tx.manager.save(
        tx.manager.create(PlanReview, {
          planId,
          quarter: dto.quarter,
          heldOn: dto.heldOn,
          attendeeIds,
          scorecard: await this.scorecard(tx.manager, plan),
          createdById: auth.id,
        }),
      );
      const previous = await tx.manager
        .createQueryBuilder(PlanReview, 'r')
        .where('r.planId = :planId AND r.id <> :id', { planId, id: review.id })
        .orderBy('r.createdAt', 'DESC')
        .getOne();
      if (previous) {
        const open = await tx.manager.find(ReviewAction, {
          where: { reviewId: previous.id, done: false },
          order: { position: 'ASC' },
        });
        await tx.manager.save(
          open.map((a, position) =>
            tx.manager.create(ReviewAction, {
              reviewId: review.id,
              text: a.text,
              ownerId: a.ownerId,
              carriedFromId: a.carriedFromId ?? a.id,
              position,
            }),
          ),
        );
      }
      await this.planService.record(
        tx,
        auth,
        plan,
        'review.created',
        `${auth.name} recorded the Q${dto.quarter} review`,
        {
          reviewId: review.id,
        },
      );
      return this.loadReview(tx.manager, planId, review.id);
    });
  }

  async addAction(
    auth: AuthUser,
    planId: string,
    reviewId: string,
    dto: CreateActionDto,
  ): Promise<ReviewDto> {
    return this.uow.run(async (tx) => {
      const { plan } = await this.plans.require(auth, planId, 'progress', tx.manager, true);
      await this.loadReview(tx.manager, planId, reviewId);
      if (dto.ownerId) await this.checkPeople(tx.manager, plan, [dto.ownerId], 'ownerId');
      const position = await tx.manager.count(ReviewAction, { where: { reviewId } });
      await tx.manager.save(
        tx.manager.create(ReviewAction, { reviewId, text: dto.text, ownerId: dto.ownerId ?? null, position }),
      );
      await this.planService.record(
        tx,
        auth,
        plan,
        'review.updated',
        `${auth.name} added an action to a review`,
        { reviewId },
      );
      return this.loadReview(tx.manager, planId, reviewId);
    });
  }

  async updateAction(
    auth: AuthUser,
    planId: string,
    reviewId: string,
    actionId: string,
    dto: UpdateActionDto,
  ): Promise<ReviewDto> {
    return this.uow.run(async (tx) => {
      const { plan } = await this.plans.require(auth, planId, 'progress', tx.manager, true);
      await this.loadReview(tx.manager, planId, reviewId);
      const action = await tx.manager.findOne(ReviewAction, { where: { id: actionId, reviewId } });
      if (!action) throw new NotFoundException('Action not found');
      if (dto.done !== undefined) action.done = dto.done;
      if (dto.text !== undefined) action.text = dto.text;
      await tx.manager.save(action);
      await this.planService.record(
        tx,
        auth,
        plan,
        'review.updated',
        `${auth.name} updated a review action`,
        { reviewId },
      );
      return this.loadReview(tx.manager, planId, reviewId);
    });
  }

  private async scorecard(manager: EntityManager, plan: Plan): Promise<Scorecard> {
    const loaded = await this.progress.load(manager, plan);
    const result = planProgress(loaded.facts);
    const sections = new Map(loaded.sections.map((s: PlanSection) => [s.id, s.title]));
    return {
      overallCompletion: result.overallCompletion,
      goals: loaded.goals.map((g: PlanGoal) => ({
        goalId: g.id,
        sectionTitle: sections.get(g.sectionId) ?? '',
        title: g.title,
        type: g.type,
        weight: g.weight,
        target: g.target,
        progress: result.goals[g.id] ?? 0,
      })),
    };
  }

  private async loadReview(manager: EntityManager, planId: string, reviewId: string): Promise<ReviewDto> {
    const review = await manager.findOne(PlanReview, { where: { id: reviewId, planId } });
    if (!review) throw new NotFoundException('Review not found');
    const actions = await manager.find(ReviewAction, { where: { reviewId }, order: { position: 'ASC' } });
    return mapReview(review, actions);
  }

  /** People of the partnership: active vendor staff of the workspace or active users of the plan's company. */
  private async checkPeople(manager: EntityManager, plan: Plan, ids: string[], field: string): Promise<void> {
    const users = await manager.find(User, {
      where: { id: In(ids), workspaceId: plan.workspaceId, status: 'active' },
    });
    const ok = users.filter((u) => isVendorRole(u.role) || u.companyId === plan.companyId);
    if (ok.length !== new Set(ids).size) {
      throw new BadInputException('Not a person of this partnership', [
        { field, problem: 'must be active vendor staff or a user of the partner company' },
      ]);
    }
  }

  private async assigned(tx: Tx, auth: AuthUser, plan: Plan, task: PlanTask): Promise<void> {
    if (!task.assigneeId || task.assigneeId === auth.id) return;
    await this.notifications.notify(tx, {
      workspaceId: plan.workspaceId,
      userId: task.assigneeId,
      kind: 'task.assigned',
      title: `${auth.name} assigned you “${task.title}”`,
      body: `In the business plan ${plan.name}`,
      link: `/plans/${plan.id}`,
      data: { planId: plan.id, taskId: task.id },
    });
  }
}
