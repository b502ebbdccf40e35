import { useMemo, type ReactNode } from 'react';
import { highlightRuns, parseMarkdown, type Block, type Inline } from './markdown';

function inline(nodes: Inline[], key: string): ReactNode[] {
  return nodes.map((node, i) => {
    const k = `${key}.${i}`;
    switch (node.t) {
      case 'text':
        return node.v;
      case 'br':
        return <br key={k} />;
      case 'code':
        return <code key={k}>{node.v}</code>;
      case 'strong':
        return <strong key={k}>{inline(node.c, k)}</strong>;
      case 'em':
        return <em key={k}>{inline(node.c, k)}</em>;
      case 'del':
        return <del key={k}>{inline(node.c, k)}</del>;
      case 'link':
        return (
          <a key={k} href={node.href} target="_blank" rel="noopener noreferrer nofollow">
            {inline(node.c, k)}
          </a>
        );
    }
  });
}

function blocks(list: Block[], key: string): ReactNode[] {
  return list.map((block, i) => {
    const k = `${key}.${i}`;
    switch (block.t) {
      case 'p':
        return <p key={k}>{inline(block.c, k)}</p>;
      case 'pre':
        return (
          <pre key={k}>
            <code>{block.v}</code>
          </pre>
        );
      case 'quote':
        return <blockquote key={k}>{blocks(block.c, k)}</blockquote>;
      case 'ul':
      case 'ol': {
        const items = block.items.map((item, j) => <li key={`${k}.${j}`}>{inline(item, `${k}.${j}`)}</li>);
        return block.t === 'ul' ? <ul key={k}>{items}</ul> : <ol key={k}>{items}</ol>;
      }
    }
  });
}

/** A message body: markdown rendered as elements, never as HTML. */
export function MarkdownView({ source }: { source: string }) {
  const tree = useMemo(() => parseMarkdown(source), [source]);
  return <div className="markdown">{blocks(tree, 'b')}</div>;
}

/** A search excerpt with its matches marked. */
export function Highlight({ html }: { html: string }) {
  return <>{highlightRuns(html).map((run, i) => (run.mark ? <mark key={i}>{run.text}</mark> : run.text))}</>;
}
