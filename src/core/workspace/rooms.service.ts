import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessService } from '../access/access.service';
import { Permission } from '../access/permission';
import { DEFAULT_ROOM_KINDS, ROOM_TITLES } from '../access/roles';
import { ActivityService } from '../activity/activity.service';
import { AuthUser } from '../auth/auth-user';
import { Tx, UnitOfWork } from '../database/unit-of-work';
import { Room } from './room.entity';
import { CreateRoomDto, mapRoom, RoomDto, UpdateRoomDto } from './rooms.dto';

/** The files room keeps a root folder per file room; it plugs in here so new rooms get theirs at once. */
export interface RoomFolders {
  /** Root folder id by room id, for the rooms that hold files. */
  createRoots(tx: Tx, rooms: Room[]): Promise<Map<string, string>>;
  rootsOf(roomIds: string[]): Promise<Map<string, string>>;
}

@Injectable()
export class RoomsService {
  private folders: RoomFolders | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly activity: ActivityService,
  ) {}

  useFolders(folders: RoomFolders): void {
    this.folders = folders;
  }

  /** The default rooms of a new company, inside its creating transaction. */
  async createDefaults(tx: Tx, workspaceId: string, companyId: string): Promise<Room[]> {
    const rooms = DEFAULT_ROOM_KINDS.map((kind, position) =>
      tx.manager.create(Room, {
        workspaceId,
        companyId,
        kind,
        name: ROOM_TITLES[kind],
        position,
        enabled: true,
      }),
    );
    const saved = await tx.manager.save(rooms);
    await this.folders?.createRoots(tx, saved);
    return saved;
  }

  /** Rooms of a company the caller may enter, in navigation order. */
  async enterable(auth: AuthUser, companyId: string): Promise<Room[]> {
    const relation = (await this.access.companyRelations(auth, [companyId])).get(companyId);
    if (!relation) return [];
    const rooms = await this.dataSource.manager.find(Room, {
      where: { companyId, workspaceId: auth.workspaceId },
      order: { position: 'ASC', createdAt: 'ASC' },
    });
    return rooms.filter((room) => this.access.canEnterRoom(relation, room));
  }

  async list(auth: AuthUser, companyId: string): Promise<RoomDto[]> {
    const relation = await this.access.requireCompany(auth, Permission.RoomList, companyId);
    const rooms = await this.dataSource.manager.find(Room, {
      where: { companyId },
      order: { position: 'ASC', createdAt: 'ASC' },
    });
    // Admins see disabled rooms to manage them; everyone else sees what they may enter.
    const visible =
      relation === 'admin' ? rooms : rooms.filter((room) => this.access.canEnterRoom(relation, room));
    const roots = (await this.folders?.rootsOf(visible.map((room) => room.id))) ?? new Map<string, string>();
    return visible.map((room) => ({ ...mapRoom(room), rootFolderId: roots.get(room.id) ?? null }));
  }

  async createCustom(auth: AuthUser, companyId: string, dto: CreateRoomDto): Promise<RoomDto> {
    await this.access.requireCompany(auth, Permission.RoomManage, companyId);
    return this.uow.run(async (tx) => {
      const last = await tx.manager
        .createQueryBuilder(Room, 'r')
        .select('COALESCE(MAX(r.position), -1)', 'max')
        .where('r.companyId = :companyId', { companyId })
        .getRawOne<{ max: number }>();
      const room = await tx.manager.save(
        tx.manager.create(Room, {
          workspaceId: auth.workspaceId,
          companyId,
          kind: 'custom',
          name: dto.name,
          description: dto.description ?? '',
          position: Number(last?.max ?? -1) + 1,
        }),
      );
      const roots = (await this.folders?.createRoots(tx, [room])) ?? new Map<string, string>();
      await this.activity.record(tx, {
        workspaceId: auth.workspaceId,
        companyId,
        roomId: room.id,
        actorId: auth.id,
        type: 'room.created',
        entity: 'room',
        entityId: room.id,
        summary: `${auth.name} added the room ${room.name}`,
      });
      return { ...mapRoom(room), rootFolderId: roots.get(room.id) ?? null };
    });
  }

  async update(auth: AuthUser, companyId: string, roomId: string, dto: UpdateRoomDto): Promise<RoomDto> {
    await this.access.requireCompany(auth, Permission.RoomManage, companyId);
    return this.uow.run(async (tx) => {
      const room = await tx.manager.findOne(Room, { where: { id: roomId, companyId } });
      if (!room) throw new NotFoundException('Room not found');
      const wasEnabled = room.enabled;
      if (dto.enabled !== undefined) room.enabled = dto.enabled;
      if (dto.name !== undefined) room.name = dto.name;
      if (dto.description !== undefined) room.description = dto.description;
      if (dto.position !== undefined) room.position = dto.position;
      await tx.manager.save(room);
      const type =
        wasEnabled !== room.enabled ? (room.enabled ? 'room.enabled' : 'room.disabled') : 'room.updated';
      await this.activity.record(tx, {
        workspaceId: auth.workspaceId,
        companyId,
        roomId: room.id,
        actorId: auth.id,
        type,
        entity: 'room',
        entityId: room.id,
        summary: `${auth.name} ${type.split('.')[1]} the room ${room.name}`,
        audience: room.enabled ? 'all' : 'vendor',
      });
      return mapRoom(room);
    });
  }
}
