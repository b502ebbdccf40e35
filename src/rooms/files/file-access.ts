import { ForbiddenException, Injectable, NotFoundException, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { AccessService } from '../../core/access/access.service';
import { FileAction, filePolicy, FileRoomKind, isFileRoom } from '../../core/access/policies/file.policy';
import { Relation } from '../../core/access/relation';
import { AuthUser } from '../../core/auth/auth-user';
import { Tx } from '../../core/database/unit-of-work';
import { Room } from '../../core/workspace/room.entity';
import { RoomFolders, RoomsService } from '../../core/workspace/rooms.service';
import { Folder } from './folder.entity';
import { SharedFile } from './shared-file.entity';

export interface FileRoomContext {
  room: Room & { kind: FileRoomKind };
  relation: Relation;
}

/**
 * The door of every file room: folders, files, downloads and the `doc:` documents resolve through here.
 * A room the caller may not enter, or another company's, reads as 404; a visible one they may not change, 403.
 */
@Injectable()
export class FileAccess implements RoomFolders, OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly rooms: RoomsService,
  ) {}

  onModuleInit(): void {
    this.rooms.useFolders(this);
  }

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  can(context: FileRoomContext, action: FileAction): boolean {
    return filePolicy[context.room.kind][action].includes(context.relation);
  }

  async room(auth: AuthUser, roomId: string, action: FileAction): Promise<FileRoomContext> {
    const entry = (await this.access.roomAccess(auth, [roomId])).get(roomId);
    if (!entry || !isFileRoom(entry.room.kind)) throw new NotFoundException('Room not found');
    const context = entry as FileRoomContext;
    if (!this.can(context, action)) throw new ForbiddenException(`Your role may not ${action} in this room`);
    return context;
  }

  /** Rooms among `roomIds` whose files the caller may read. */
  async readableRooms(auth: AuthUser, roomIds: string[]): Promise<Map<string, FileRoomContext>> {
    const result = new Map<string, FileRoomContext>();
    for (const [id, entry] of await this.access.roomAccess(auth, roomIds)) {
      if (isFileRoom(entry.room.kind) && this.can(entry as FileRoomContext, 'read'))
        result.set(id, entry as FileRoomContext);
    }
    return result;
  }

  async folder(
    auth: AuthUser,
    folderId: string,
    action: FileAction,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<FileRoomContext & { folder: Folder }> {
    const folder = await manager.findOne(Folder, {
      where: { id: folderId, workspaceId: auth.workspaceId, deletedAt: IsNull() },
    });
    if (!folder) throw new NotFoundException('Folder not found');
    const context = await this.room(auth, folder.roomId, action).catch((error: unknown) => {
      throw error instanceof NotFoundException ? new NotFoundException('Folder not found') : error;
    });
    return { ...context, folder };
  }

  async file(
    auth: AuthUser,
    fileId: string,
    action: FileAction,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<FileRoomContext & { file: SharedFile }> {
    const file = await manager.findOne(SharedFile, {
      where: { id: fileId, workspaceId: auth.workspaceId, deletedAt: IsNull() },
    });
    if (!file) throw new NotFoundException('File not found');
    const context = await this.room(auth, file.roomId, action).catch((error: unknown) => {
      throw error instanceof NotFoundException ? new NotFoundException('File not found') : error;
    });
    return { ...context, file };
  }

  async createRoots(tx: Tx, rooms: Room[]): Promise<Map<string, string>> {
    const result = new Map<string, string>();
    for (const room of rooms.filter((r) => isFileRoom(r.kind))) {
      const root = await tx.manager.save(
        tx.manager.create(Folder, {
          workspaceId: room.workspaceId,
          companyId: room.companyId,
          roomId: room.id,
          parentId: null,
          name: room.name,
        }),
      );
      result.set(room.id, root.id);
    }
    return result;
  }

  async rootsOf(roomIds: string[]): Promise<Map<string, string>> {
    if (roomIds.length === 0) return new Map();
    const roots = await this.dataSource.manager.find(Folder, {
      select: { id: true, roomId: true },
      where: { roomId: In(roomIds), parentId: IsNull() },
    });
    return new Map(roots.map((root) => [root.roomId, root.id]));
  }
}
