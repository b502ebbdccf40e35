import { DirectoryPages } from './directory-pages';

describe('DirectoryPages', () => {
  it('answers a page only at the version it was built at', () => {
    const pages = new DirectoryPages(1000);
    pages.set('a', '7', '{"items":[]}');
    expect(pages.get('a', '7')).toBe('{"items":[]}');
    expect(pages.get('a', '8')).toBeUndefined();
    // A miss at a newer version drops the old page at once.
    expect(pages.count).toBe(0);
    expect(pages.heldChars).toBe(0);
  });

  it('stays within its size, dropping the least recently used pages first', () => {
    const pages = new DirectoryPages(100);
    pages.set('a', '1', 'x'.repeat(20));
    pages.set('b', '1', 'y'.repeat(20));
    pages.set('c', '1', 'z'.repeat(20));
    expect(pages.get('a', '1')).toBeDefined(); // a is now the most recent
    pages.set('d', '1', 'w'.repeat(20));
    pages.set('e', '1', 'v'.repeat(20));
    pages.set('f', '1', 'u'.repeat(20));
    expect(pages.heldChars).toBeLessThanOrEqual(100);
    expect(pages.get('b', '1')).toBeUndefined();
    expect(pages.get('a', '1')).toBe('x'.repeat(20));
    expect(pages.get('f', '1')).toBe('u'.repeat(20));
  });

  it('does not keep a page larger than a quarter of its size, and replaces a page in place', () => {
    const pages = new DirectoryPages(100);
    pages.set('big', '1', 'x'.repeat(26));
    expect(pages.get('big', '1')).toBeUndefined();
    pages.set('a', '1', 'x'.repeat(10));
    pages.set('a', '2', 'y'.repeat(5));
    expect(pages.heldChars).toBe(5);
    expect(pages.get('a', '2')).toBe('y'.repeat(5));
  });
});
