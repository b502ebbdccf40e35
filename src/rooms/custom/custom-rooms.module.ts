import { Module } from '@nestjs/common';
import { WorkspaceModule } from '../../core/workspace/workspace.module';
import { CustomRoomsController } from './custom-rooms.controller';
import { CustomRoomsService } from './custom-rooms.service';

@Module({
  imports: [WorkspaceModule],
  controllers: [CustomRoomsController],
  providers: [CustomRoomsService],
})
export class CustomRoomsModule {}
