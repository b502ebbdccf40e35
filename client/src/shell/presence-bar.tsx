import { useEffect, useState } from 'react';
import type { PresenceUser } from '../api/types';
import { useWorkspace } from '../app/session-context';
import { colorFor, initials } from './avatar-colors';

/** Who else is in the room right now, from the server's `presence` events. */
export function PresenceBar({ roomId }: { roomId: string }) {
  const { realtime } = useWorkspace();
  const [users, setUsers] = useState<PresenceUser[]>(() => realtime.presenceOf(roomId));

  useEffect(() => {
    setUsers(realtime.presenceOf(roomId));
    return realtime.onPresence((list) => {
      if (list.roomId === roomId) setUsers(list.users);
    });
  }, [realtime, roomId]);

  return (
    <ul className="presence" aria-label="People in this room">
      {users.map((user) => (
        <li
          key={user.userId}
          className={`avatar ${user.state === 'away' ? 'away' : ''}`}
          style={{ backgroundColor: colorFor(user.userId) }}
          title={`${user.name}${user.state === 'away' ? ' (away)' : ''}`}
        >
          <span aria-hidden="true">{initials(user.name)}</span>
          <span className="visually-hidden">
            {user.name}
            {user.state === 'away' ? ' (away)' : ''}
          </span>
        </li>
      ))}
    </ul>
  );
}
