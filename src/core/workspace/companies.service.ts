import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { AccessService } from '../access/access.service';
import { Permission } from '../access/permission';
import { ActivityService } from '../activity/activity.service';
import { AuthUser } from '../auth/auth-user';
import { TokensService } from '../auth/tokens.service';
import { UnitOfWork } from '../database/unit-of-work';
import { BadInputException } from '../http/errors';
import { decodeCursor, Page, pageLimit, toPage } from '../http/pagination';
import { EventBus } from '../realtime/event-bus.service';
import {
  CompanyDto,
  CompanyListItemDto,
  CompanyQueryDto,
  CreateCompanyDto,
  mapCompany,
  UpdateCompanyDto,
} from './companies.dto';
import { Company } from './company.entity';
import { DirectoryPages } from './directory-pages';
import { CompanyGroup, PartnerGroup } from './partner-group.entity';
import { Room } from './room.entity';
import { mapRoom } from './rooms.dto';
import { RoomsService } from './rooms.service';
import { User } from './user.entity';
import { Workspace } from './workspace.entity';
import { readTogether } from '../database/read-together';

interface ListRow {
  id: string;
  name: string;
  owner_id: string | null;
  commission_rate: string | null;
  currency: string;
  lead_protection_days: number | null;
  created_at: Date;
  updated_at: Date;
  group_ids: string[];
  rooms: CompanyListItemDto['rooms'];
}

@Injectable()
export class CompaniesService {
  private readonly pages = new DirectoryPages();

  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly activity: ActivityService,
    private readonly rooms: RoomsService,
    private readonly tokens: TokensService,
    private readonly bus: EventBus,
  ) {}

  /**
   * The list as the JSON text of its response. Pages repeat far more often than the directory changes, so
   * a serialized page is reused while the workspace's `directory_version` is the one it was built at. The
   * version is read before the page: a page built from newer rows under an older version is only a miss
   * later, never a stale answer.
   */
  async listJson(auth: AuthUser, query: CompanyQueryDto): Promise<string> {
    this.access.requireRole(auth, Permission.CompanyList);
    const [row] = await this.dataSource.query<{ version: string }[]>(
      `SELECT directory_version AS version FROM workspaces WHERE id = $1`,
      [auth.workspaceId],
    );
    const key = JSON.stringify([
      auth.workspaceId,
      query.q ?? null,
      query.ownerId ?? null,
      query.groupId ?? null,
      query.cursor ?? null,
      pageLimit(query),
    ]);
    const cached = this.pages.get(key, row.version);
    if (cached !== undefined) return cached;
    const body = JSON.stringify(await this.list(auth, query));
    this.pages.set(key, row.version, body);
    return body;
  }

  async list(auth: AuthUser, query: CompanyQueryDto): Promise<Page<CompanyListItemDto>> {
    this.access.requireRole(auth, Permission.CompanyList);
    const limit = pageLimit(query);
    const params: unknown[] = [auth.workspaceId];
    const where = ['c.workspace_id = $1', 'c.deleted_at IS NULL'];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (query.q) where.push(`c.name ILIKE ${param(`%${query.q.replace(/[\\%_]/g, (m) => '\\' + m)}%`)}`);
    if (query.ownerId) where.push(`c.owner_id = ${param(query.ownerId)}`);
    if (query.groupId) {
      where.push(
        `c.id IN (SELECT cg.company_id FROM company_groups cg WHERE cg.group_id = ${param(query.groupId)})`,
      );
    }
    const cursor = decodeCursor(query.cursor, 2);
    if (cursor) where.push(`(c.name, c.id) > (${param(cursor[0])}, ${param(cursor[1])})`);
    // One round trip: the page with its group ids and room summaries aggregated by Postgres, instead of
    // hydrating a row per room (a page of 50 companies carries ~500 rooms).
    const rows = await this.dataSource.query<ListRow[]>(
      `SELECT c.id, c.name, c.owner_id, c.commission_rate, c.currency, c.lead_protection_days,
              c.created_at, c.updated_at,
              COALESCE((SELECT json_agg(cg.group_id) FROM company_groups cg WHERE cg.company_id = c.id), '[]')
                AS group_ids,
              COALESCE((SELECT json_agg(json_build_object('id', r.id, 'kind', r.kind, 'name', r.name,
                                                          'enabled', r.enabled) ORDER BY r.position, r.created_at)
                          FROM rooms r WHERE r.company_id = c.id), '[]') AS rooms
         FROM companies c
        WHERE ${where.join(' AND ')}
        ORDER BY c.name, c.id
        LIMIT ${param(limit + 1)}`,
      params,
    );
    return toPage(
      rows,
      limit,
      (row) => [row.name, row.id],
      (row) => ({
        id: row.id,
        name: row.name,
        ownerId: row.owner_id,
        groupIds: row.group_ids,
        commissionRate: row.commission_rate,
        currency: row.currency.trim(),
        leadProtectionDays: row.lead_protection_days,
        rooms: row.rooms,
        createdAt: row.created_at.toISOString(),
        updatedAt: row.updated_at.toISOString(),
      }),
    );
  }

  async get(auth: AuthUser, id: string): Promise<CompanyDto> {
    await this.access.requireCompany(auth, Permission.CompanyRead, id);
    return this.load(this.dataSource.manager, id);
  }

  async create(auth: AuthUser, dto: CreateCompanyDto): Promise<CompanyDto> {
    this.access.requireRole(auth, Permission.CompanyCreate);
    return this.uow.run(async (tx) => {
      const { manager } = tx;
      await this.checkOwner(manager, auth, dto.ownerId);
      await this.checkGroups(manager, auth, dto.groupIds);
      const workspace = await manager.findOneByOrFail(Workspace, { id: auth.workspaceId });
      const company = await manager.save(
        manager.create(Company, {
          workspaceId: auth.workspaceId,
          name: dto.name,
          ownerId: dto.ownerId ?? null,
          commissionRate: dto.commissionRate ?? null,
          currency: dto.currency ?? workspace.defaultCurrency.trim(),
          leadProtectionDays: dto.leadProtectionDays ?? null,
        }),
      );
      if (dto.groupIds?.length) {
        await manager.save(
          dto.groupIds.map((groupId) => manager.create(CompanyGroup, { companyId: company.id, groupId })),
        );
      }
      await this.rooms.createDefaults(tx, auth.workspaceId, company.id);
      await this.activity.record(tx, {
        workspaceId: auth.workspaceId,
        companyId: company.id,
        actorId: auth.id,
        type: 'company.created',
        entity: 'company',
        entityId: company.id,
        summary: `${auth.name} added the partner ${company.name}`,
        audience: 'vendor',
      });
      return this.load(manager, company.id);
    });
  }

  async update(auth: AuthUser, id: string, dto: UpdateCompanyDto): Promise<CompanyDto> {
    await this.access.requireCompany(auth, Permission.CompanyUpdate, id);
    return this.uow.run(async (tx) => {
      const { manager } = tx;
      const company = await manager.findOneByOrFail(Company, { id });
      if (dto.ownerId !== undefined) await this.checkOwner(manager, auth, dto.ownerId);
      await this.checkGroups(manager, auth, dto.groupIds);
      const ownerChanged = dto.ownerId !== undefined && dto.ownerId !== company.ownerId;
      if (dto.name !== undefined) company.name = dto.name;
      if (dto.ownerId !== undefined) company.ownerId = dto.ownerId;
      if (dto.commissionRate !== undefined) company.commissionRate = dto.commissionRate;
      if (dto.currency !== undefined) company.currency = dto.currency;
      if (dto.leadProtectionDays !== undefined) company.leadProtectionDays = dto.leadProtectionDays;
      await manager.save(company);
      if (dto.groupIds) {
        await manager.delete(CompanyGroup, { companyId: id });
        if (dto.groupIds.length) {
          await manager.save(
            dto.groupIds.map((groupId) => manager.create(CompanyGroup, { companyId: id, groupId })),
          );
        }
      }
      await this.activity.record(tx, {
        workspaceId: auth.workspaceId,
        companyId: id,
        actorId: auth.id,
        type: ownerChanged ? 'company.owner_changed' : 'company.updated',
        entity: 'company',
        entityId: id,
        summary: `${auth.name} updated the partner ${company.name}`,
        data: { fields: Object.keys(dto) },
        audience: 'vendor',
      });
      return this.load(manager, id);
    });
  }

  /** Soft delete: the company disappears, its users are disabled and signed out everywhere. */
  async remove(auth: AuthUser, id: string): Promise<void> {
    await this.access.requireCompany(auth, Permission.CompanyDelete, id);
    const signedOut = await this.uow.run(async (tx) => {
      const { manager } = tx;
      const company = await manager.findOneByOrFail(Company, { id });
      company.deletedAt = new Date();
      await manager.save(company);
      const users = await manager.find(User, {
        select: { id: true },
        where: { companyId: id, status: In(['active', 'invited']) },
      });
      if (users.length)
        await manager.update(User, { id: In(users.map((u) => u.id)) }, { status: 'disabled' });
      for (const user of users) await this.tokens.revokeUserSessions(manager, user.id, 'company removed');
      await this.activity.record(tx, {
        workspaceId: auth.workspaceId,
        companyId: id,
        actorId: auth.id,
        type: 'company.deleted',
        entity: 'company',
        entityId: id,
        summary: `${auth.name} removed the partner ${company.name}`,
        audience: 'vendor',
      });
      return users.map((u) => u.id);
    });
    for (const userId of signedOut) this.bus.sessionsRevoked(userId, 'all');
  }

  private async load(manager: EntityManager, id: string): Promise<CompanyDto> {
    const company = await manager.findOne(Company, { where: { id, deletedAt: IsNull() } });
    if (!company) throw new NotFoundException('Company not found');
    const details = await this.details(manager, [id]);
    return mapCompany(company, details.groups.get(id) ?? [], details.rooms.get(id) ?? []);
  }

  private async details(manager: EntityManager, ids: string[]) {
    const groups = new Map<string, string[]>();
    const rooms = new Map<string, ReturnType<typeof mapRoom>[]>();
    if (ids.length === 0) return { groups, rooms };
    // Plain rows: hydrating hundreds of room entities per page costs more than the queries themselves.
    const [links, roomRows] = await readTogether(manager, [
      () =>
        manager.query<Array<{ company_id: string; group_id: string }>>(
          'SELECT company_id, group_id FROM company_groups WHERE company_id = ANY($1)',
          [ids],
        ),
      () =>
        manager.query<Array<Record<string, unknown>>>(
          `SELECT id, workspace_id, company_id, kind, name, description, enabled, position
             FROM rooms WHERE company_id = ANY($1) ORDER BY position, created_at`,
          [ids],
        ),
    ]);
    for (const link of links) {
      const list = groups.get(link.company_id) ?? [];
      list.push(link.group_id);
      groups.set(link.company_id, list);
    }
    for (const row of roomRows) {
      const room = Object.assign(new Room(), {
        id: row.id,
        workspaceId: row.workspace_id,
        companyId: row.company_id,
        kind: row.kind,
        name: row.name,
        description: row.description,
        enabled: row.enabled,
        position: row.position,
      });
      const list = rooms.get(room.companyId) ?? [];
      list.push(mapRoom(room));
      rooms.set(room.companyId, list);
    }
    return { groups, rooms };
  }

  private async checkOwner(manager: EntityManager, auth: AuthUser, ownerId: string | null | undefined) {
    if (!ownerId) return;
    const owner = await manager.findOne(User, { where: { id: ownerId, workspaceId: auth.workspaceId } });
    if (
      !owner ||
      (owner.role !== 'channel_manager' && owner.role !== 'admin') ||
      owner.status === 'disabled'
    ) {
      throw new BadInputException('ownerId must be an active channel manager or admin', [
        { field: 'ownerId', problem: 'is not an active channel manager or admin of this workspace' },
      ]);
    }
  }

  private async checkGroups(manager: EntityManager, auth: AuthUser, groupIds: string[] | undefined) {
    if (!groupIds?.length) return;
    const unique = [...new Set(groupIds)];
    const found = await manager.count(PartnerGroup, {
      where: { id: In(unique), workspaceId: auth.workspaceId },
    });
    if (found !== unique.length || unique.length !== groupIds.length) {
      throw new BadInputException('Unknown or repeated partner group', [
        { field: 'groupIds', problem: 'must list distinct partner groups of this workspace' },
      ]);
    }
  }
}
