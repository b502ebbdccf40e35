import { escapeVcardText, foldLine, toVcard } from './vcard';

describe('vCard', () => {
  it('escapes backslashes, commas, semicolons and line breaks', () => {
    expect(escapeVcardText('a\\b, c; d\r\ne\nf')).toBe('a\\\\b\\, c\\; d\\ne\\nf');
  });

  it('folds long lines at 75 octets without splitting characters', () => {
    const line = `NOTE:${'é'.repeat(60)}`;
    const folded = foldLine(line);
    for (const part of folded.split('\r\n')) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(75);
    expect(folded.split('\r\n ').join('')).toBe(line);
  });

  it('keeps an injected property inside the value', () => {
    const card = toVcard({
      name: 'Eve\nEMAIL:evil@example.test',
      email: 'eve@example.test',
      phone: '',
      title: '',
      role: null,
      organization: 'Acme; Inc.',
      timezone: 'UTC',
      note: '',
    });
    expect(card).toContain('FN:Eve\\nEMAIL:evil@example.test\r\n');
    expect(card).toContain('ORG:Acme\\; Inc.\r\n');
    expect(card.match(/^EMAIL/gm)).toHaveLength(1);
  });
});
