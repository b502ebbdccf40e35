import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CollabDocuments } from './collab-documents';
import { CollabSnapshot } from './collab-snapshot.entity';
import { CollabStore } from './collab-store';
import { CollabUpdate } from './collab-update.entity';
import { CollabVersion } from './collab-version.entity';
import { CollabVersionsService } from './collab-versions.service';
import { DocFolder } from './doc-folder';
import { CollabServer } from './collab.server';
import { RoomDocResolver } from './room-doc.resolver';

/** Yjs co-editing; rooms inject CollabDocuments to register their document kinds. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([CollabUpdate, CollabSnapshot, CollabVersion])],
  providers: [CollabDocuments, DocFolder, CollabStore, CollabServer, CollabVersionsService, RoomDocResolver],
  exports: [CollabDocuments, CollabVersionsService],
})
export class CollabModule {}
