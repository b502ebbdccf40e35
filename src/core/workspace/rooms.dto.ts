import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Equals, IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import { ROOM_KINDS, type RoomKind } from '../access/roles';
import { IsName, IsText, Optional } from '../http/validators';
import { Room } from './room.entity';

export class RoomDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) companyId!: string;
  @ApiProperty({ enum: ROOM_KINDS }) kind!: RoomKind;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty() enabled!: boolean;
  @ApiProperty() position!: number;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Root folder of file rooms' })
  rootFolderId!: string | null;
}

export function mapRoom(room: Room): RoomDto {
  return {
    id: room.id,
    companyId: room.companyId,
    kind: room.kind,
    name: room.name,
    description: room.description,
    enabled: room.enabled,
    position: room.position,
    rootFolderId: null,
  };
}

export class CreateRoomDto {
  @ApiProperty({ enum: ['custom'] })
  @Equals('custom', { message: 'only custom rooms can be added' })
  kind!: 'custom';
  @ApiProperty() @IsName(100) name!: string;
  @ApiPropertyOptional() @IsOptional() @IsText(2000) description?: string;
}

export class UpdateRoomDto {
  @ApiPropertyOptional() @Optional() @IsBoolean() enabled?: boolean;
  @ApiPropertyOptional() @Optional() @IsName(100) name?: string;
  @ApiPropertyOptional() @Optional() @IsText(2000) description?: string;
  @ApiPropertyOptional() @Optional() @IsInt() @Min(0) @Max(1000) position?: number;
}
