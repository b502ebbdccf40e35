import { HttpException, Injectable, OnModuleInit } from '@nestjs/common';
import { isEditable, planPolicy } from '../../core/access/policies/plan.policy';
import { AuthUser } from '../../core/auth/auth-user';
import { CollabDocAccess, CollabDocResolver, CollabDocuments } from '../../core/collab/collab-documents';
import { PlanAccess } from './plan-access';
import { PlanReview } from './plan-review.entity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `review:<reviewId>`, a quarterly review's notes: readable by whoever may read the plan, written by those who
 * record progress on it (the owner, admins, the partner's executives and managers) while the plan runs.
 */
@Injectable()
export class ReviewDocResolver implements CollabDocResolver, OnModuleInit {
  readonly prefix = 'review';

  constructor(
    private readonly documents: CollabDocuments,
    private readonly plans: PlanAccess,
  ) {}

  onModuleInit(): void {
    this.documents.register(this);
  }

  async resolve(auth: AuthUser, reviewId: string): Promise<CollabDocAccess | null> {
    if (!UUID.test(reviewId)) return null;
    const review = await this.plans.manager.findOne(PlanReview, {
      select: { id: true, planId: true },
      where: { id: reviewId },
    });
    if (!review) return null;
    try {
      const { plan, relation } = await this.plans.require(auth, review.planId, 'read');
      return {
        workspaceId: plan.workspaceId,
        companyId: plan.companyId,
        roomId: await this.plans.plansRoomId(this.plans.manager, plan.companyId),
        canWrite: isEditable(plan.status) && planPolicy.progress.includes(relation),
      };
    } catch (error) {
      if (error instanceof HttpException) return null;
      throw error;
    }
  }
}
