import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessService } from '../access/access.service';
import { Permission } from '../access/permission';
import { isPartnerRole } from '../access/roles';
import { ActivityService } from '../activity/activity.service';
import { AuthUser } from '../auth/auth-user';
import { hashPassword, passwordProblems } from '../auth/passwords';
import { TokensService } from '../auth/tokens.service';
import { UnitOfWork } from '../database/unit-of-work';
import { BadInputException } from '../http/errors';
import { decodeCursor, Page, pageLimit, toPage } from '../http/pagination';
import { EventBus } from '../realtime/event-bus.service';
import { InvitationDto } from './invitations.dto';
import { InvitationsService } from './invitations.service';
import { User } from './user.entity';
import { UserAccess } from './user-access';
import { CreateUserDto, mapUser, UpdateUserDto, UserDto, UserQueryDto } from './users.dto';

@Injectable()
export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly activity: ActivityService,
    private readonly tokens: TokensService,
    private readonly bus: EventBus,
    private readonly invitations: InvitationsService,
    private readonly userAccess: UserAccess,
  ) {}

  async list(auth: AuthUser, query: UserQueryDto): Promise<Page<UserDto>> {
    // The company first: a partner asking about another company gets 404 whatever their role.
    if (query.companyId) await this.access.requireCompany(auth, Permission.CompanyUserRead, query.companyId);
    this.access.requireRole(auth, Permission.UserList);
    const limit = pageLimit(query);
    const qb = this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .where('u.workspaceId = :ws', { ws: auth.workspaceId })
      .orderBy('u.email', 'ASC')
      .addOrderBy('u.id', 'ASC')
      .take(limit + 1);
    if (auth.role === 'channel_manager') {
      qb.andWhere(
        '(u.companyId IN (SELECT c.id FROM companies c WHERE c.owner_id = :me AND c.deleted_at IS NULL) OR u.id = :me)',
        { me: auth.id },
      );
    } else if (auth.role !== 'admin') {
      qb.andWhere('u.companyId = :own', { own: auth.companyId });
    }
    if (query.companyId) qb.andWhere('u.companyId = :companyId', { companyId: query.companyId });
    if (query.role) qb.andWhere('u.role = :role', { role: query.role });
    if (query.q) {
      qb.andWhere('(u.name ILIKE :q OR u.email ILIKE :q)', {
        q: `%${query.q.replace(/[\\%_]/g, (m) => '\\' + m)}%`,
      });
    }
    const cursor = decodeCursor(query.cursor, 2);
    if (cursor) qb.andWhere('(u.email, u.id) > (:email, :id)', { email: cursor[0], id: cursor[1] });
    const rows = await qb.getMany();
    return toPage(rows, limit, (u) => [u.email, u.id], mapUser);
  }

  async create(auth: AuthUser, dto: CreateUserDto): Promise<UserDto & { invitation?: InvitationDto }> {
    const companyId = dto.companyId ?? null;
    await this.userAccess.checkCanManage(auth, dto.role, companyId);
    let passwordHash: string | null = null;
    if (dto.password !== undefined) {
      const problems = passwordProblems(dto.password, [dto.email, dto.name]);
      if (problems.length) throw new BadInputException('Password not accepted', problems);
      passwordHash = await hashPassword(dto.password);
    }
    return this.uow.run(async (tx) => {
      if (await tx.manager.exists(User, { where: { email: dto.email } })) {
        throw new ConflictException('A user with this email already exists');
      }
      const user = await tx.manager.save(
        tx.manager.create(User, {
          workspaceId: auth.workspaceId,
          companyId,
          email: dto.email,
          name: dto.name,
          role: dto.role,
          title: dto.title ?? '',
          passwordHash,
          status: passwordHash ? 'active' : 'invited',
        }),
      );
      if (!passwordHash) {
        const invitation = await this.invitations.issue(tx, auth, user);
        return { ...mapUser(user), invitation };
      }
      await this.activity.record(tx, {
        workspaceId: auth.workspaceId,
        companyId,
        actorId: auth.id,
        type: 'user.created',
        entity: 'user',
        entityId: user.id,
        summary: `${auth.name} added ${user.name}`,
      });
      return mapUser(user);
    });
  }

  async update(auth: AuthUser, id: string, dto: UpdateUserDto): Promise<UserDto> {
    const target = await this.dataSource.manager.findOne(User, {
      where: { id, workspaceId: auth.workspaceId },
    });
    if (!target) throw new NotFoundException('User not found');
    if (target.id !== auth.id || dto.role !== undefined || dto.status !== undefined) {
      // Anyone may rename themselves; everything else needs the right to manage the target.
      await this.userAccess.checkCanManage(auth, target.role, target.companyId);
    }
    if (dto.role !== undefined) {
      if (isPartnerRole(dto.role) !== isPartnerRole(target.role)) {
        throw new BadInputException('A user cannot change between vendor and partner side', [
          { field: 'role', problem: 'must stay on the same side (vendor or partner)' },
        ]);
      }
      await this.userAccess.checkCanManage(auth, dto.role, target.companyId);
    }
    if (target.id === auth.id && (dto.status === 'disabled' || (dto.role && dto.role !== target.role))) {
      throw new ConflictException('You cannot disable yourself or change your own role');
    }
    if (dto.status === 'active' && target.status === 'invited') {
      throw new ConflictException('An invited user becomes active by accepting the invitation');
    }
    const result = await this.uow.run(async (tx) => {
      const user = await tx.manager.findOneByOrFail(User, { id });
      const roleChanged = dto.role !== undefined && dto.role !== user.role;
      const disabled = dto.status === 'disabled' && user.status !== 'disabled';
      const enabled = dto.status === 'active' && user.status === 'disabled';
      if (dto.name !== undefined) user.name = dto.name;
      if (dto.title !== undefined) user.title = dto.title;
      if (dto.role !== undefined) user.role = dto.role;
      if (dto.status !== undefined) user.status = dto.status;
      await tx.manager.save(user);
      if (disabled) await this.tokens.revokeUserSessions(tx.manager, user.id, 'user disabled');
      const type = disabled
        ? 'user.disabled'
        : enabled
          ? 'user.enabled'
          : roleChanged
            ? 'user.role_changed'
            : 'user.updated';
      await this.activity.record(tx, {
        workspaceId: auth.workspaceId,
        companyId: user.companyId,
        actorId: auth.id,
        type,
        entity: 'user',
        entityId: user.id,
        summary: `${auth.name} updated ${user.name}`,
        data: { fields: Object.keys(dto) },
      });
      return { user, disabled, roleChanged };
    });
    if (result.disabled) this.bus.sessionsRevoked(result.user.id, 'all');
    if (result.roleChanged) this.bus.accessChanged(result.user.id);
    return mapUser(result.user);
  }
}
