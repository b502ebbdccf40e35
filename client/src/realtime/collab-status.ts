/**
 * Whether any open collaborative document has lost its connection, so the shell's offline banner covers
 * live editing as well as the Socket.IO connection. Kept free of Yjs so the shell does not load it.
 */
type Listener = (offline: boolean) => void;

const offlineDocs = new Set<string>();
const listeners = new Set<Listener>();

export function collabOffline(): boolean {
  return offlineDocs.size > 0;
}

export function setCollabOffline(docName: string, offline: boolean): void {
  const before = collabOffline();
  if (offline) offlineDocs.add(docName);
  else offlineDocs.delete(docName);
  const after = collabOffline();
  if (before !== after) for (const listener of [...listeners]) listener(after);
}

export function onCollabStatus(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
