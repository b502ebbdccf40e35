import { Injectable, NotFoundException, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { partnerCanSee, PLAN_STATUSES, planPolicy } from '../../core/access/policies/plan.policy';
import { AuthUser } from '../../core/auth/auth-user';
import { BadInputException } from '../../core/http/errors';
import { Page, PageQueryDto } from '../../core/http/pagination';
import { rowsOf } from '../messages/conversation-visibility';
import { ConversationsService } from '../messages/conversations.service';
import { EntityThreads, policyRoles, roomOpen, ViewerSql } from '../messages/entity-threads';
import { MessagesService } from '../messages/messages.service';
import {
  CreateDiscussionMessageDto,
  DiscussionMessageDto,
  mapDiscussionMessage,
} from './goal-discussions.dto';
import { Plan } from './plan.entity';
import { PlanAccess } from './plan-access';
import { PlanGoal } from './plan-goal.entity';
import { PlansService } from './plans.service';

export const GOAL_THREAD = 'plan_goal';

// PlanAccess in SQL, from the same tables: these roles read plans, partners only once shared.
const READERS = policyRoles(planPolicy.read);
const PARTNER_STATUSES = PLAN_STATUSES.filter(partnerCanSee)
  .map((status) => `'${status}'`)
  .join(', ');

/**
 * Who may read a goal, in SQL: who may read its plan. Vendor staff read every live plan; partner executives
 * and managers (the only partner roles in the plans room) their company's once it is shared with them, never
 * a vendor-only outline, while the company's plans room is enabled.
 */
export function planGoalReadable(goalId: string, viewer: ViewerSql): string {
  return `EXISTS (SELECT 1 FROM plan_goals g JOIN plans p ON p.id = g.plan_id
     WHERE g.id = ${goalId} AND p.deleted_at IS NULL AND (
       ${viewer.role} IN (${READERS.vendor})
       OR (p.company_id = ${viewer.companyId}
           AND ${viewer.role} IN (${READERS.partner})
           AND p.status IN (${PARTNER_STATUSES})
           AND ${roomOpen('p.company_id', 'plans')})))`;
}

/**
 * A plan goal's discussion is its thread in the messages room, so mentions, unread counts, search and
 * notifications work as for messages; the thread is read by exactly the people who may read the plan.
 */
@Injectable()
export class GoalDiscussionsService implements OnModuleInit {
  constructor(
    private readonly plans: PlanAccess,
    private readonly planService: PlansService,
    private readonly threads: EntityThreads,
    private readonly conversations: ConversationsService,
    private readonly messages: MessagesService,
  ) {}

  onModuleInit(): void {
    this.threads.register(GOAL_THREAD, { readable: planGoalReadable });
  }

  /** The discussion oldest first, in pages (top-level messages; replies stay in the messages room). */
  async list(
    auth: AuthUser,
    planId: string,
    goalId: string,
    query: PageQueryDto,
  ): Promise<Page<DiscussionMessageDto>> {
    const { plan, goal } = await this.require(auth, planId, goalId);
    return this.messages.threadPage(plan.workspaceId, GOAL_THREAD, goal.id, query, (m) =>
      mapDiscussionMessage(plan.id, goal.id, m),
    );
  }

  /**
   * Posts to the discussion: whoever may read the plan may discuss its goals, in any status. Explicit
   * mentions must be people who may read the plan; the plans room's activity entry commits with the message.
   */
  async add(
    auth: AuthUser,
    planId: string,
    goalId: string,
    dto: CreateDiscussionMessageDto,
  ): Promise<DiscussionMessageDto> {
    const { plan, goal } = await this.require(auth, planId, goalId);
    const mentions = dto.mentions && [...new Set(dto.mentions.map((id) => id.toLowerCase()))];
    if (mentions?.length) await this.requireReaders(goal, mentions);
    const thread = await this.conversations.threadFor(auth, plan.companyId, {
      type: GOAL_THREAD,
      id: goal.id,
      title: goal.title,
    });
    const message = await this.messages.send(auth, thread.id, { body: dto.body }, undefined, {
      mentions,
      within: (tx, sent) =>
        this.planService.record(
          tx,
          auth,
          plan,
          'goal.discussed',
          `${auth.name} wrote on the goal ${goal.title} in ${plan.name}`,
          { goalId: goal.id, messageId: sent.id },
        ),
    });
    return mapDiscussionMessage(plan.id, goal.id, message);
  }

  /** Removes a goal's discussion with the goal, inside the caller's transaction. */
  async drop(manager: EntityManager, goalId: string): Promise<void> {
    await this.conversations.dropThreads(manager, GOAL_THREAD, [goalId]);
  }

  private async require(
    auth: AuthUser,
    planId: string,
    goalId: string,
  ): Promise<{ plan: Plan; goal: PlanGoal }> {
    const { plan } = await this.plans.require(auth, planId, 'read');
    const goal = await this.plans.manager.findOne(PlanGoal, { where: { id: goalId, planId: plan.id } });
    if (!goal) throw new NotFoundException('Goal not found');
    return { plan, goal };
  }

  private async requireReaders(goal: PlanGoal, userIds: string[]): Promise<void> {
    const rows = rowsOf<{ id: string }>(
      await this.plans.manager.query(
        `SELECT u.id FROM users u JOIN plans p ON p.id = $2
          WHERE u.id = ANY($1::uuid[]) AND u.workspace_id = p.workspace_id AND u.status = 'active'
            AND ${planGoalReadable('$3::uuid', { id: 'u.id', role: 'u.role::text', companyId: 'u.company_id' })}`,
        [userIds, goal.planId, goal.id],
      ),
    );
    if (rows.length !== userIds.length) {
      throw new BadInputException('Unknown mention', [
        { field: 'mentions', problem: 'must be users who can see this plan' },
      ]);
    }
  }
}
