/** Dark enough for white text (WCAG AA at normal size) and distinct from each other. */
const PALETTE = ['#1f5fbf', '#8a3ab9', '#b3261e', '#1b7a4b', '#8c5a00', '#006b7d', '#a0306b', '#4d5b9e'];

export function colorFor(id: string): string {
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) | 0;
  return PALETTE[Math.abs(hash) % PALETTE.length];
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return '?';
  return (parts[0][0] + (parts.length > 1 ? parts[parts.length - 1][0] : '')).toUpperCase();
}
