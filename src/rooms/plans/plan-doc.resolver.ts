import { HttpException, Injectable, OnModuleInit } from '@nestjs/common';
import { isEditable, partnerCanEdit, planPolicy } from '../../core/access/policies/plan.policy';
import { AuthUser } from '../../core/auth/auth-user';
import { CollabDocAccess, CollabDocuments, CollabDocResolver } from '../../core/collab/collab-documents';
import { PlanAccess } from './plan-access';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `plan:<planId>`, the plan narrative: readable by whoever may read the plan, writable by whoever may edit
 * it now (partners only while it is shared for review). Everything else reads as not found.
 */
@Injectable()
export class PlanDocResolver implements CollabDocResolver, OnModuleInit {
  readonly prefix = 'plan';

  constructor(
    private readonly documents: CollabDocuments,
    private readonly plans: PlanAccess,
  ) {}

  onModuleInit(): void {
    this.documents.register(this);
  }

  async resolve(auth: AuthUser, planId: string): Promise<CollabDocAccess | null> {
    if (!UUID.test(planId)) return null;
    try {
      const { plan, relation, partner } = await this.plans.require(auth, planId, 'read');
      const canWrite =
        isEditable(plan.status) &&
        planPolicy.edit.includes(relation) &&
        (!partner || partnerCanEdit(plan.status));
      return {
        workspaceId: plan.workspaceId,
        companyId: plan.companyId,
        roomId: await this.plans.plansRoomId(this.plans.manager, plan.companyId),
        canWrite,
      };
    } catch (error) {
      if (error instanceof HttpException) return null;
      throw error;
    }
  }
}
