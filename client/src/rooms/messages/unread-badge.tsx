import { useEffect, useState } from 'react';
import { useWorkspace } from '../../app/session-context';
import { messagePaths, type Message, type ReadState, type UnreadSummary } from './messages-types';

const POLL_MS = 30_000;

/**
 * The messages room's unread and mention totals for the navigation: read once, then kept current from
 * `message:unread` (every tab of the user after a read), `message:new` (rooms and direct conversations this
 * socket hears), notifications and reconnects, with a slow poll for channels of rooms not joined.
 */
export function useRoomUnread(companyId: string, roomId: string): { unread: number; mentions: number } {
  const { api, realtime, me } = useWorkspace();
  const [counts, setCounts] = useState({ unread: 0, mentions: 0 });

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const load = () => {
      api.get<UnreadSummary>(messagePaths.unread(companyId)).then(
        (summary) => {
          if (stopped) return;
          const room = summary.rooms.find((r) => r.roomId === roomId);
          setCounts({ unread: room?.unreadCount ?? 0, mentions: room?.mentionCount ?? 0 });
        },
        () => undefined,
      );
    };
    const soon = () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        load();
      }, 250);
    };
    load();
    const offs = [
      realtime.on<ReadState>('message:unread', (state) => {
        if (state.room.roomId === roomId)
          setCounts({ unread: state.room.unreadCount, mentions: state.room.mentionCount });
      }),
      realtime.on<Message>('message:new', (message) => {
        if (message.authorId !== me.user.id) soon();
      }),
      realtime.on('message:deleted', soon),
      realtime.on('notification', soon),
      realtime.onReconnect(soon),
    ];
    const poll = setInterval(() => {
      if (document.visibilityState === 'visible') load();
    }, POLL_MS);
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      clearInterval(poll);
      for (const off of offs) off();
    };
  }, [api, realtime, me.user.id, companyId, roomId]);

  return counts;
}

/** The badge beside the messages room in the navigation. */
export function UnreadBadge({ companyId, roomId }: { companyId: string; roomId: string }) {
  const { unread, mentions } = useRoomUnread(companyId, roomId);
  if (unread === 0 && mentions === 0) return null;
  const label = `${unread} unread${mentions ? `, ${mentions} mentioning you` : ''}`;
  return (
    <span className="nav-badge" data-testid="nav-unread" title={label}>
      <span aria-hidden="true">
        {mentions > 0 ? `@${mentions} · ` : ''}
        {unread}
      </span>
      <span className="visually-hidden"> ({label})</span>
    </span>
  );
}
