import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Auth } from '../../core/auth/auth.decorators';
import type { AuthUser } from '../../core/auth/auth-user';
import { UuidPipe } from '../../core/http/uuid.pipe';
import { CreateTrackDto, TrackDto, TrackQueryDto, UpdateTrackDto } from './learning-tracks.dto';
import { LearningTracksService } from './learning-tracks.service';

@ApiTags('resources')
@ApiBearerAuth()
@Controller('learning-tracks')
export class LearningTracksController {
  constructor(private readonly tracks: LearningTracksService) {}

  @Get()
  @ApiOkResponse({ description: 'Tracks of a company’s resources room; partners see published ones' })
  list(@Auth() auth: AuthUser, @Query() query: TrackQueryDto) {
    return this.tracks.list(auth, query);
  }

  @Post()
  @ApiCreatedResponse({ type: TrackDto })
  create(@Auth() auth: AuthUser, @Body() dto: CreateTrackDto) {
    return this.tracks.create(auth, dto);
  }

  @Get(':id')
  @ApiOkResponse({ type: TrackDto })
  get(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string) {
    return this.tracks.get(auth, id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: TrackDto })
  update(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string, @Body() dto: UpdateTrackDto) {
    return this.tracks.update(auth, id, dto);
  }

  @Post(':id/items/:itemId/complete')
  @HttpCode(200)
  @ApiOkResponse({
    type: TrackDto,
    description: 'The caller’s completion; the last item completes the track',
  })
  complete(
    @Auth() auth: AuthUser,
    @Param('id', UuidPipe) id: string,
    @Param('itemId', UuidPipe) itemId: string,
  ) {
    return this.tracks.complete(auth, id, itemId);
  }
}
