import { Injectable, OnModuleInit } from '@nestjs/common';
import { AccessService } from '../access/access.service';
import { AuthUser } from '../auth/auth-user';
import { CollabDocAccess, CollabDocuments } from './collab-documents';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `room:<roomId>`: the page of a custom room, edited by everyone who may enter the room. */
@Injectable()
export class RoomDocResolver implements OnModuleInit {
  readonly prefix = 'room';

  constructor(
    private readonly documents: CollabDocuments,
    private readonly access: AccessService,
  ) {}

  onModuleInit(): void {
    this.documents.register(this);
  }

  async resolve(auth: AuthUser, roomId: string): Promise<CollabDocAccess | null> {
    if (!UUID.test(roomId)) return null;
    const entry = (await this.access.roomAccess(auth, [roomId])).get(roomId);
    if (!entry || entry.room.kind !== 'custom') return null;
    return {
      workspaceId: entry.room.workspaceId,
      companyId: entry.room.companyId,
      roomId: entry.room.id,
      canWrite: true,
    };
  }
}
