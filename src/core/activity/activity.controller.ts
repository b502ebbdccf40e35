import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Auth } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { ActivityPageDto, ActivityQueryDto } from './activity.dto';
import { ActivityService } from './activity.service';

@ApiTags('activity')
@ApiBearerAuth()
@Controller('activity')
export class ActivityController {
  constructor(private readonly activity: ActivityService) {}

  @Get()
  @ApiOkResponse({ type: ActivityPageDto })
  list(@Auth() auth: AuthUser, @Query() query: ActivityQueryDto) {
    return this.activity.list(auth, query);
  }
}
