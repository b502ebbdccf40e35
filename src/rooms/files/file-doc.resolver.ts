import { HttpException, Injectable, OnModuleInit } from '@nestjs/common';
import { AuthUser } from '../../core/auth/auth-user';
import { CollabDocAccess, CollabDocResolver, CollabDocuments } from '../../core/collab/collab-documents';
import { FileAccess } from './file-access';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `doc:<fileId>`, a collaborative Markdown document: read by whoever reads the room, written by its writers. */
@Injectable()
export class FileDocResolver implements CollabDocResolver, OnModuleInit {
  readonly prefix = 'doc';

  constructor(
    private readonly documents: CollabDocuments,
    private readonly files: FileAccess,
  ) {}

  onModuleInit(): void {
    this.documents.register(this);
  }

  async resolve(auth: AuthUser, fileId: string): Promise<CollabDocAccess | null> {
    if (!UUID.test(fileId)) return null;
    try {
      const context = await this.files.file(auth, fileId, 'read');
      if (context.file.kind !== 'doc') return null;
      return {
        workspaceId: context.file.workspaceId,
        companyId: context.file.companyId,
        roomId: context.file.roomId,
        canWrite: this.files.can(context, 'write'),
      };
    } catch (error) {
      if (error instanceof HttpException) return null;
      throw error;
    }
  }
}
