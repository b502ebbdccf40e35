/**
 * "Companies or rooms changed": the admin screens say so after a write, and the live connection when the
 * server takes the user out of a room. The shell then re-reads its company switcher and navigation.
 */
const WORKSPACE_CHANGED = 'pws:workspace-changed';

export function announceWorkspaceChanged(): void {
  window.dispatchEvent(new Event(WORKSPACE_CHANGED));
}

export function onWorkspaceChanged(listener: () => void): () => void {
  window.addEventListener(WORKSPACE_CHANGED, listener);
  return () => window.removeEventListener(WORKSPACE_CHANGED, listener);
}
