import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { AuthUser } from '../auth/auth-user';
import { Company } from '../workspace/company.entity';
import { Room } from '../workspace/room.entity';
import { Permission } from './permission';
import { companyPolicy } from './policies/company.policy';
import { roomEntryPolicy } from './policies/room.policy';
import { workspacePolicy } from './policies/workspace.policy';
import { isPartnerRelation, Relation, relationTo } from './relation';
import { RoomKind } from './roles';

export type CompanyScope = { all: true } | { all: false; companyIds: string[] };

export interface RoomAccess {
  room: Room;
  relation: Relation;
}

/**
 * The one access policy. Every controller, gateway and the collab server asks it; nothing else decides.
 * Unknown and foreign resources read as 404 so existence never leaks; known but forbidden is 403.
 */
@Injectable()
export class AccessService {
  constructor(private readonly dataSource: DataSource) {}

  can(auth: AuthUser, permission: Permission): boolean {
    return workspacePolicy[permission]?.includes(auth.role) ?? false;
  }

  requireRole(auth: AuthUser, permission: Permission): void {
    if (!this.can(auth, permission)) throw new ForbiddenException(`Your role may not ${permission}`);
  }

  /** Relations of the caller to each visible company among `companyIds`, in one query. */
  async companyRelations(
    auth: AuthUser,
    companyIds: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, Relation>> {
    const result = new Map<string, Relation>();
    const ids = [...new Set(companyIds)];
    if (ids.length === 0) return result;
    const candidates = this.isVendor(auth) ? ids : ids.filter((id) => id === auth.companyId);
    if (candidates.length === 0) return result;
    const companies = await manager.find(Company, {
      select: { id: true, ownerId: true },
      where: { id: In(candidates), workspaceId: auth.workspaceId, deletedAt: IsNull() },
    });
    for (const company of companies) {
      const relation = relationTo(auth, company);
      if (relation) result.set(company.id, relation);
    }
    return result;
  }

  /**
   * The caller's relation to one company as seen from its room of `kind`, in one query: null when they
   * may not know of it (another tenant or partner, a deleted company, or a partner whose room of that
   * kind is disabled or missing). Hot paths (lead and deal routes, the conflict check) use it.
   */
  async companyRoomRelation(
    auth: AuthUser,
    companyId: string,
    kind: RoomKind,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Relation | null> {
    if (!this.isVendor(auth) && companyId !== auth.companyId) return null;
    const [row] = await manager.query<Array<{ id: string; owner_id: string | null; room_enabled: boolean }>>(
      `SELECT c.id, c.owner_id,
              EXISTS (SELECT 1 FROM rooms r WHERE r.company_id = c.id AND r.kind = $3 AND r.enabled) AS room_enabled
         FROM companies c
        WHERE c.id = $1 AND c.workspace_id = $2 AND c.deleted_at IS NULL`,
      [companyId, auth.workspaceId, kind],
    );
    if (!row) return null;
    const relation = relationTo(auth, { id: row.id, ownerId: row.owner_id });
    if (!relation || (isPartnerRelation(relation) && !row.room_enabled)) return null;
    return relation;
  }

  /** The subset of `companyIds` on which the caller may perform `permission`. */
  async checkCompanyAccess(
    auth: AuthUser,
    permission: Permission,
    companyIds: readonly string[],
  ): Promise<Set<string>> {
    const relations = await this.companyRelations(auth, companyIds);
    const allowed = companyPolicy[permission] ?? [];
    return new Set([...relations].filter(([, relation]) => allowed.includes(relation)).map(([id]) => id));
  }

  async requireCompany(
    auth: AuthUser,
    permission: Permission,
    companyId: string,
    manager?: EntityManager,
  ): Promise<Relation> {
    const relation = (await this.companyRelations(auth, [companyId], manager)).get(companyId);
    if (!relation) throw new NotFoundException('Company not found');
    if (!(companyPolicy[permission] ?? []).includes(relation)) {
      throw new ForbiddenException(`Your role may not ${permission} for this company`);
    }
    return relation;
  }

  /** Which companies a list query may include for the caller. */
  companyScope(auth: AuthUser): CompanyScope {
    if (this.isVendor(auth)) return { all: true };
    return { all: false, companyIds: auth.companyId ? [auth.companyId] : [] };
  }

  /** Rooms the caller may enter among `roomIds`; disabled rooms are invisible to partners. */
  async roomAccess(auth: AuthUser, roomIds: readonly string[]): Promise<Map<string, RoomAccess>> {
    const result = new Map<string, RoomAccess>();
    const ids = [...new Set(roomIds)];
    if (ids.length === 0) return result;
    const rooms = await this.dataSource.manager.find(Room, {
      where: { id: In(ids), workspaceId: auth.workspaceId },
    });
    const relations = await this.companyRelations(
      auth,
      rooms.map((room) => room.companyId),
    );
    for (const room of rooms) {
      const relation = relations.get(room.companyId);
      if (!relation) continue;
      if (!room.enabled && isPartnerRelation(relation)) continue;
      if (!roomEntryPolicy[room.kind].includes(relation)) continue;
      result.set(room.id, { room, relation });
    }
    return result;
  }

  /** The room if the caller may enter it, else 404 (a room one may not enter is not revealed). */
  async requireRoom(auth: AuthUser, roomId: string): Promise<RoomAccess> {
    const access = (await this.roomAccess(auth, [roomId])).get(roomId);
    if (!access) throw new NotFoundException('Room not found');
    return access;
  }

  canEnterRoom(relation: Relation, room: Pick<Room, 'kind' | 'enabled'>): boolean {
    if (!room.enabled && isPartnerRelation(relation)) return false;
    return roomEntryPolicy[room.kind].includes(relation);
  }

  isVendor(auth: AuthUser): boolean {
    return auth.role === 'admin' || auth.role === 'channel_manager' || auth.role === 'vendor_member';
  }
}
