import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import * as Y from 'yjs';
import { AuthUser } from '../../core/auth/auth-user';
import { CollabVersion } from '../../core/collab/collab-version.entity';
import { CollabVersionsService } from '../../core/collab/collab-versions.service';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { PlanAccess } from './plan-access';
import { planProgress } from './plan-progress';
import { PlanProgressService } from './plan-progress.service';
import { PlanVersion } from './plan-version.entity';
import { diffGoals, diffSections, GoalChange, SectionTextChange } from './plan-version-diff';
import { PlansService } from './plans.service';

export interface PlanVersionView {
  id: string;
  name: string;
  createdBy: string | null;
  createdAt: string;
  goals: number;
}

function view(v: PlanVersion): PlanVersionView {
  return {
    id: v.id,
    name: v.name,
    createdBy: v.createdById,
    createdAt: v.createdAt.toISOString(),
    goals: v.goals.length,
  };
}

/** Named versions of a plan: the narrative (through the collab server) and the goals as they stood, and diffs. */
@Injectable()
export class PlanVersionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly plans: PlanAccess,
    private readonly progress: PlanProgressService,
    private readonly planService: PlansService,
    private readonly collab: CollabVersionsService,
  ) {}

  async list(auth: AuthUser, planId: string): Promise<PlanVersionView[]> {
    await this.plans.require(auth, planId, 'read');
    const rows = await this.dataSource.manager.find(PlanVersion, {
      where: { planId },
      order: { createdAt: 'DESC' },
    });
    return rows.map(view);
  }

  async create(auth: AuthUser, planId: string, name: string): Promise<PlanVersionView> {
    const { plan } = await this.plans.require(auth, planId, 'edit');
    const narrative = await this.collab.createVersion(`plan:${planId}`, name, auth.id);
    return this.uow.run(async (tx) => {
      const loaded = await this.progress.load(tx.manager, plan);
      const result = planProgress(loaded.facts);
      const version = await tx.manager.save(
        tx.manager.create(PlanVersion, {
          planId,
          collabVersionId: narrative.id,
          name,
          sections: loaded.sections.map((s) => ({ id: s.id, title: s.title })),
          goals: loaded.goals.map((g) => ({
            id: g.id,
            sectionId: g.sectionId,
            title: g.title,
            type: g.type,
            weight: g.weight,
            target: g.target,
            progress: result.goals[g.id] ?? 0,
          })),
          createdById: auth.id,
        }),
      );
      await this.planService.record(
        tx,
        auth,
        plan,
        'plan.version_created',
        `${auth.name} named the version ${name}`,
        {
          versionId: version.id,
        },
      );
      return view(version);
    });
  }

  /** Brings the narrative back to the version as a new change; goals are not rewound. */
  async restore(auth: AuthUser, planId: string, versionId: string): Promise<void> {
    const { plan } = await this.plans.require(auth, planId, 'edit');
    const version = await this.find(planId, versionId);
    await this.collab.restoreVersion(`plan:${planId}`, version.collabVersionId);
    await this.uow.run((tx) =>
      this.planService.record(
        tx,
        auth,
        plan,
        'plan.version_restored',
        `${auth.name} restored the version ${version.name}`,
        {
          versionId,
        },
      ),
    );
  }

  async diff(
    auth: AuthUser,
    planId: string,
    fromId: string,
    toId: string,
  ): Promise<{
    from: PlanVersionView;
    to: PlanVersionView;
    goals: GoalChange[];
    sections: SectionTextChange[];
  }> {
    await this.plans.require(auth, planId, 'read');
    const [from, to] = await Promise.all([this.find(planId, fromId), this.find(planId, toId)]);
    const [fromDoc, toDoc] = await Promise.all([this.narrative(from), this.narrative(to)]);
    try {
      const sections = [...new Map([...from.sections, ...to.sections].map((s) => [s.id, s])).values()];
      return {
        from: view(from),
        to: view(to),
        goals: diffGoals(from.goals, to.goals),
        sections: diffSections(sections, fromDoc, toDoc),
      };
    } finally {
      fromDoc.destroy();
      toDoc.destroy();
    }
  }

  private async find(planId: string, versionId: string): Promise<PlanVersion> {
    const version = await this.dataSource.manager.findOne(PlanVersion, { where: { id: versionId, planId } });
    if (!version) throw new NotFoundException('Version not found');
    return version;
  }

  private async narrative(version: PlanVersion): Promise<Y.Doc> {
    const row = await this.dataSource.manager.findOne(CollabVersion, {
      where: { id: version.collabVersionId },
    });
    const doc = new Y.Doc({ gc: false });
    if (row) Y.applyUpdate(doc, new Uint8Array(row.state));
    return doc;
  }
}
