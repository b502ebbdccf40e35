import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { AccessService } from '../access/access.service';
import { Permission } from '../access/permission';
import { ActivityService } from '../activity/activity.service';
import { AuthUser } from '../auth/auth-user';
import { UnitOfWork } from '../database/unit-of-work';
import { BadInputException } from '../http/errors';
import { Company } from './company.entity';
import { CompanyGroup, PartnerGroup } from './partner-group.entity';
import {
  CreatePartnerGroupDto,
  mapPartnerGroup,
  PartnerGroupDto,
  UpdatePartnerGroupDto,
} from './partner-groups.dto';

@Injectable()
export class PartnerGroupsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly activity: ActivityService,
  ) {}

  async list(auth: AuthUser): Promise<PartnerGroupDto[]> {
    this.access.requireRole(auth, Permission.PartnerGroupRead);
    const groups = await this.dataSource.manager.find(PartnerGroup, {
      where: { workspaceId: auth.workspaceId },
      order: { name: 'ASC' },
    });
    const members = await this.members(
      this.dataSource.manager,
      groups.map((g) => g.id),
    );
    return groups.map((g) => mapPartnerGroup(g, members.get(g.id) ?? []));
  }

  async get(auth: AuthUser, id: string): Promise<PartnerGroupDto> {
    this.access.requireRole(auth, Permission.PartnerGroupRead);
    const group = await this.find(this.dataSource.manager, auth, id);
    return mapPartnerGroup(group, (await this.members(this.dataSource.manager, [id])).get(id) ?? []);
  }

  async create(auth: AuthUser, dto: CreatePartnerGroupDto): Promise<PartnerGroupDto> {
    this.access.requireRole(auth, Permission.PartnerGroupWrite);
    return this.uow.run(async (tx) => {
      const group = await tx.manager.save(
        tx.manager.create(PartnerGroup, {
          workspaceId: auth.workspaceId,
          name: dto.name,
          description: dto.description ?? '',
        }),
      );
      await this.setMembers(tx.manager, auth, group.id, dto.companyIds ?? []);
      await this.activity.record(tx, {
        workspaceId: auth.workspaceId,
        actorId: auth.id,
        type: 'partner_group.created',
        entity: 'partner_group',
        entityId: group.id,
        summary: `${auth.name} created the partner group ${group.name}`,
        audience: 'vendor',
      });
      return mapPartnerGroup(group, [...new Set(dto.companyIds ?? [])]);
    });
  }

  async update(auth: AuthUser, id: string, dto: UpdatePartnerGroupDto): Promise<PartnerGroupDto> {
    this.access.requireRole(auth, Permission.PartnerGroupWrite);
    return this.uow.run(async (tx) => {
      const group = await this.find(tx.manager, auth, id);
      if (dto.name !== undefined) group.name = dto.name;
      if (dto.description !== undefined) group.description = dto.description;
      await tx.manager.save(group);
      if (dto.companyIds) await this.setMembers(tx.manager, auth, id, dto.companyIds);
      await this.activity.record(tx, {
        workspaceId: auth.workspaceId,
        actorId: auth.id,
        type: 'partner_group.updated',
        entity: 'partner_group',
        entityId: id,
        summary: `${auth.name} updated the partner group ${group.name}`,
        audience: 'vendor',
      });
      return mapPartnerGroup(group, (await this.members(tx.manager, [id])).get(id) ?? []);
    });
  }

  async remove(auth: AuthUser, id: string): Promise<void> {
    this.access.requireRole(auth, Permission.PartnerGroupWrite);
    await this.uow.run(async (tx) => {
      const group = await this.find(tx.manager, auth, id);
      await tx.manager.delete(CompanyGroup, { groupId: id });
      await tx.manager.delete(PartnerGroup, { id });
      await this.activity.record(tx, {
        workspaceId: auth.workspaceId,
        actorId: auth.id,
        type: 'partner_group.deleted',
        entity: 'partner_group',
        entityId: id,
        summary: `${auth.name} deleted the partner group ${group.name}`,
        audience: 'vendor',
      });
    });
  }

  private async find(manager: EntityManager, auth: AuthUser, id: string): Promise<PartnerGroup> {
    const group = await manager.findOne(PartnerGroup, { where: { id, workspaceId: auth.workspaceId } });
    if (!group) throw new NotFoundException('Partner group not found');
    return group;
  }

  private async members(manager: EntityManager, groupIds: string[]): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>();
    if (!groupIds.length) return result;
    const links = await manager
      .createQueryBuilder(CompanyGroup, 'cg')
      .innerJoin(Company, 'c', 'c.id = cg.companyId AND c.deletedAt IS NULL')
      .where('cg.groupId IN (:...ids)', { ids: groupIds })
      .getMany();
    for (const link of links) result.set(link.groupId, [...(result.get(link.groupId) ?? []), link.companyId]);
    return result;
  }

  private async setMembers(manager: EntityManager, auth: AuthUser, groupId: string, companyIds: string[]) {
    const unique = [...new Set(companyIds)];
    if (unique.length) {
      const found = await manager.count(Company, {
        where: { id: In(unique), workspaceId: auth.workspaceId, deletedAt: IsNull() },
      });
      if (found !== unique.length) {
        throw new BadInputException('Unknown company in companyIds', [
          { field: 'companyIds', problem: 'must list partner companies of this workspace' },
        ]);
      }
    }
    await manager.delete(CompanyGroup, { groupId });
    if (unique.length)
      await manager.save(unique.map((companyId) => manager.create(CompanyGroup, { companyId, groupId })));
  }
}
