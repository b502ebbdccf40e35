import {
  highlightRuns,
  parseInline,
  parseMarkdown,
  plainText,
  safeHref,
} from '../../client/src/rooms/messages/markdown';
import {
  applyNewMessage,
  firstSeqOf,
  lastSeqOf,
  localMessage,
  markFailed,
  mergeMessages,
  typingLabel,
  unreadTail,
} from '../../client/src/rooms/messages/message-store';
import type { Conversation, Message } from '../../client/src/rooms/messages/messages-types';
import {
  canConvertLead,
  checkableDomain,
  dealMoves,
  domainForCheck,
  leadActions,
  relationTo,
} from '../../client/src/rooms/leads/lead-rules';

function msg(seq: number, extra: Partial<Message> = {}): Message {
  return {
    id: `m${seq}`,
    conversationId: 'c1',
    seq,
    authorId: 'other',
    body: `message ${seq}`,
    parentId: null,
    replyCount: 0,
    lastReplyAt: null,
    mentions: [],
    attachments: [],
    reactions: [],
    clientId: null,
    editedAt: null,
    deleted: false,
    createdAt: new Date(2026, 0, 1, 0, seq).toISOString(),
    ...extra,
  };
}

describe('message markdown', () => {
  it('keeps HTML as text: nothing in the tree is markup', () => {
    const tree = parseMarkdown('<img src=x onerror=alert(1)> **bold**');
    expect(tree).toEqual([
      {
        t: 'p',
        c: [
          { t: 'text', v: '<img src=x onerror=alert(1)> ' },
          { t: 'strong', c: [{ t: 'text', v: 'bold' }] },
        ],
      },
    ]);
  });

  it('drops links to javascript: and data: but keeps their text', () => {
    expect(parseInline('[click](javascript:alert(1))').some((n) => n.t === 'link')).toBe(false);
    expect(parseInline('[click](javascript:void0)')).toEqual([{ t: 'text', v: 'click' }]);
    expect(parseInline('[x](data:text/html,hi)')).toEqual([{ t: 'text', v: 'x' }]);
    expect(parseInline('[docs](https://example.com/a)')).toEqual([
      { t: 'link', href: 'https://example.com/a', c: [{ t: 'text', v: 'docs' }] },
    ]);
    expect(safeHref(' JAVASCRIPT:alert(1)')).toBeNull();
    expect(safeHref('mailto:a@example.test')).toBe('mailto:a@example.test');
  });

  it('reads emphasis, code, strike, autolinks and line breaks, but not snake_case', () => {
    expect(parseInline('*a* _b_ `c*d*` ~~e~~ snake_case_name')).toEqual([
      { t: 'em', c: [{ t: 'text', v: 'a' }] },
      { t: 'text', v: ' ' },
      { t: 'em', c: [{ t: 'text', v: 'b' }] },
      { t: 'text', v: ' ' },
      { t: 'code', v: 'c*d*' },
      { t: 'text', v: ' ' },
      { t: 'del', c: [{ t: 'text', v: 'e' }] },
      { t: 'text', v: ' snake_case_name' },
    ]);
    expect(parseInline('see https://example.com/x. next\nline')).toEqual([
      { t: 'text', v: 'see ' },
      { t: 'link', href: 'https://example.com/x', c: [{ t: 'text', v: 'https://example.com/x' }] },
      { t: 'text', v: '. next' },
      { t: 'br' },
      { t: 'text', v: 'line' },
    ]);
  });

  it('reads lists, quotes and fenced code blocks', () => {
    const tree = parseMarkdown('- one\n- two\n\n1. first\n\n> quoted\n\n```\n<b>raw</b>\n```');
    expect(tree.map((b) => b.t)).toEqual(['ul', 'ol', 'quote', 'pre']);
    expect(tree[3]).toEqual({ t: 'pre', v: '<b>raw</b>' });
    expect(plainText('**Hello** _there_\n> quoted')).toBe('Hello there quoted');
  });

  it('turns the search excerpt into runs without interpreting other markup', () => {
    expect(highlightRuns('a &lt;b&gt; <mark>hit</mark> &amp; more')).toEqual([
      { text: 'a <b> ', mark: false },
      { text: 'hit', mark: true },
      { text: ' & more', mark: false },
    ]);
  });
});

describe('message store', () => {
  it('orders by seq, de-duplicates, and replaces the optimistic copy by clientId', () => {
    const local = localMessage({ conversationId: 'c1', body: 'hi', parentId: null, clientId: 'k1' }, 'me');
    let list = mergeMessages([msg(2), local], [msg(1)]);
    expect(list.map((m) => m.id)).toEqual(['m1', 'm2', 'local:k1']);
    list = mergeMessages(list, [msg(3, { clientId: 'k1', authorId: 'me' }), msg(2)]);
    expect(list.map((m) => m.id)).toEqual(['m1', 'm2', 'm3']);
    expect(lastSeqOf(list)).toBe(3);
    expect(firstSeqOf(list)).toBe(1);
  });

  it('never lets a stale copy undo a delete or an edit', () => {
    const deleted = msg(1, { deleted: true, body: '' });
    expect(mergeMessages([deleted], [msg(1)])[0].deleted).toBe(true);
    const edited = msg(2, { body: 'new', editedAt: '2026-01-02T00:00:00.000Z' });
    expect(mergeMessages([edited], [msg(2)])[0].body).toBe('new');
  });

  it('marks a failed send and keeps it after confirmed messages', () => {
    const local = localMessage({ conversationId: 'c1', body: 'hi', parentId: null, clientId: 'k2' }, 'me');
    const list = markFailed(mergeMessages([local], [msg(5)]), 'k2', 'no answer');
    expect(list[1]).toMatchObject({ id: 'local:k2', pending: false, failed: 'no answer' });
    expect(lastSeqOf(list)).toBe(5);
  });

  it('finds what to mark read only when someone else wrote after the read mark', () => {
    expect(unreadTail([msg(1), msg(2, { authorId: 'me' })], 'me', 0)?.id).toBe('m2');
    expect(unreadTail([msg(1), msg(2, { authorId: 'me' })], 'me', 1)).toBeNull();
    expect(unreadTail([msg(1)], 'me', 1)).toBeNull();
  });

  it('counts a live message as unread unless it is mine or its conversation is open', () => {
    const conversation = {
      id: 'c1',
      lastSeq: 0,
      lastReadSeq: 0,
      unreadCount: 0,
      mentionCount: 0,
      lastMessageAt: null,
      createdAt: '2026-01-01T00:00:00.000Z',
    } as Conversation;
    const other = { ...conversation, id: 'c2', createdAt: '2026-01-01T00:00:01.000Z' };
    let list = applyNewMessage([conversation, other], msg(1, { mentions: ['me'] }), 'me', null);
    expect(list[0]).toMatchObject({ id: 'c1', unreadCount: 1, mentionCount: 1, lastSeq: 1 });
    list = applyNewMessage(list, msg(2, { authorId: 'me' }), 'me', null);
    expect(list[0].unreadCount).toBe(1);
    list = applyNewMessage(list, msg(3), 'me', 'c1');
    expect(list[0].unreadCount).toBe(1);
  });

  it('says who is typing', () => {
    expect(typingLabel([])).toBe('');
    expect(typingLabel(['Ann'])).toBe('Ann is typing…');
    expect(typingLabel(['Ann', 'Bo'])).toBe('Ann and Bo are typing…');
    expect(typingLabel(['Ann', 'Bo', 'Cy'])).toBe('3 people are typing…');
  });
});

describe('leads and deals rules', () => {
  it('reads the relation to a company as the server does', () => {
    const user = (role: any) => ({ id: 'u1', role });
    expect(relationTo(user('channel_manager'), 'u1')).toBe('owner');
    expect(relationTo(user('channel_manager'), 'u2')).toBe('vendor');
    expect(relationTo(user('admin'), null)).toBe('admin');
    expect(relationTo(user('partner_member'), null)).toBe('partner_member');
  });

  it('offers workflow buttons to the owner only, and the reason-taking reject', () => {
    expect(leadActions('owner', 'submitted').map((a) => a.to)).toEqual(['approved', 'rejected']);
    expect(leadActions('owner', 'submitted').find((a) => a.to === 'rejected')?.needsReason).toBe(true);
    expect(leadActions('vendor', 'submitted')).toEqual([]);
    expect(leadActions('partner_executive', 'submitted')).toEqual([]);
    expect(leadActions('admin', 'won')).toEqual([]);
    expect(canConvertLead('partner_member', { status: 'approved', dealId: null })).toBe(true);
    expect(canConvertLead('partner_member', { status: 'submitted', dealId: null })).toBe(false);
    expect(canConvertLead('vendor', { status: 'approved', dealId: null })).toBe(false);
  });

  it('lets only the owner mark a deal won, and nobody move a closed deal', () => {
    expect(dealMoves('partner_manager', 'proposal')).not.toContain('closed_won');
    expect(dealMoves('partner_manager', 'proposal')).toContain('closed_lost');
    expect(dealMoves('owner', 'proposal')).toContain('closed_won');
    expect(dealMoves('owner', 'closed_won')).toEqual([]);
    expect(dealMoves('vendor', 'proposal')).toEqual([]);
  });

  it('asks the conflict check only about a domain-shaped input, read as the server folds it', () => {
    expect(domainForCheck('https://www.Globex.com/about?x=1')).toBe('globex.com');
    expect(domainForCheck('sales@globex.com')).toBe('globex.com');
    expect(checkableDomain('glob')).toBe(false);
    expect(checkableDomain('globex.')).toBe(false);
    expect(checkableDomain('globex.co')).toBe(true);
  });
});
