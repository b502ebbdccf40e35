import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { FILE_ROOM_KINDS, filePolicy } from '../../core/access/policies/file.policy';
import { PARTNER_USERS, VENDOR_STAFF } from '../../core/access/relation';
import { AuthUser } from '../../core/auth/auth-user';
import { Tx } from '../../core/database/unit-of-work';
import { BadInputException } from '../../core/http/errors';
import { Page, PageQueryDto } from '../../core/http/pagination';
import { User } from '../../core/workspace/user.entity';
import { ConversationsService } from '../messages/conversations.service';
import { EntityThreads, policyRoles, ViewerSql } from '../messages/entity-threads';
import { MessageView } from '../messages/messages.dto';
import { MessagesService } from '../messages/messages.service';
import { CommentDto, CreateCommentDto } from './files.dto';
import { SharedFile } from './shared-file.entity';

export const FILE_THREAD = 'file';

// Who reads a file in every kind of file room (the file's own room is checked below).
const READERS = policyRoles(
  [...VENDOR_STAFF, ...PARTNER_USERS].filter((relation) =>
    FILE_ROOM_KINDS.every((kind) => filePolicy[kind].read.includes(relation)),
  ),
);

/**
 * FileAccess 'read' in SQL: a file not deleted, in a file room; vendor staff read every one, partner users
 * those of their company's enabled rooms (every file room lets all who enter it read).
 */
export function fileReadable(fileId: string, viewer: ViewerSql): string {
  const kinds = FILE_ROOM_KINDS.map((kind) => `'${kind}'`).join(', ');
  return `EXISTS (SELECT 1 FROM files f JOIN rooms r ON r.id = f.room_id
     WHERE f.id = ${fileId} AND f.deleted_at IS NULL AND r.kind IN (${kinds}) AND (
       ${viewer.role} IN (${READERS.vendor})
       OR (r.company_id = ${viewer.companyId} AND r.enabled AND ${viewer.role} IN (${READERS.partner}))))`;
}

export function mapComment(fileId: string, message: MessageView): CommentDto {
  return {
    id: message.id,
    fileId,
    authorId: message.authorId,
    body: message.body,
    mentions: message.mentions,
    createdAt: message.createdAt,
  };
}

/**
 * A file's comments are its thread in the messages room, so mentions, unread counts, search and
 * notifications work as for messages; the thread is read by exactly the people who may read the file.
 */
@Injectable()
export class FileCommentsService implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly threads: EntityThreads,
    private readonly conversations: ConversationsService,
    private readonly messages: MessagesService,
  ) {}

  onModuleInit(): void {
    this.threads.register(FILE_THREAD, { readable: fileReadable });
  }

  /** The thread oldest first, in pages; the caller has checked that they may read the file. */
  async list(file: SharedFile, query: PageQueryDto): Promise<Page<CommentDto>> {
    return this.messages.threadPage(file.workspaceId, FILE_THREAD, file.id, query, (m) =>
      mapComment(file.id, m),
    );
  }

  /**
   * Posts a comment; the caller has checked that they may read the file. The named mentions must be people
   * who may read it too; `within` runs in the comment's transaction.
   */
  async add(
    auth: AuthUser,
    file: SharedFile,
    dto: CreateCommentDto,
    within: (tx: Tx) => Promise<unknown>,
  ): Promise<CommentDto> {
    const mentions = [...new Set((dto.mentions ?? []).map((m) => m.toLowerCase()))];
    const users = mentions.length
      ? await this.dataSource.manager.find(User, {
          where: { id: In(mentions), workspaceId: auth.workspaceId },
        })
      : [];
    const readers = users.filter((u) => u.companyId === null || u.companyId === file.companyId);
    if (readers.length !== mentions.length) {
      throw new BadInputException('Unknown mention', [
        { field: 'mentions', problem: 'must be users who can see this file' },
      ]);
    }
    const thread = await this.conversations.threadFor(auth, file.companyId, {
      type: FILE_THREAD,
      id: file.id,
      title: file.name,
    });
    const message = await this.messages.send(auth, thread.id, { body: dto.body }, undefined, {
      mentions,
      within,
    });
    return mapComment(file.id, message);
  }
}
