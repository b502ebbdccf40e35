import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { dealPolicy } from '../../core/access/policies/lead.policy';
import { AuthUser } from '../../core/auth/auth-user';
import { Tx } from '../../core/database/unit-of-work';
import { ConversationsService } from '../messages/conversations.service';
import { EntityThreads, policyRoles, roomOpen, ViewerSql } from '../messages/entity-threads';
import { Message } from '../messages/message.entity';
import { mapMessage, MessageView } from '../messages/messages.dto';
import { MessagesService } from '../messages/messages.service';
import { Deal } from './deal.entity';

export const DEAL_THREAD = 'deal';

const READERS = policyRoles(dealPolicy.read);

/**
 * DealAccess in SQL: vendor staff read every deal; partner users their company's while its deals room is
 * enabled, a partner member only the deals they registered.
 */
export function dealReadable(dealId: string, viewer: ViewerSql): string {
  return `EXISTS (SELECT 1 FROM deals d WHERE d.id = ${dealId} AND (
      ${viewer.role} IN (${READERS.vendor})
      OR (d.company_id = ${viewer.companyId}
          AND ${viewer.role} IN (${READERS.partner})
          AND ${roomOpen('d.company_id', 'deals')}
          AND (${viewer.role} <> 'partner_member' OR d.registered_by_id = ${viewer.id}))))`;
}

/**
 * A deal's notes are its thread in the messages room, so mentions, unread counts, search and notifications
 * work as for messages; the thread is read by exactly the people who may read the deal.
 */
@Injectable()
export class DealNotesService implements OnModuleInit {
  constructor(
    private readonly threads: EntityThreads,
    private readonly conversations: ConversationsService,
    private readonly messages: MessagesService,
  ) {}

  onModuleInit(): void {
    this.threads.register(DEAL_THREAD, { readable: dealReadable });
  }

  /** Posts a note; the caller has checked that they may note the deal. `within` runs in its transaction. */
  async add(
    auth: AuthUser,
    deal: Deal,
    body: string,
    within: (tx: Tx, message: Message) => Promise<unknown>,
  ): Promise<MessageView> {
    const thread = await this.conversations.threadFor(auth, deal.companyId, {
      type: DEAL_THREAD,
      id: deal.id,
      title: deal.name,
    });
    return this.messages.send(auth, thread.id, { body }, undefined, { within });
  }

  /** The deal's notes, oldest first. */
  async list(manager: EntityManager, deal: Deal): Promise<MessageView[]> {
    return (await this.messages.threadOf(deal.workspaceId, DEAL_THREAD, deal.id, manager)).map(mapMessage);
  }
}
