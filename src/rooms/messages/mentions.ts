export interface Mentionable {
  id: string;
  name: string;
  email: string;
}

const WORD = /[\p{L}\p{N}_]/u;

/** Whether `body` holds `@<handle>` as a whole token (case-insensitive, not inside a longer word). */
function mentions(lower: string, handle: string): boolean {
  const needle = `@${handle.toLowerCase()}`;
  for (let at = lower.indexOf(needle); at !== -1; at = lower.indexOf(needle, at + 1)) {
    const before = at === 0 ? '' : lower[at - 1];
    const after = lower[at + needle.length] ?? '';
    if (!WORD.test(before) && !WORD.test(after)) return true;
  }
  return false;
}

/**
 * The ids of the people `@<name>`, `@<email>` or `@<id>` names in a markdown body. Names may hold spaces, so the
 * body is searched for each candidate rather than split into tokens; longer names win over their
 * prefixes ("@Ann Lee" is not also "@Ann").
 */
export function resolveMentions(body: string, candidates: readonly Mentionable[]): string[] {
  if (!body.includes('@')) return [];
  let lower = body.toLowerCase();
  const found = new Set<string>();
  const handles = candidates
    .flatMap((c) => [
      { id: c.id, handle: c.id },
      { id: c.id, handle: c.email },
      { id: c.id, handle: c.name.trim() },
    ])
    .filter((h) => h.handle.length > 0)
    .sort((a, b) => b.handle.length - a.handle.length);
  for (const { id, handle } of handles) {
    if (!mentions(lower, handle)) continue;
    found.add(id);
    lower = lower.split(`@${handle.toLowerCase()}`).join(' ');
  }
  return [...found];
}
