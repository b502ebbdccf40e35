import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import * as Y from 'yjs';
import { CollabStore } from './collab-store';
import { CollabVersion } from './collab-version.entity';
import { CollabServer } from './collab.server';
import { replaceContent } from './doc-content';

export interface CollabVersionSummary {
  id: string;
  docName: string;
  name: string;
  createdBy: string | null;
  createdAt: Date;
}

/**
 * Named versions of a document. A version stores the state as a non-GC snapshot; restoring one appends a
 * new update that makes the content equal to it, so history only grows and every client follows along.
 */
@Injectable()
export class CollabVersionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly server: CollabServer,
    private readonly store: CollabStore,
  ) {}

  async createVersion(docName: string, name: string, userId: string | null): Promise<CollabVersionSummary> {
    await this.store.flush();
    const state = await this.server.withDoc(docName, (shared) => {
      const copy = new Y.Doc({ gc: false });
      try {
        Y.applyUpdate(copy, Y.encodeStateAsUpdate(shared.doc));
        return Y.encodeStateAsUpdate(copy);
      } finally {
        copy.destroy();
      }
    });
    const repository = this.dataSource.getRepository(CollabVersion);
    const saved = await repository.save(
      repository.create({ docName, name, state: Buffer.from(state), createdBy: userId }),
    );
    return summary(saved);
  }

  async listVersions(docName: string): Promise<CollabVersionSummary[]> {
    const versions = await this.dataSource.getRepository(CollabVersion).find({
      select: { id: true, docName: true, name: true, createdBy: true, createdAt: true },
      where: { docName },
      order: { createdAt: 'DESC' },
    });
    return versions.map(summary);
  }

  /** Makes the document's content equal to the version's, as one new update persisted and broadcast. */
  async restoreVersion(docName: string, versionId: string): Promise<void> {
    const version = await this.dataSource.getRepository(CollabVersion).findOne({
      where: { id: versionId, docName },
    });
    if (!version) throw new NotFoundException('Version not found');
    await this.store.flush();
    await this.server.withDoc(docName, async (shared) => {
      const target = new Y.Doc({ gc: false });
      const work = new Y.Doc({ gc: false });
      try {
        Y.applyUpdate(target, new Uint8Array(version.state));
        Y.applyUpdate(work, Y.encodeStateAsUpdate(shared.doc));
        let change: Uint8Array | null = null;
        work.on('update', (update: Uint8Array) => {
          change = change ? Y.mergeUpdates([change, update]) : update;
        });
        work.transact(() => replaceContent(work, target));
        if (change) await this.server.submit(shared, change, null);
      } finally {
        target.destroy();
        work.destroy();
      }
    });
  }
}

function summary(version: CollabVersion): CollabVersionSummary {
  return {
    id: version.id,
    docName: version.docName,
    name: version.name,
    createdBy: version.createdBy,
    createdAt: version.createdAt,
  };
}
