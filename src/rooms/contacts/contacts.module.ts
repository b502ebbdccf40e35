import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RealtimeModule } from '../../core/realtime/realtime.module';
import { ContactAssignment, ContactProfile } from './contact-assignment.entity';
import { ContactsController, ProfileController } from './contacts.controller';
import { ContactsService } from './contacts.service';

@Module({
  imports: [TypeOrmModule.forFeature([ContactAssignment, ContactProfile]), RealtimeModule],
  controllers: [ContactsController, ProfileController],
  providers: [ContactsService],
})
export class ContactsModule {}
