import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FileAccess } from './file-access';
import { FileAttachmentsResolver } from './file-attachments.resolver';
import { FileCommentsService } from './file-comments.service';
import { FileDocResolver } from './file-doc.resolver';
import { FileDownload } from './file-download.entity';
import { FileUpload } from './file-upload.entity';
import { FileUploadsService } from './file-uploads.service';
import { FileVersion } from './file-version.entity';
import { FileVersionsWriter } from './file-versions.writer';
import { FilesController } from './files.controller';
import { FilesJanitor } from './files-janitor.service';
import { FilesService } from './files.service';
import { Folder } from './folder.entity';
import { FoldersController } from './folders.controller';
import { FoldersService } from './folders.service';
import { SharedFile } from './shared-file.entity';
import { WorkspaceModule } from '../../core/workspace/workspace.module';
import { MessagesModule } from '../messages/messages.module';

@Module({
  imports: [
    WorkspaceModule,
    TypeOrmModule.forFeature([Folder, SharedFile, FileVersion, FileDownload, FileUpload]),
    MessagesModule,
  ],
  controllers: [FoldersController, FilesController],
  providers: [
    FileAccess,
    FileVersionsWriter,
    FoldersService,
    FilesService,
    FileCommentsService,
    FileUploadsService,
    FilesJanitor,
    FileAttachmentsResolver,
    FileDocResolver,
  ],
  exports: [FileAccess, FilesService],
})
export class FilesModule {}
