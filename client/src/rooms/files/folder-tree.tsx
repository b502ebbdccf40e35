import { Link } from '../../app/router';
import type { FolderNode } from './files-api';

/** The room's folders as nested links; the open folder is the current page. */
export function FolderTree({
  tree,
  currentId,
  hrefFor,
}: {
  tree: FolderNode;
  currentId: string;
  hrefFor: (folderId: string) => string;
}) {
  const render = (node: FolderNode, label?: string) => (
    <li key={node.folder.id}>
      <Link href={hrefFor(node.folder.id)} aria-current={node.folder.id === currentId ? 'page' : undefined}>
        {label ?? node.folder.name}
      </Link>
      {node.children.length > 0 && <ul>{node.children.map((child) => render(child))}</ul>}
    </li>
  );
  return (
    <nav className="folder-tree" aria-label="Folders">
      <ul>{render(tree, 'All files')}</ul>
    </nav>
  );
}
