/**
 * A small markdown subset for messages, parsed to a tree the view renders as React elements: nothing is
 * ever inserted as HTML, so a body like `<img onerror=…>` shows as the text it is. Links keep only
 * http(s) and mailto targets.
 */

export type Inline =
  | { t: 'text'; v: string }
  | { t: 'code'; v: string }
  | { t: 'strong' | 'em' | 'del'; c: Inline[] }
  | { t: 'link'; href: string; c: Inline[] }
  | { t: 'br' };

export type Block =
  | { t: 'p'; c: Inline[] }
  | { t: 'pre'; v: string }
  | { t: 'quote'; c: Block[] }
  | { t: 'ul' | 'ol'; items: Inline[][] };

const SAFE_HREF = /^(https?:\/\/|mailto:)/i;
const AUTOLINK = /^https?:\/\/[^\s<>"]*[^\s<>".,:;!?'")\]]/i;
const LINK = /^\[([^\]\n]+)\]\(([^)\s]+)\)/;
const BULLET = /^\s{0,3}[-*+]\s+/;
const NUMBERED = /^\s{0,3}\d{1,9}[.)]\s+/;
const FENCE = /^\s{0,3}```/;
const QUOTE = /^\s{0,3}>\s?/;

export function safeHref(href: string): string | null {
  const trimmed = href.trim();
  return SAFE_HREF.test(trimmed) ? trimmed : null;
}

export function parseMarkdown(source: string): Block[] {
  return parseBlocks(source.replace(/\r\n?/g, '\n').split('\n'), 0);
}

function parseBlocks(lines: string[], depth: number): Block[] {
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (line.trim() === '') {
      i++;
      continue;
    }
    if (FENCE.test(line)) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !FENCE.test(lines[i])) body.push(lines[i++]);
      i++;
      blocks.push({ t: 'pre', v: body.join('\n') });
      continue;
    }
    if (QUOTE.test(line) && depth < 3) {
      const inner: string[] = [];
      while (i < lines.length && QUOTE.test(lines[i])) inner.push(lines[i++].replace(QUOTE, ''));
      blocks.push({ t: 'quote', c: parseBlocks(inner, depth + 1) });
      continue;
    }
    const list = BULLET.test(line) ? BULLET : NUMBERED.test(line) ? NUMBERED : null;
    if (list) {
      const items: Inline[][] = [];
      while (i < lines.length && list.test(lines[i])) items.push(parseInline(lines[i++].replace(list, '')));
      blocks.push({ t: list === BULLET ? 'ul' : 'ol', items });
      continue;
    }
    const paragraph: string[] = [];
    while (
      i < lines.length &&
      lines[i].trim() !== '' &&
      !FENCE.test(lines[i]) &&
      !QUOTE.test(lines[i]) &&
      !BULLET.test(lines[i]) &&
      !NUMBERED.test(lines[i])
    )
      paragraph.push(lines[i++]);
    blocks.push({ t: 'p', c: parseInline(paragraph.join('\n')) });
  }
  return blocks;
}

const WORDY = /[\p{L}\p{N}]/u;

/** The index of `marker` closing an emphasis opened at `from`, or -1. */
function closing(text: string, marker: string, from: number): number {
  let at = text.indexOf(marker, from);
  while (at !== -1) {
    // `**` must not close a `*` run, and the closing marker must touch the text it closes.
    if (at > from && text[at - 1] !== ' ' && text[at - 1] !== '\n') {
      if (marker !== '_' || !WORDY.test(text[at + 1] ?? '')) return at;
    }
    at = text.indexOf(marker, at + 1);
  }
  return -1;
}

export function parseInline(text: string, depth = 0): Inline[] {
  const out: Inline[] = [];
  let buffer = '';
  const flush = () => {
    if (buffer) out.push({ t: 'text', v: buffer });
    buffer = '';
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    const rest = text.slice(i);
    if (ch === '\\' && i + 1 < text.length && /[\\`*_~[\]()>#+\-.!@]/.test(text[i + 1])) {
      buffer += text[i + 1];
      i += 2;
      continue;
    }
    if (ch === '\n') {
      flush();
      out.push({ t: 'br' });
      i++;
      continue;
    }
    if (ch === '`') {
      const end = text.indexOf('`', i + 1);
      if (end > i + 1) {
        flush();
        out.push({ t: 'code', v: text.slice(i + 1, end) });
        i = end + 1;
        continue;
      }
    }
    if (depth < 4) {
      const pair = rest.startsWith('**') ? '**' : rest.startsWith('~~') ? '~~' : null;
      if (pair && text[i + 2] && text[i + 2] !== ' ') {
        const end = closing(text, pair, i + 2);
        if (end !== -1) {
          flush();
          out.push({
            t: pair === '**' ? 'strong' : 'del',
            c: parseInline(text.slice(i + 2, end), depth + 1),
          });
          i = end + 2;
          continue;
        }
      }
      const single = ch === '*' || ch === '_';
      const opensWord = ch !== '_' || i === 0 || !WORDY.test(text[i - 1]);
      if (single && !pair && opensWord && text[i + 1] && text[i + 1] !== ' ' && text[i + 1] !== ch) {
        const end = closing(text, ch, i + 1);
        if (end !== -1) {
          flush();
          out.push({ t: 'em', c: parseInline(text.slice(i + 1, end), depth + 1) });
          i = end + 1;
          continue;
        }
      }
      if (ch === '[') {
        const link = LINK.exec(rest);
        if (link) {
          const href = safeHref(link[2]);
          flush();
          if (href) out.push({ t: 'link', href, c: parseInline(link[1], depth + 1) });
          else out.push(...parseInline(link[1], depth + 1));
          i += link[0].length;
          continue;
        }
      }
    }
    if ((ch === 'h' || ch === 'H') && (i === 0 || !WORDY.test(text[i - 1]))) {
      const url = AUTOLINK.exec(rest);
      if (url) {
        flush();
        out.push({ t: 'link', href: url[0], c: [{ t: 'text', v: url[0] }] });
        i += url[0].length;
        continue;
      }
    }
    buffer += ch;
    i++;
  }
  flush();
  return out;
}

/** The plain text of a body, for previews and labels. */
export function plainText(source: string): string {
  const inline = (nodes: Inline[]): string =>
    nodes.map((n) => (n.t === 'text' || n.t === 'code' ? n.v : n.t === 'br' ? ' ' : inline(n.c))).join('');
  const blocks = (list: Block[]): string =>
    list
      .map((b) =>
        b.t === 'p'
          ? inline(b.c)
          : b.t === 'pre'
            ? b.v
            : b.t === 'quote'
              ? blocks(b.c)
              : b.items.map(inline).join(' '),
      )
      .join(' ');
  return blocks(parseMarkdown(source)).trim();
}

/**
 * The server's search excerpt (HTML-escaped, `<mark>` around matches) as text runs, so it renders as
 * elements instead of HTML.
 */
export function highlightRuns(highlight: string): Array<{ text: string; mark: boolean }> {
  const runs: Array<{ text: string; mark: boolean }> = [];
  const parts = highlight.split(/(<mark>|<\/mark>)/);
  let mark = false;
  for (const part of parts) {
    if (part === '<mark>') mark = true;
    else if (part === '</mark>') mark = false;
    else if (part) runs.push({ text: unescapeHtml(part), mark });
  }
  return runs;
}

function unescapeHtml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39|#x27|apos);/g, (_, name: string) => {
    switch (name) {
      case 'amp':
        return '&';
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'quot':
        return '"';
      default:
        return "'";
    }
  });
}
