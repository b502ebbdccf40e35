import { Body, Controller, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Auth } from '../../core/auth/auth.decorators';
import type { AuthUser } from '../../core/auth/auth-user';
import { IsName, IsText, Optional } from '../../core/http/validators';
import { UuidPipe } from '../../core/http/uuid.pipe';
import { RoomDto } from '../../core/workspace/rooms.dto';
import { CustomRoomsService } from './custom-rooms.service';

export class CreateGroupRoomDto {
  @ApiProperty() @IsName(100) name!: string;
  @ApiPropertyOptional() @Optional() @IsText(2000) description?: string;
}

@ApiTags('rooms')
@ApiBearerAuth()
@Controller('partner-groups/:id/rooms')
export class CustomRoomsController {
  constructor(private readonly rooms: CustomRoomsService) {}

  @Post()
  @ApiCreatedResponse({
    type: [RoomDto],
    description: 'Admin: one custom room in every company of the group',
  })
  create(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string, @Body() dto: CreateGroupRoomDto) {
    return this.rooms.createForGroup(auth, id, dto);
  }
}
