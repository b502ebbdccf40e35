import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { AuthUser } from '../../core/auth/auth-user';
import { decodeCursor, encodeCursor } from '../../core/http/pagination';
import { EntityThreads } from './entity-threads';
import { visibleConversations } from './conversation-visibility';
import { Message } from './message.entity';
import { mapMessage, SearchPageView, SearchQueryDto } from './messages.dto';
import { ConversationAccess } from './conversation-access';

// Unusual characters mark the matches, so the excerpt can be HTML-escaped as a whole afterwards.
const START = '\u27E6';
const STOP = '\u27E7';

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function highlight(headline: string): string {
  return escapeHtml(headline).split(START).join('<mark>').split(STOP).join('</mark>');
}

/** Postgres full-text search over the messages the caller may read, ranked, with highlights. */
@Injectable()
export class MessageSearchService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: ConversationAccess,
    private readonly threads: EntityThreads,
  ) {}

  async search(auth: AuthUser, query: SearchQueryDto): Promise<SearchPageView> {
    if (query.conversationId) await this.access.require(auth, query.conversationId, 'read');
    if (query.companyId) await this.access.requireMessagesRoom(auth, query.companyId, 'read');
    const limit = query.limit ?? 50;
    const cursor = decodeCursor(query.cursor, 1);
    const offset = cursor ? Math.max(0, Math.floor(Number(cursor[0]))) : 0;
    const params: unknown[] = [query.q];
    const where = [visibleConversations(auth, params, this.threads)];
    const p = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (query.conversationId) where.push(`m.conversation_id = ${p(query.conversationId)}`);
    if (query.companyId) where.push(`m.company_id = ${p(query.companyId)}`);
    if (query.authorId) where.push(`m.author_id = ${p(query.authorId)}`);
    if (query.from) where.push(`m.created_at >= ${p(query.from)}::timestamptz`);
    if (query.to) where.push(`m.created_at <= ${p(query.to)}::timestamptz`);
    const options = p(`StartSel=${START}, StopSel=${STOP}, MaxWords=35, MinWords=12, MaxFragments=2`);
    const rows: Array<{ id: string; rank: number; headline: string; conversation_name: string | null }> =
      await this.dataSource.query(
        `SELECT m.id, ts_rank(m.search_vector, q) AS rank, c.name AS conversation_name,
                ts_headline('english', m.body, q, ${options}) AS headline
           FROM messages m
           JOIN conversations c ON c.id = m.conversation_id
           CROSS JOIN websearch_to_tsquery('english', $1) q
          WHERE m.search_vector @@ q AND m.deleted_at IS NULL AND ${where.join(' AND ')}
          ORDER BY rank DESC, m.created_at DESC, m.id
          LIMIT ${limit + 1} OFFSET ${offset}`,
        params,
      );
    const more = rows.length > limit;
    const page = rows.slice(0, limit);
    const messages = page.length
      ? await this.dataSource.manager.find(Message, { where: { id: In(page.map((r) => r.id)) } })
      : [];
    const byId = new Map(messages.map((m) => [m.id, m]));
    return {
      items: page.flatMap((row) => {
        const message = byId.get(row.id);
        if (!message) return [];
        return [
          {
            message: mapMessage(message),
            conversationName: row.conversation_name,
            rank: Number(row.rank),
            highlight: highlight(row.headline),
          },
        ];
      }),
      nextCursor: more ? encodeCursor([offset + limit]) : null,
    };
  }
}
