import { ForbiddenException, HttpException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, In, IsNull } from 'typeorm';
import { AccessService } from '../../core/access/access.service';
import { Permission } from '../../core/access/permission';
import { ActivityService } from '../../core/activity/activity.service';
import { AuthUser } from '../../core/auth/auth-user';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { BadInputException } from '../../core/http/errors';
import { Company } from '../../core/workspace/company.entity';
import { CompanyGroup, PartnerGroup } from '../../core/workspace/partner-group.entity';
import { PlanAccess } from './plan-access';
import { PlanTemplate } from './plan-template.entity';
import {
  ApplyResultDto,
  ApplyTemplateDto,
  CreateTemplateDto,
  mapTemplate,
  TemplateDto,
} from './plan-templates.dto';
import { PlansService } from './plans.service';

const DECIMAL = /^\d{1,16}(\.\d{1,2})?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Strategies: plans saved as templates and applied to partner companies or whole groups in one call. */
@Injectable()
export class PlanTemplatesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly plans: PlanAccess,
    private readonly planService: PlansService,
    private readonly activity: ActivityService,
  ) {}

  async list(auth: AuthUser): Promise<TemplateDto[]> {
    this.access.requireRole(auth, Permission.CompanyList);
    const rows = await this.dataSource.manager.find(PlanTemplate, {
      where: { workspaceId: auth.workspaceId },
      order: { name: 'ASC' },
    });
    return rows.map(mapTemplate);
  }

  async create(auth: AuthUser, dto: CreateTemplateDto): Promise<TemplateDto> {
    if (auth.role !== 'admin' && auth.role !== 'channel_manager') {
      throw new ForbiddenException('Only admins and channel managers keep plan templates');
    }
    await this.plans.require(auth, dto.fromPlanId, 'read');
    const groupIds = [...new Set(dto.groupIds ?? [])];
    return this.uow.run(async (tx) => {
      if (groupIds.length) {
        const found = await tx.manager.count(PartnerGroup, {
          where: { id: In(groupIds), workspaceId: auth.workspaceId },
        });
        if (found !== groupIds.length) {
          throw new BadInputException('Unknown partner group', [
            { field: 'groupIds', problem: 'must be groups of this workspace' },
          ]);
        }
      }
      const template = await tx.manager.save(
        tx.manager.create(PlanTemplate, {
          workspaceId: auth.workspaceId,
          name: dto.name,
          description: dto.description ?? '',
          groupIds,
          sections: await this.planService.shapeOf(tx.manager, dto.fromPlanId),
          createdById: auth.id,
        }),
      );
      await this.activity.record(tx, {
        workspaceId: auth.workspaceId,
        actorId: auth.id,
        type: 'plan_template.created',
        entity: 'plan_template',
        entityId: template.id,
        summary: `${auth.name} saved the strategy ${template.name}`,
        audience: 'vendor',
      });
      return mapTemplate(template);
    });
  }

  /** One plan per company (the listed ones and every member of the listed groups); each succeeds or fails alone. */
  async apply(auth: AuthUser, id: string, dto: ApplyTemplateDto): Promise<ApplyResultDto> {
    if (auth.role !== 'admin' && auth.role !== 'channel_manager') {
      throw new ForbiddenException('Only admins and channel managers apply plan templates');
    }
    const template = await this.dataSource.manager.findOne(PlanTemplate, {
      where: { id, workspaceId: auth.workspaceId },
    });
    if (!template) throw new NotFoundException('Template not found');
    const overrides = this.checkOverrides(dto.overrides);
    if (!dto.companyIds?.length && !dto.groupIds?.length) {
      throw new BadInputException('Name companies or groups', [
        { field: 'companyIds', problem: 'companyIds or groupIds is required' },
      ]);
    }
    const fromGroups = dto.groupIds?.length
      ? await this.dataSource.manager
          .createQueryBuilder(CompanyGroup, 'cg')
          .innerJoin(PartnerGroup, 'g', 'g.id = cg.groupId AND g.workspaceId = :ws', { ws: auth.workspaceId })
          .where('cg.groupId IN (:...ids)', { ids: dto.groupIds })
          .getMany()
      : [];
    const candidates = [...new Set([...(dto.companyIds ?? []), ...fromGroups.map((link) => link.companyId)])];
    const live = await this.dataSource.manager.find(Company, {
      select: { id: true },
      where: {
        id: In(candidates.length ? candidates : ['00000000-0000-0000-0000-000000000000']),
        workspaceId: auth.workspaceId,
        deletedAt: IsNull(),
      },
    });
    const liveIds = new Set(live.map((c) => c.id));
    const results: ApplyResultDto['results'] = [];
    for (const companyId of candidates) {
      if (!liveIds.has(companyId)) {
        results.push({ companyId, planId: null, error: 'Company not found' });
        continue;
      }
      try {
        const plan = await this.planService.create(
          auth,
          {
            companyId,
            fiscalYear: dto.fiscalYear,
            name: dto.name ?? `${template.name} FY${dto.fiscalYear}`,
            templateId: template.id,
          },
          overrides[companyId] ?? [],
        );
        results.push({ companyId, planId: plan.id, error: null });
      } catch (error) {
        if (!(error instanceof HttpException)) throw error;
        results.push({ companyId, planId: null, error: error.message });
      }
    }
    return { results };
  }

  private checkOverrides(
    raw: ApplyTemplateDto['overrides'],
  ): Record<string, Array<{ goal: string; target: string }>> {
    if (!raw) return {};
    const problems: Array<{ field: string; problem: string }> = [];
    for (const [companyId, list] of Object.entries(raw)) {
      if (!UUID.test(companyId))
        problems.push({ field: `overrides.${companyId}`, problem: 'keys must be company ids' });
      if (!Array.isArray(list)) {
        problems.push({ field: `overrides.${companyId}`, problem: 'must be a list of {goal, target}' });
        continue;
      }
      list.forEach((o: unknown, i) => {
        const entry = o as { goal?: unknown; target?: unknown };
        if (
          typeof entry?.goal !== 'string' ||
          typeof entry.target !== 'string' ||
          !DECIMAL.test(entry.target)
        ) {
          problems.push({
            field: `overrides.${companyId}[${i}]`,
            problem: 'must be {goal: string, target: decimal string}',
          });
        }
      });
    }
    if (problems.length) throw new BadInputException('Invalid target overrides', problems);
    return raw as Record<string, Array<{ goal: string; target: string }>>;
  }
}
