import { Extension } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import { EditorContent, useEditor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { yCursorPlugin } from '@tiptap/y-tiptap';
import { useEffect, useState } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import { useWorkspace } from '../../../app/session-context';
import { colorFor } from '../../../shell/avatar-colors';
import { holdPlanDoc, type PlanDoc } from './plan-doc';
import './narrative.css';

/** Remote carets with the other user's name in their colour, from the y-websocket awareness. */
const RemoteCursors = Extension.create<{ awareness: Awareness | null }>({
  name: 'remoteCursors',
  addOptions() {
    return { awareness: null };
  },
  addProseMirrorPlugins() {
    if (!this.options.awareness) return [];
    return [
      yCursorPlugin(this.options.awareness, {
        cursorBuilder: (user: { name?: string; color?: string }) => {
          const caret = document.createElement('span');
          caret.className = 'remote-caret';
          caret.style.borderColor = user.color ?? '#1f5fbf';
          const label = document.createElement('span');
          label.className = 'remote-caret-label';
          label.style.backgroundColor = user.color ?? '#1f5fbf';
          label.textContent = user.name ?? 'Someone';
          caret.append('\u2060', label, '\u2060');
          return caret;
        },
      }),
    ];
  },
});

type SyncState = 'connecting' | 'connected' | 'disconnected';

/** The co-edited narrative of one section: the plan document's `section:<id>` fragment in TipTap. */
export default function SectionNarrative({
  planId,
  fragment,
  sectionTitle,
  editable,
}: {
  planId: string;
  fragment: string;
  sectionTitle: string;
  editable: boolean;
}) {
  const { api, me } = useWorkspace();
  const [held, setHeld] = useState<PlanDoc | null>(null);

  useEffect(() => {
    const [planDoc, release] = holdPlanDoc(api, `plan:${planId}`, {
      id: me.user.id,
      name: me.user.name,
      color: colorFor(me.user.id),
    });
    setHeld(planDoc);
    return release;
  }, [api, planId, me.user.id, me.user.name]);

  if (!held) return <div className="editor-loading">Connecting…</div>;
  return <Editor planDoc={held} fragment={fragment} sectionTitle={sectionTitle} editable={editable} />;
}

function Editor({
  planDoc,
  fragment,
  sectionTitle,
  editable,
}: {
  planDoc: PlanDoc;
  fragment: string;
  sectionTitle: string;
  editable: boolean;
}) {
  const [sync, setSync] = useState<SyncState>(
    planDoc.provider.wsconnected
      ? 'connected'
      : planDoc.provider.shouldConnect
        ? 'connecting'
        : 'disconnected',
  );
  useEffect(() => {
    const onStatus = ({ status }: { status: SyncState }) => setSync(status);
    planDoc.provider.on('status', onStatus);
    return () => planDoc.provider.off('status', onStatus);
  }, [planDoc]);

  const editor = useEditor(
    {
      editable,
      extensions: [
        StarterKit.configure({ undoRedo: false }),
        Collaboration.configure({ fragment: planDoc.doc.getXmlFragment(fragment) }),
        RemoteCursors.configure({ awareness: planDoc.provider.awareness }),
      ],
      editorProps: {
        attributes: {
          'aria-label': `${sectionTitle} narrative`,
          'aria-multiline': 'true',
          role: 'textbox',
          class: 'narrative-editor',
        },
      },
    },
    [planDoc, fragment],
  );

  useEffect(() => {
    if (editor && editor.isEditable !== editable) editor.setEditable(editable);
  }, [editor, editable]);

  return (
    <div className="narrative-frame" data-sync={sync}>
      {sync !== 'connected' && (
        <p className="sync-note" role="status">
          {sync === 'connecting'
            ? 'Connecting to live editing…'
            : 'Offline: your edits are kept and sent when you reconnect.'}
        </p>
      )}
      <EditorContent editor={editor} />
    </div>
  );
}
