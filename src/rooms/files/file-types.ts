/**
 * What may be uploaded: the extension names the type, the first bytes must agree. Anything else (SVG, HTML,
 * scripts, executables, unknown extensions) is refused, so a stored file is always what its name says.
 */
interface FileType {
  contentType: string;
  /** Matches the head of the content; `text` types instead require UTF-8 text that is not markup. */
  magic: ((head: Buffer) => boolean) | 'text';
}

const startsWith =
  (...bytes: number[]) =>
  (head: Buffer) =>
    head.length >= bytes.length && bytes.every((b, i) => head[i] === b);
const ascii = (head: Buffer, offset: number, text: string) =>
  head.length >= offset + text.length && head.toString('latin1', offset, offset + text.length) === text;

const PDF = (h: Buffer) => ascii(h, 0, '%PDF-');
const PNG = startsWith(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
const JPEG = startsWith(0xff, 0xd8, 0xff);
const GIF = (h: Buffer) => ascii(h, 0, 'GIF87a') || ascii(h, 0, 'GIF89a');
const WEBP = (h: Buffer) => ascii(h, 0, 'RIFF') && ascii(h, 8, 'WEBP');
const ZIP = startsWith(0x50, 0x4b, 0x03, 0x04);
const ISO_MEDIA = (h: Buffer) => ascii(h, 4, 'ftyp');

const OOXML = 'application/vnd.openxmlformats-officedocument';
export const FILE_TYPES: Record<string, FileType> = {
  pdf: { contentType: 'application/pdf', magic: PDF },
  png: { contentType: 'image/png', magic: PNG },
  jpg: { contentType: 'image/jpeg', magic: JPEG },
  jpeg: { contentType: 'image/jpeg', magic: JPEG },
  gif: { contentType: 'image/gif', magic: GIF },
  webp: { contentType: 'image/webp', magic: WEBP },
  docx: { contentType: `${OOXML}.wordprocessingml.document`, magic: ZIP },
  xlsx: { contentType: `${OOXML}.spreadsheetml.sheet`, magic: ZIP },
  pptx: { contentType: `${OOXML}.presentationml.presentation`, magic: ZIP },
  zip: { contentType: 'application/zip', magic: ZIP },
  mp4: { contentType: 'video/mp4', magic: ISO_MEDIA },
  mov: { contentType: 'video/quicktime', magic: ISO_MEDIA },
  txt: { contentType: 'text/plain; charset=utf-8', magic: 'text' },
  md: { contentType: 'text/markdown; charset=utf-8', magic: 'text' },
  csv: { contentType: 'text/csv; charset=utf-8', magic: 'text' },
};

/** Bytes read before deciding; every signature above fits in the first 16. */
export const SNIFF_BYTES = 4096;

const BINARY_SIGNATURES = [PDF, PNG, JPEG, GIF, WEBP, ZIP, ISO_MEDIA];
const MARKUP = /^\s*<(\?xml|!doctype|html|svg|script|head|body|iframe|object|embed)\b/i;

function isPlainText(head: Buffer, complete: boolean): boolean {
  if (head.includes(0)) return false;
  if (BINARY_SIGNATURES.some((matches) => matches(head))) return false;
  // A multi-byte character may be cut at the end of an incomplete head.
  const text = new TextDecoder('utf-8', { fatal: false }).decode(complete ? head : head.subarray(0, -3));
  if (text.includes('\ufffd')) return false;
  return !MARKUP.test(text.replace(/^\ufeff/, ''));
}

export function extensionOf(name: string): string | null {
  const dot = name.lastIndexOf('.');
  return dot > 0 && dot < name.length - 1 ? name.slice(dot + 1).toLowerCase() : null;
}

export function isAllowedName(name: string): boolean {
  const ext = extensionOf(name);
  return ext !== null && ext in FILE_TYPES;
}

/**
 * The content type of a file called `name` whose first bytes are `head` (all of it when `complete`), or
 * null when the extension is not allowed or the content is something else.
 */
export function detectType(name: string, head: Buffer, complete: boolean): string | null {
  const ext = extensionOf(name);
  const type = ext ? FILE_TYPES[ext] : undefined;
  if (!type) return null;
  if (type.magic === 'text') return isPlainText(head, complete) ? type.contentType : null;
  return type.magic(head) ? type.contentType : null;
}

// Control characters and bidirectional overrides are what is removed, so the pattern names them.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const MAX_NAME_BYTES = 255;

/**
 * A stored file name: the last path segment only, no control or bidi characters, no leading dots or
 * trailing dots and spaces, NFC, at most 255 bytes of UTF-8 (the extension kept). '' when nothing is left.
 */
export function normaliseFileName(raw: string): string {
  let name = raw.normalize('NFC').replace(UNSAFE, '');
  name = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  name = name
    .trim()
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  if (Buffer.byteLength(name) <= MAX_NAME_BYTES) return name;
  const ext = extensionOf(name);
  const suffix = ext && ext.length <= 16 ? `.${ext}` : '';
  let base = suffix ? name.slice(0, -suffix.length) : name;
  const budget = MAX_NAME_BYTES - Buffer.byteLength(suffix);
  while (Buffer.byteLength(base) > budget) base = [...base].slice(0, -1).join('');
  return base + suffix;
}
