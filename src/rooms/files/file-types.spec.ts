import { detectType, normaliseFileName } from './file-types';

const PDF = Buffer.from('%PDF-1.7\n%\xe2\xe3\n1 0 obj', 'latin1');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

describe('detectType', () => {
  it('accepts content that matches its extension', () => {
    expect(detectType('a.pdf', PDF, true)).toBe('application/pdf');
    expect(detectType('A.PNG', PNG, true)).toBe('image/png');
    expect(detectType('notes.md', Buffer.from('# Title\n\nÜber *uns*'), true)).toBe(
      'text/markdown; charset=utf-8',
    );
    expect(detectType('empty.txt', Buffer.alloc(0), true)).toBe('text/plain; charset=utf-8');
  });

  it.each([
    ['a PDF named .png', 'x.png', PDF],
    ['a PNG named .pdf', 'x.pdf', PNG],
    ['a double extension', 'x.jpg.php', Buffer.from([0xff, 0xd8, 0xff, 0xe0])],
    ['SVG', 'logo.svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')],
    ['SVG named .txt', 'logo.txt', Buffer.from('<?xml version="1.0"?><svg/>')],
    ['HTML named .md', 'page.md', Buffer.from('\ufeff  <!DOCTYPE html><script>alert(1)</script>')],
    ['HTML', 'page.html', Buffer.from('<html></html>')],
    ['a PDF named .txt', 'x.txt', PDF],
    ['binary named .csv', 'x.csv', Buffer.from([1, 2, 0, 3])],
    ['no extension', 'README', Buffer.from('hello')],
    ['an empty PDF', 'x.pdf', Buffer.alloc(0)],
  ])('refuses %s', (_, name, head) => expect(detectType(name, head, true)).toBeNull());
});

describe('normaliseFileName', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\windows\\system32\\x.txt', 'x.txt'],
    ['/abs/path/report.pdf', 'report.pdf'],
    ['..', ''],
    ['.htaccess', 'htaccess'],
    ['a\u0000b\u001fc\u007f.txt', 'abc.txt'],
    ['invoice\u202egnp.exe', 'invoicegnp.exe'],
    ['  spaced name .pdf. ', 'spaced name .pdf'],
  ])('%j → %j', (raw, name) => expect(normaliseFileName(raw)).toBe(name));

  it('cuts to 255 bytes of UTF-8 without splitting a character, keeping the extension', () => {
    const name = normaliseFileName(`${'ü'.repeat(300)}.pdf`);
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
    expect(name.endsWith('ü.pdf')).toBe(true);
  });
});
