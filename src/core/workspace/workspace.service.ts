import { ConflictException, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthUser } from '../auth/auth-user';
import { LoginResult } from '../auth/auth.service';
import { hashPassword, passwordProblems } from '../auth/passwords';
import { TokensService } from '../auth/tokens.service';
import { ActivityService } from '../activity/activity.service';
import { UnitOfWork } from '../database/unit-of-work';
import { BadInputException } from '../http/errors';
import { Company } from './company.entity';
import { mapRoom, RoomDto } from './rooms.dto';
import { RoomsService } from './rooms.service';
import { SetupDto, WorkspaceDto } from './setup.dto';
import { User } from './user.entity';
import { mapUser, UserDto } from './users.dto';
import { Workspace } from './workspace.entity';

export function mapWorkspace(workspace: Workspace): WorkspaceDto {
  return {
    id: workspace.id,
    name: workspace.name,
    defaultCurrency: workspace.defaultCurrency.trim(),
    fiscalYearStartMonth: workspace.fiscalYearStartMonth,
  };
}

export interface MeDto {
  user: UserDto;
  workspace: WorkspaceDto;
  company: { id: string; name: string; currency: string } | null;
  role: string;
  rooms: RoomDto[];
}

@Injectable()
export class WorkspaceService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly tokens: TokensService,
    private readonly activity: ActivityService,
    private readonly rooms: RoomsService,
  ) {}

  async isSetUp(): Promise<boolean> {
    return (await this.dataSource.getRepository(Workspace).count()) > 0;
  }

  /** First run only: creates the workspace and its admin. Serialized so two racing requests cannot both win. */
  async setup(
    dto: SetupDto,
    meta: { ip?: string; userAgent?: string },
  ): Promise<LoginResult & { workspace: WorkspaceDto }> {
    const problems = passwordProblems(dto.password, [dto.email, dto.name]);
    if (problems.length) throw new BadInputException('Password not accepted', problems);
    const passwordHash = await hashPassword(dto.password);
    return this.uow.run(async (tx) => {
      const { manager } = tx;
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['setup']);
      if ((await manager.count(Workspace)) > 0) throw new ConflictException('The server is already set up');
      const workspace = await manager.save(
        manager.create(Workspace, {
          name: dto.workspaceName,
          defaultCurrency: dto.currency ?? 'USD',
          fiscalYearStartMonth: dto.fiscalYearStartMonth ?? 1,
        }),
      );
      const user = await manager.save(
        manager.create(User, {
          workspaceId: workspace.id,
          companyId: null,
          email: dto.email,
          name: dto.name,
          role: 'admin',
          passwordHash,
          status: 'active',
          lastLoginAt: new Date(),
        }),
      );
      const pair = await this.tokens.startSession(manager, user, meta);
      await this.activity.record(tx, {
        workspaceId: workspace.id,
        actorId: user.id,
        type: 'workspace.created',
        entity: 'workspace',
        entityId: workspace.id,
        summary: `${user.name} set up ${workspace.name}`,
        audience: 'vendor',
      });
      return { ...pair, user: mapUser(user), workspace: mapWorkspace(workspace) };
    });
  }

  async me(auth: AuthUser): Promise<MeDto> {
    const manager = this.dataSource.manager;
    const [user, workspace] = await Promise.all([
      manager.findOneByOrFail(User, { id: auth.id }),
      manager.findOneByOrFail(Workspace, { id: auth.workspaceId }),
    ]);
    let company: MeDto['company'] = null;
    let rooms: RoomDto[] = [];
    if (auth.companyId) {
      const own = await manager.findOneBy(Company, { id: auth.companyId });
      if (own) {
        company = { id: own.id, name: own.name, currency: own.currency.trim() };
        rooms = (await this.rooms.enterable(auth, own.id)).map(mapRoom);
      }
    }
    return { user: mapUser(user), workspace: mapWorkspace(workspace), company, role: auth.role, rooms };
  }

  async workspaceOf(auth: AuthUser): Promise<Workspace> {
    return this.dataSource.manager.findOneByOrFail(Workspace, { id: auth.workspaceId });
  }
}
