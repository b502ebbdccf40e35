import { useEffect, useRef } from 'react';
import type { ActivityEvent } from '../api/types';
import { useWorkspace } from '../app/session-context';

/**
 * Calls `onChange` (coalesced) when an `activity` event of `roomId` passes `filter`, and after every
 * reconnect, since events may have been missed while offline.
 */
export function useRoomActivity(
  roomId: string,
  filter: (event: ActivityEvent) => boolean,
  onChange: () => void,
) {
  const { realtime } = useWorkspace();
  const latest = useRef({ filter, onChange });
  latest.current = { filter, onChange };

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const fire = () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        latest.current.onChange();
      }, 100);
    };
    const offActivity = realtime.onActivity((event) => {
      if (event.roomId === roomId && latest.current.filter(event)) fire();
    });
    const offReconnect = realtime.onReconnect(fire);
    return () => {
      offActivity();
      offReconnect();
      if (timer) clearTimeout(timer);
    };
  }, [realtime, roomId]);
}
