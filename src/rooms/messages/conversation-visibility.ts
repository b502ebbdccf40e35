import { CONVERSATION_ROOM_KINDS } from '../../core/access/policies/message.policy';
import { roomEntryPolicy } from '../../core/access/policies/room.policy';
import { isPartnerRole } from '../../core/access/roles';
import { Relation } from '../../core/access/relation';
import { AuthUser } from '../../core/auth/auth-user';
import { EntityThreads } from './entity-threads';

/**
 * The SQL form of ConversationAccess.require for lists, counts and search: the conversations (alias `c`)
 * the caller may read. Pushes its values onto `params` and returns the condition with `$n` placeholders.
 * Threads of entities whose room registered a rule follow that rule instead of the messages room's.
 */
export function visibleConversations(auth: AuthUser, params: unknown[], threads: EntityThreads): string {
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const viewer = p(auth.id);
  const participant = `EXISTS (SELECT 1 FROM conversation_members cm WHERE cm.conversation_id = c.id AND cm.user_id = ${viewer})`;
  const base = `c.workspace_id = ${p(auth.workspaceId)}
    AND EXISTS (SELECT 1 FROM companies co WHERE co.id = c.company_id AND co.deleted_at IS NULL)`;
  const partner = isPartnerRole(auth.role);
  let room = `(c.kind = 'channel' OR ${participant})`;
  if (partner) {
    const relation = auth.role as Relation;
    const kinds = CONVERSATION_ROOM_KINDS.filter((kind) => roomEntryPolicy[kind].includes(relation));
    room = `${room}
    AND c.company_id = ${p(auth.companyId)}
    AND NOT c.vendor_only
    AND EXISTS (SELECT 1 FROM rooms r WHERE r.id = c.room_id AND r.enabled AND r.kind = ANY(${p(kinds)}))`;
  }
  if (threads.types().length === 0) return `${base} AND ${room}`;
  const entity = threads.readable({
    id: `${viewer}::uuid`,
    role: `${p(auth.role)}::text`,
    companyId: `${p(auth.companyId)}::uuid`,
  });
  return `${base}
    AND ((${threads.ungoverned()} AND ${room}) OR (${entity}${partner ? ' AND NOT c.vendor_only' : ''}))`;
}

/** Rows of `UPDATE ... RETURNING` / `SELECT` from `manager.query`, whichever shape the driver gave. */
export function rowsOf<T>(raw: unknown): T[] {
  if (Array.isArray(raw) && raw.length === 2 && Array.isArray(raw[0]) && typeof raw[1] === 'number') {
    return raw[0] as T[];
  }
  return raw as T[];
}
