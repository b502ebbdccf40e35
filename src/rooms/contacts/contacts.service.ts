import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { AccessService } from '../../core/access/access.service';
import { ContactAction, contactPolicy } from '../../core/access/policies/contact.policy';
import { isPartnerRelation, Relation } from '../../core/access/relation';
import { isPartnerRole, isVendorRole } from '../../core/access/roles';
import { ActivityService } from '../../core/activity/activity.service';
import { AuthUser } from '../../core/auth/auth-user';
import { Tx, UnitOfWork } from '../../core/database/unit-of-work';
import { BadInputException } from '../../core/http/errors';
import { PresenceService } from '../../core/realtime/presence.service';
import { Company } from '../../core/workspace/company.entity';
import { Room } from '../../core/workspace/room.entity';
import { User } from '../../core/workspace/user.entity';
import { ContactAssignment, ContactProfile } from './contact-assignment.entity';
import { AssignContactDto, ContactDto, UpdateProfileDto } from './contacts.dto';
import { toVcard } from './vcard';
import { readTogether } from '../../core/database/read-together';

interface ContactsRoom {
  company: Company;
  relation: Relation;
  roomId: string | null;
}

@Injectable()
export class ContactsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly activity: ActivityService,
    private readonly presence: PresenceService,
  ) {}

  /** Both sides' people of one partnership: the company's users, its channel manager and assigned staff. */
  async list(auth: AuthUser, companyId: string): Promise<ContactDto[]> {
    const room = await this.require(auth, companyId, 'read');
    return this.people(this.dataSource.manager, room.company);
  }

  async vcard(auth: AuthUser, companyId: string, userId: string): Promise<{ name: string; body: string }> {
    const room = await this.require(auth, companyId, 'read');
    const person = (await this.people(this.dataSource.manager, room.company)).find(
      (p) => p.userId === userId,
    );
    if (!person) throw new NotFoundException('Contact not found');
    const organization = person.side === 'partner' ? room.company.name : await this.workspaceName(auth);
    return {
      name: person.name,
      body: toVcard({
        name: person.name,
        email: person.email,
        phone: person.phone,
        title: person.title,
        role: person.partnershipRole,
        organization,
        timezone: person.timezone,
        note: person.responsibilities,
      }),
    };
  }

  async assign(auth: AuthUser, companyId: string, dto: AssignContactDto): Promise<ContactDto[]> {
    return this.uow.run(async (tx) => {
      const room = await this.require(auth, companyId, 'assign', tx.manager);
      const user = await tx.manager.findOne(User, {
        where: { id: dto.userId, workspaceId: auth.workspaceId, status: 'active' },
      });
      if (!user || !isVendorRole(user.role)) {
        throw new BadInputException('Only active vendor staff can be assigned', [
          { field: 'userId', problem: 'must be an active vendor user of this workspace' },
        ]);
      }
      const existing = await tx.manager.findOne(ContactAssignment, {
        where: { companyId, userId: dto.userId },
      });
      const previous = existing?.partnershipRole ?? null;
      await tx.manager.save(
        existing
          ? Object.assign(existing, { partnershipRole: dto.partnershipRole, assignedById: auth.id })
          : tx.manager.create(ContactAssignment, {
              workspaceId: auth.workspaceId,
              companyId,
              userId: dto.userId,
              partnershipRole: dto.partnershipRole,
              assignedById: auth.id,
            }),
      );
      const type = existing ? 'contact.role_changed' : 'contact.joined';
      const summary = existing
        ? `${user.name} is now ${dto.partnershipRole} (was ${previous})`
        : `${user.name} joined the team as ${dto.partnershipRole}`;
      await this.record(tx, auth, room, type, summary, user.id, { from: previous, to: dto.partnershipRole });
      return this.people(tx.manager, room.company);
    });
  }

  async unassign(auth: AuthUser, companyId: string, userId: string): Promise<void> {
    await this.uow.run(async (tx) => {
      const room = await this.require(auth, companyId, 'assign', tx.manager);
      const existing = await tx.manager.findOne(ContactAssignment, { where: { companyId, userId } });
      if (!existing) throw new NotFoundException('Assignment not found');
      await tx.manager.delete(ContactAssignment, { id: existing.id });
      const user = await tx.manager.findOneOrFail(User, { where: { id: userId } });
      await this.record(tx, auth, room, 'contact.left', `${user.name} left the team`, userId, {
        partnershipRole: existing.partnershipRole,
      });
    });
  }

  /** The caller's own contact card; partners' changes show in their company's activity. */
  async updateProfile(auth: AuthUser, dto: UpdateProfileDto): Promise<ContactDto> {
    return this.uow.run(async (tx) => {
      const changes: Partial<Pick<User, 'title' | 'phone' | 'timezone' | 'contactPreference'>> = {};
      if (dto.title !== undefined) changes.title = dto.title.trim();
      if (dto.phone !== undefined) changes.phone = dto.phone.trim();
      if (dto.timezone !== undefined) changes.timezone = dto.timezone;
      if (dto.contactPreference !== undefined) changes.contactPreference = dto.contactPreference;
      if (Object.keys(changes).length) await tx.manager.update(User, { id: auth.id }, changes);
      if (dto.responsibilities !== undefined) {
        await tx.manager.upsert(
          ContactProfile,
          { userId: auth.id, responsibilities: dto.responsibilities.trim() },
          ['userId'],
        );
      }
      const [card] = await this.cards(tx.manager, [auth.id], new Map());
      if (auth.companyId) {
        const roomId = await this.roomId(tx.manager, auth.companyId);
        await this.activity.record(tx, {
          workspaceId: auth.workspaceId,
          companyId: auth.companyId,
          roomId,
          actorId: auth.id,
          type: 'contact.profile_updated',
          entity: 'user',
          entityId: auth.id,
          summary: `${auth.name} updated their contact details`,
        });
      }
      return card;
    });
  }

  private async require(
    auth: AuthUser,
    companyId: string,
    action: ContactAction,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ContactsRoom> {
    const relation = (await this.access.companyRelations(auth, [companyId], manager)).get(companyId);
    if (!relation) throw new NotFoundException('Company not found');
    const room = await manager.findOne(Room, { where: { companyId, kind: 'contacts' } });
    if (isPartnerRelation(relation) && (!room || !this.access.canEnterRoom(relation, room))) {
      throw new NotFoundException('Company not found');
    }
    if (!contactPolicy[action].includes(relation)) {
      throw new ForbiddenException(`Your role may not ${action} contacts of this company`);
    }
    const company = await manager.findOneOrFail(Company, { where: { id: companyId } });
    return { company, relation, roomId: room?.id ?? null };
  }

  private async people(manager: EntityManager, company: Company): Promise<ContactDto[]> {
    const [partners, assignments] = await readTogether(manager, [
      () =>
        manager.find(User, {
          select: { id: true },
          where: { companyId: company.id, status: 'active' },
        }),
      () => manager.find(ContactAssignment, { where: { companyId: company.id } }),
    ]);
    const roles = new Map(assignments.map((a) => [a.userId, a.partnershipRole]));
    if (company.ownerId) roles.set(company.ownerId, 'Channel manager');
    const ids = [...new Set([...roles.keys(), ...partners.map((u) => u.id)])];
    const cards = await this.cards(manager, ids, roles);
    return cards.sort(
      (a, b) =>
        a.side.localeCompare(b.side) * -1 || a.name.localeCompare(b.name) || a.userId.localeCompare(b.userId),
    );
  }

  /** Contact cards of active users, with presence, in two queries and one presence lookup. */
  private async cards(
    manager: EntityManager,
    ids: string[],
    roles: Map<string, string>,
  ): Promise<ContactDto[]> {
    if (!ids.length) return [];
    const [[users, profiles], online] = await Promise.all([
      readTogether(manager, [
        () => manager.find(User, { where: { id: In(ids), status: 'active' } }),
        () => manager.find(ContactProfile, { where: { userId: In(ids) } }),
      ]),
      this.presence.onlineUserIds(ids),
    ]);
    const notes = new Map(profiles.map((p) => [p.userId, p.responsibilities]));
    return users.map((u) => ({
      userId: u.id,
      name: u.name,
      email: u.email,
      side: isPartnerRole(u.role) ? 'partner' : 'vendor',
      role: u.role,
      partnershipRole: roles.get(u.id) ?? null,
      title: u.title,
      responsibilities: notes.get(u.id) ?? '',
      phone: u.phone,
      timezone: u.timezone,
      contactPreference: u.contactPreference,
      online: online.has(u.id),
    }));
  }

  private async record(
    tx: Tx,
    auth: AuthUser,
    room: ContactsRoom,
    type: string,
    summary: string,
    userId: string,
    data: Record<string, unknown>,
  ): Promise<void> {
    await this.activity.record(tx, {
      workspaceId: auth.workspaceId,
      companyId: room.company.id,
      roomId: room.roomId,
      actorId: auth.id,
      type,
      entity: 'user',
      entityId: userId,
      summary,
      data,
    });
  }

  private async roomId(manager: EntityManager, companyId: string): Promise<string | null> {
    const room = await manager.findOne(Room, {
      select: { id: true },
      where: { companyId, kind: 'contacts' },
    });
    return room?.id ?? null;
  }

  private async workspaceName(auth: AuthUser): Promise<string> {
    const [row] = await this.dataSource.query<Array<{ name: string }>>(
      'SELECT name FROM workspaces WHERE id = $1',
      [auth.workspaceId],
    );
    return row?.name ?? '';
  }
}
