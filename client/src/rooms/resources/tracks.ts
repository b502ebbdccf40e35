/** A learning track as GET /learning-tracks answers it: `completed` is the caller's own. */
export interface TrackItem {
  id: string;
  position: number;
  kind: 'file' | 'link';
  fileId: string | null;
  url: string | null;
  title: string;
  completed: boolean;
}

export interface Track {
  id: string;
  companyId: string;
  roomId: string;
  title: string;
  description: string;
  published: boolean;
  items: TrackItem[];
  completedAt: string | null;
}

export function trackProgress(track: Pick<Track, 'items'>): { done: number; total: number; percent: number } {
  const total = track.items.length;
  const done = track.items.filter((i) => i.completed).length;
  return { done, total, percent: total === 0 ? 0 : Math.round((done / total) * 100) };
}
