import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource, In, IsNull } from 'typeorm';
import { AuthUser } from '../../core/auth/auth-user';
import { BadInputException } from '../../core/http/errors';
import { AttachmentResolver, Attachments, AttachmentSummary } from '../../core/storage/attachments';
import { FileAccess } from './file-access';
import { FileVersion } from './file-version.entity';
import { SharedFile } from './shared-file.entity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Other rooms attach files the caller may read in the same company, at their current version. */
@Injectable()
export class FileAttachmentsResolver implements AttachmentResolver, OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly attachments: Attachments,
    private readonly files: FileAccess,
  ) {}

  onModuleInit(): void {
    this.attachments.register(this);
  }

  async resolve(auth: AuthUser, companyId: string, fileIds: string[]): Promise<AttachmentSummary[]> {
    const refuse = () =>
      new BadInputException('Unknown attachment', [
        { field: 'attachmentIds', problem: 'must be files of this company that you can read' },
      ]);
    if (fileIds.some((id) => typeof id !== 'string' || !UUID.test(id))) throw refuse();
    const ids = [...new Set(fileIds.map((id) => id.toLowerCase()))];
    const files = await this.dataSource.manager.find(SharedFile, {
      where: { id: In(ids), workspaceId: auth.workspaceId, companyId, deletedAt: IsNull() },
    });
    const rooms = await this.files.readableRooms(
      auth,
      files.map((f) => f.roomId),
    );
    const readable = new Map(
      files.filter((f) => rooms.has(f.roomId) && f.currentVersionId).map((f) => [f.id, f]),
    );
    if (readable.size !== ids.length) throw refuse();
    const versions = await this.dataSource.manager.findBy(FileVersion, {
      id: In([...readable.values()].map((f) => f.currentVersionId!)),
    });
    const byId = new Map(versions.map((v) => [v.id, v]));
    return fileIds.map((raw) => {
      const file = readable.get(raw.toLowerCase())!;
      const version = byId.get(file.currentVersionId!)!;
      return {
        id: file.id,
        versionId: version.id,
        name: file.name,
        size: Number(version.size),
        contentType: version.contentType,
      };
    });
  }
}
