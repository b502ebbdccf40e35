/** RFC 6350 text value escaping: backslash, comma, semicolon and line breaks. */
export function escapeVcardText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/,/g, '\\,')
    .replace(/;/g, '\\;')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** Folds a content line at 75 octets without splitting a UTF-8 character (RFC 6350 3.2). */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char);
    const limit = parts.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

export interface VcardPerson {
  name: string;
  email: string;
  phone: string;
  title: string;
  role: string | null;
  organization: string;
  timezone: string;
  note: string;
}

export function toVcard(person: VcardPerson): string {
  const lines = [
    'BEGIN:VCARD',
    'VERSION:4.0',
    `FN:${escapeVcardText(person.name)}`,
    `N:${escapeVcardText(person.name)};;;;`,
    `ORG:${escapeVcardText(person.organization)}`,
    person.title && `TITLE:${escapeVcardText(person.title)}`,
    person.role && `ROLE:${escapeVcardText(person.role)}`,
    `EMAIL;TYPE=work:${escapeVcardText(person.email)}`,
    person.phone && `TEL;VALUE=uri;TYPE=work:tel:${person.phone.replace(/[^+0-9]/g, '')}`,
    `TZ:${escapeVcardText(person.timezone)}`,
    person.note && `NOTE:${escapeVcardText(person.note)}`,
    'END:VCARD',
  ].filter((line): line is string => Boolean(line));
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
