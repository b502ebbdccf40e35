import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { IsNull } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { isPartnerRole } from '../access/roles';
import { ActivityService } from '../activity/activity.service';
import { AuthUser } from '../auth/auth-user';
import { LoginResult } from '../auth/auth.service';
import { hashPassword, passwordProblems } from '../auth/passwords';
import { sha256, TokensService } from '../auth/tokens.service';
import { Tx, UnitOfWork } from '../database/unit-of-work';
import { BadInputException } from '../http/errors';
import { invitationEmail } from '../notifications/email-templates';
import { MailerService } from '../notifications/mailer.service';
import { NotificationsService } from '../notifications/notifications.service';
import { Company } from './company.entity';
import { AcceptInvitationDto, CreateInvitationDto, InvitationDto } from './invitations.dto';
import { Invitation } from './invitation.entity';
import { User } from './user.entity';
import { mapUser } from './users.dto';
import { UserAccess } from './user-access';
import { Workspace } from './workspace.entity';

const INVITATION_DAYS = 7;

@Injectable()
export class InvitationsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly userAccess: UserAccess,
    private readonly tokens: TokensService,
    private readonly mailer: MailerService,
    private readonly notifications: NotificationsService,
    private readonly activity: ActivityService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(auth: AuthUser, dto: CreateInvitationDto): Promise<InvitationDto> {
    await this.userAccess.checkCanManage(auth, dto.role, dto.companyId ?? null);
    return this.uow.run(async (tx) => {
      const existing = await tx.manager.findOne(User, { where: { email: dto.email } });
      let user: User;
      if (existing) {
        if (existing.status !== 'invited' || existing.workspaceId !== auth.workspaceId) {
          throw new ConflictException('A user with this email already exists');
        }
        existing.role = dto.role;
        existing.companyId = isPartnerRole(dto.role) ? (dto.companyId ?? null) : null;
        if (dto.name) existing.name = dto.name;
        user = await tx.manager.save(existing);
      } else {
        user = await tx.manager.save(
          tx.manager.create(User, {
            workspaceId: auth.workspaceId,
            companyId: isPartnerRole(dto.role) ? (dto.companyId ?? null) : null,
            email: dto.email,
            name: dto.name ?? dto.email.split('@')[0],
            role: dto.role,
            status: 'invited',
          }),
        );
      }
      return this.issue(tx, auth, user);
    });
  }

  /** Creates (or renews) the single-use invitation of an invited user and queues its email. */
  async issue(tx: Tx, auth: AuthUser, user: User): Promise<InvitationDto> {
    const { manager } = tx;
    await manager.update(
      Invitation,
      { userId: user.id, acceptedAt: IsNull(), revokedAt: IsNull() },
      { revokedAt: new Date() },
    );
    const token = randomBytes(32).toString('base64url');
    const invitation = await manager.save(
      manager.create(Invitation, {
        workspaceId: auth.workspaceId,
        userId: user.id,
        email: user.email,
        role: user.role,
        companyId: user.companyId,
        tokenHash: sha256(token),
        invitedById: auth.id,
        expiresAt: new Date(Date.now() + INVITATION_DAYS * 24 * 3600 * 1000),
      }),
    );
    const acceptUrl = `${this.config.publicUrl}/invitations/${token}`;
    const workspace = await manager.findOneByOrFail(Workspace, { id: auth.workspaceId });
    const company = user.companyId ? await manager.findOneBy(Company, { id: user.companyId }) : null;
    await this.mailer.enqueue(
      tx,
      user.email,
      invitationEmail({
        workspaceName: workspace.name,
        inviterName: auth.name,
        companyName: company?.name ?? null,
        acceptUrl,
        expiresAt: invitation.expiresAt,
      }),
      auth.workspaceId,
    );
    await this.activity.record(tx, {
      workspaceId: auth.workspaceId,
      companyId: user.companyId,
      actorId: auth.id,
      type: 'user.invited',
      entity: 'user',
      entityId: user.id,
      summary: `${auth.name} invited ${user.email}`,
      audience: 'vendor',
    });
    return {
      id: invitation.id,
      email: user.email,
      role: user.role,
      companyId: user.companyId,
      expiresAt: invitation.expiresAt.toISOString(),
      acceptUrl,
    };
  }

  async accept(
    token: string,
    dto: AcceptInvitationDto,
    meta: { ip?: string; userAgent?: string },
  ): Promise<LoginResult> {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token))
      throw new NotFoundException('Invitation not found or expired');
    const passwordHash = await (async () => {
      const problems = passwordProblems(dto.password, [dto.name]);
      if (problems.length) throw new BadInputException('Password not accepted', problems);
      return hashPassword(dto.password);
    })();
    return this.uow.run(async (tx) => {
      const { manager } = tx;
      const invitation = await manager
        .createQueryBuilder(Invitation, 'i')
        .setLock('pessimistic_write')
        .where('i.tokenHash = :hash', { hash: sha256(token) })
        .getOne();
      if (
        !invitation ||
        invitation.acceptedAt ||
        invitation.revokedAt ||
        invitation.expiresAt.getTime() <= Date.now()
      ) {
        throw new NotFoundException('Invitation not found or expired');
      }
      const user = await manager.findOneBy(User, { id: invitation.userId });
      if (!user || user.status !== 'invited') throw new NotFoundException('Invitation not found or expired');
      const problems = passwordProblems(dto.password, [user.email]);
      if (problems.length) throw new BadInputException('Password not accepted', problems);
      invitation.acceptedAt = new Date();
      await manager.save(invitation);
      user.name = dto.name;
      user.passwordHash = passwordHash;
      user.status = 'active';
      user.lastLoginAt = new Date();
      await manager.save(user);
      const pair = await this.tokens.startSession(manager, user, meta);
      if (invitation.invitedById) {
        await this.notifications.notify(tx, {
          workspaceId: user.workspaceId,
          userId: invitation.invitedById,
          kind: 'invitation.accepted',
          title: `${user.name} accepted your invitation`,
          link: null,
          data: { userId: user.id },
        });
      }
      await this.activity.record(tx, {
        workspaceId: user.workspaceId,
        companyId: user.companyId,
        actorId: user.id,
        type: 'user.joined',
        entity: 'user',
        entityId: user.id,
        summary: `${user.name} joined`,
      });
      return { ...pair, user: mapUser(user) };
    });
  }
}
