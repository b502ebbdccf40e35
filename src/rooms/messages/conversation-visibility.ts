import { CONVERSATION_ROOM_KINDS } from '../../core/access/policies/message.policy';
import { roomEntryPolicy } from '../../core/access/policies/room.policy';
import { isPartnerRole } from '../../core/access/roles';
import { Relation } from '../../core/access/relation';
import { AuthUser } from '../../core/auth/auth-user';

/**
 * The SQL form of ConversationAccess.require for lists, counts and search: the conversations (alias `c`)
 * the caller may read. Pushes its values onto `params` and returns the condition with `$n` placeholders.
 */
export function visibleConversations(auth: AuthUser, params: unknown[]): string {
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const viewer = p(auth.id);
  const participant = `EXISTS (SELECT 1 FROM conversation_members cm WHERE cm.conversation_id = c.id AND cm.user_id = ${viewer})`;
  const base = `c.workspace_id = ${p(auth.workspaceId)}
    AND EXISTS (SELECT 1 FROM companies co WHERE co.id = c.company_id AND co.deleted_at IS NULL)
    AND (c.kind = 'channel' OR ${participant})`;
  if (!isPartnerRole(auth.role)) return base;
  const relation = auth.role as Relation;
  const kinds = CONVERSATION_ROOM_KINDS.filter((kind) => roomEntryPolicy[kind].includes(relation));
  return `${base}
    AND c.company_id = ${p(auth.companyId)}
    AND NOT c.vendor_only
    AND EXISTS (SELECT 1 FROM rooms r WHERE r.id = c.room_id AND r.enabled AND r.kind = ANY(${p(kinds)}))`;
}

/** Rows of `UPDATE ... RETURNING` / `SELECT` from `manager.query`, whichever shape the driver gave. */
export function rowsOf<T>(raw: unknown): T[] {
  if (Array.isArray(raw) && raw.length === 2 && Array.isArray(raw[0]) && typeof raw[1] === 'number') {
    return raw[0] as T[];
  }
  return raw as T[];
}
