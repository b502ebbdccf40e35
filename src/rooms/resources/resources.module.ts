import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FilesModule } from '../files/files.module';
import { PlansModule } from '../plans/plans.module';
import {
  LearningItemCompletion,
  LearningTrack,
  LearningTrackCompletion,
  LearningTrackItem,
} from './learning-track.entity';
import { LearningTracksController } from './learning-tracks.controller';
import { LearningTracksService } from './learning-tracks.service';

/** The resources room: files with category and tags (files room code) plus learning tracks. */
@Module({
  imports: [
    FilesModule,
    PlansModule,
    TypeOrmModule.forFeature([
      LearningTrack,
      LearningTrackItem,
      LearningItemCompletion,
      LearningTrackCompletion,
    ]),
  ],
  controllers: [LearningTracksController],
  providers: [LearningTracksService],
})
export class ResourcesModule {}
