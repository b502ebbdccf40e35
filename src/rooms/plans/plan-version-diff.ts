import * as Y from 'yjs';
import type { VersionGoal, VersionSection } from './plan-version.entity';

export interface GoalChange {
  id: string;
  title: string;
  change: 'added' | 'removed' | 'changed';
  fields: Array<{
    field: 'title' | 'type' | 'weight' | 'target' | 'section';
    before: unknown;
    after: unknown;
  }>;
}

export interface SectionTextChange {
  sectionId: string;
  title: string;
  before: string;
  after: string;
}

/** Plain text of a section's rich text, paragraphs on their own lines. */
export function fragmentText(doc: Y.Doc, sectionId: string): string {
  const lines: string[] = [];
  const walk = (node: Y.XmlElement | Y.XmlText | Y.XmlFragment): string => {
    if (node instanceof Y.XmlText) return node.toString().replace(/<[^>]*>/g, '');
    return node
      .toArray()
      .map((child) => walk(child as Y.XmlElement | Y.XmlText))
      .join('');
  };
  for (const block of doc.getXmlFragment(`section:${sectionId}`).toArray()) {
    lines.push(walk(block as Y.XmlElement | Y.XmlText));
  }
  return lines.join('\n');
}

export function diffGoals(before: VersionGoal[], after: VersionGoal[]): GoalChange[] {
  const changes: GoalChange[] = [];
  const old = new Map(before.map((g) => [g.id, g]));
  const now = new Map(after.map((g) => [g.id, g]));
  for (const goal of after) {
    const was = old.get(goal.id);
    if (!was) {
      changes.push({ id: goal.id, title: goal.title, change: 'added', fields: [] });
      continue;
    }
    const fields: GoalChange['fields'] = [];
    if (was.title !== goal.title) fields.push({ field: 'title', before: was.title, after: goal.title });
    if (was.type !== goal.type) fields.push({ field: 'type', before: was.type, after: goal.type });
    if (was.weight !== goal.weight) fields.push({ field: 'weight', before: was.weight, after: goal.weight });
    if (was.target !== goal.target) fields.push({ field: 'target', before: was.target, after: goal.target });
    if (was.sectionId !== goal.sectionId)
      fields.push({ field: 'section', before: was.sectionId, after: goal.sectionId });
    if (fields.length) changes.push({ id: goal.id, title: goal.title, change: 'changed', fields });
  }
  for (const goal of before) {
    if (!now.has(goal.id)) changes.push({ id: goal.id, title: goal.title, change: 'removed', fields: [] });
  }
  return changes;
}

export function diffSections(sections: VersionSection[], before: Y.Doc, after: Y.Doc): SectionTextChange[] {
  return sections
    .map((s) => ({
      sectionId: s.id,
      title: s.title,
      before: fragmentText(before, s.id),
      after: fragmentText(after, s.id),
    }))
    .filter((s) => s.before !== s.after);
}
