import { useEffect, useState } from 'react';
import type { ConnectionStatus } from '../realtime/realtime-client';
import { useWorkspace } from '../app/session-context';
import { collabOffline, onCollabStatus } from '../realtime/collab-status';

/** Shown while the live connection is down (after a short grace so a blip does not flash it). */
export function OfflineBanner() {
  const { realtime } = useWorkspace();
  const [status, setStatus] = useState<ConnectionStatus>(realtime.status);
  const [editingOffline, setEditingOffline] = useState(collabOffline);
  const [show, setShow] = useState(false);

  useEffect(() => realtime.onStatus(setStatus), [realtime]);
  // Live editing has its own connection per document; either one down counts as offline.
  useEffect(() => onCollabStatus(setEditingOffline), []);
  const offline = status === 'offline' || editingOffline;
  useEffect(() => {
    if (!offline) return void setShow(false);
    const timer = setTimeout(() => setShow(true), 1500);
    return () => clearTimeout(timer);
  }, [offline]);

  if (!show) return null;
  return (
    <div role="status" className="offline-banner">
      You are offline. Reconnecting… Changes you make to plan narratives are kept and sent when you are back.
    </div>
  );
}
