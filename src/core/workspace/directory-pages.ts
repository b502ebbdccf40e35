/**
 * Serialized pages of the company directory (`GET /companies`), each valid for one `directory_version` of
 * its workspace. Postgres bumps that version when a transaction touching companies, their rooms or their
 * group memberships commits (migration DirectoryVersion), so a page is answered from memory only while
 * nothing it shows can have changed — on every instance alike, with no message to miss. Bounded by size;
 * the least recently used pages go first.
 */
export class DirectoryPages {
  private readonly pages = new Map<string, { version: string; body: string }>();
  private size = 0;

  constructor(private readonly maxChars = 8 * 1024 * 1024) {}

  get(key: string, version: string): string | undefined {
    const page = this.pages.get(key);
    if (!page) return undefined;
    this.pages.delete(key);
    if (page.version !== version) {
      this.size -= page.body.length;
      return undefined;
    }
    this.pages.set(key, page);
    return page.body;
  }

  set(key: string, version: string, body: string): void {
    const old = this.pages.get(key);
    if (old) {
      this.pages.delete(key);
      this.size -= old.body.length;
    }
    if (body.length > this.maxChars / 4) return;
    this.pages.set(key, { version, body });
    this.size += body.length;
    for (const [oldest, page] of this.pages) {
      if (this.size <= this.maxChars) break;
      this.pages.delete(oldest);
      this.size -= page.body.length;
    }
  }

  /** Characters held, for tests. */
  get heldChars(): number {
    return this.size;
  }

  get count(): number {
    return this.pages.size;
  }
}
