import * as Y from 'yjs';
import { DocFolder } from './doc-folder';

function edits(count: number): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (let i = 0; i < count; i++) {
    const text = doc.getText('body');
    text.insert(Math.floor(text.length / 2), String.fromCharCode(97 + (i % 26)));
    if (i % 5 === 4) text.delete(0, 1);
  }
  doc.destroy();
  return updates;
}

function textOf(state: Uint8Array): string {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const text = doc.getText('body').toString();
  doc.destroy();
  return text;
}

describe('DocFolder', () => {
  const folder = new DocFolder();
  afterAll(() => folder.onModuleDestroy());

  it('folds a snapshot and updates on its worker into the state an in-process fold gives', async () => {
    const updates = edits(300);
    const snapshot = Y.mergeUpdates(updates.slice(0, 200));
    const parts = [snapshot, ...updates.slice(200)];
    const expected = new Y.Doc({ gc: true });
    for (const part of parts) Y.applyUpdate(expected, part);
    const state = await folder.fold(parts);
    expect(textOf(state)).toBe(expected.getText('body').toString());
    expect(textOf(state).length).toBe(240);
    // The caller's parts are left intact (the worker got a copy).
    expect(textOf(Y.mergeUpdates(parts))).toBe(textOf(state));
  });

  it('keeps concurrent folds apart', async () => {
    const a = edits(50);
    const b = edits(80);
    const [stateA, stateB] = await Promise.all([folder.fold(a), folder.fold(b)]);
    expect(textOf(stateA).length).toBe(40);
    expect(textOf(stateB).length).toBe(64);
  });

  it('fails the fold when a part does not apply, and keeps folding afterwards', async () => {
    const good = edits(10);
    const broken = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x01, 0x02]);
    await expect(folder.fold([...good, broken])).rejects.toThrow();
    expect(textOf(await folder.fold(good)).length).toBe(8);
  });
});
