import * as Y from 'yjs';

type Kind = 'text' | 'xml' | 'map' | 'array' | 'unknown';
type AnyType = NonNullable<ReturnType<Y.Doc['share']['get']>>;

/**
 * What a root type holds. Roots of a doc built from an update are untyped until someone asks for them,
 * so the kind is read from the content: strings and formats make a text, XML nodes a fragment, and so on.
 */
function kindOf(type: AnyType | undefined): Kind {
  if (!type) return 'unknown';
  if (type instanceof Y.XmlFragment) return 'xml';
  if (type instanceof Y.Text) return 'text';
  if (type instanceof Y.Map) return 'map';
  if (type instanceof Y.Array) return 'array';
  if (type._map.size > 0) return 'map';
  for (let item = type._start; item; item = item.right) {
    const content = item.content;
    if (
      content instanceof Y.ContentString ||
      content instanceof Y.ContentFormat ||
      content instanceof Y.ContentEmbed
    ) {
      return 'text';
    }
    if (content instanceof Y.ContentType) {
      const child = content.type;
      const xml = child instanceof Y.XmlElement || child instanceof Y.XmlText || child instanceof Y.XmlHook;
      return xml ? 'xml' : 'array';
    }
    if (
      content instanceof Y.ContentAny ||
      content instanceof Y.ContentBinary ||
      content instanceof Y.ContentJSON ||
      content instanceof Y.ContentDoc
    ) {
      return 'array';
    }
  }
  return 'unknown';
}

function copy(value: unknown): unknown {
  return value instanceof Y.AbstractType ? (value as AnyType).clone() : value;
}

/**
 * Changes `work`, root type by root type, so its content equals `target`'s. Run it in one transaction on a
 * copy of the live document and the resulting update is the restore: new operations, no rewritten history.
 */
export function replaceContent(work: Y.Doc, target: Y.Doc): void {
  const names = new Set([...work.share.keys(), ...target.share.keys()]);
  for (const name of names) {
    const targetKind = kindOf(target.share.get(name));
    const kind = targetKind !== 'unknown' ? targetKind : kindOf(work.share.get(name));
    switch (kind) {
      case 'text': {
        const current = work.getText(name);
        const wanted = target.getText(name);
        if (JSON.stringify(current.toDelta()) === JSON.stringify(wanted.toDelta())) break;
        current.delete(0, current.length);
        current.applyDelta(wanted.toDelta());
        break;
      }
      case 'xml': {
        const current = work.getXmlFragment(name);
        const wanted = target.getXmlFragment(name);
        if (current.toString() === wanted.toString()) break;
        current.delete(0, current.length);
        // XmlHook nodes clone like the others; the insert signature just does not list them.
        current.insert(0, wanted.toArray().map((node) => node.clone()) as Array<Y.XmlElement | Y.XmlText>);
        break;
      }
      case 'array': {
        const current = work.getArray<unknown>(name);
        const wanted = target.getArray<unknown>(name);
        if (JSON.stringify(current.toJSON()) === JSON.stringify(wanted.toJSON())) break;
        current.delete(0, current.length);
        current.insert(0, wanted.toArray().map(copy));
        break;
      }
      case 'map': {
        const current = work.getMap<unknown>(name);
        const wanted = target.getMap<unknown>(name);
        for (const key of [...current.keys()]) if (!wanted.has(key)) current.delete(key);
        for (const [key, value] of wanted.entries()) {
          if (JSON.stringify(current.get(key)) !== JSON.stringify(value)) current.set(key, copy(value));
        }
        break;
      }
      case 'unknown':
        break;
    }
  }
}
